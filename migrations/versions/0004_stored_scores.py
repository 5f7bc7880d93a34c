"""stored scores

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:09:00.197335

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    op.create_table('score_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('methodology', sa.String(length=40), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('inputs_hash', sa.String(length=64), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('index_tenths', sa.Integer(), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_score_results_jurisdiction_id_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_results')),
    sa.UniqueConstraint('jurisdiction_id', 'fiscal_year', 'methodology', name=op.f('uq_score_results_jurisdiction_id_fiscal_year_methodology'))
    )
    # ### end Alembic commands ###


def downgrade():
    # reviewed
    op.drop_table('score_results')
    # ### end Alembic commands ###
