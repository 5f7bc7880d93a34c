"""strategy indicators and their values

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 20:02:45.170602

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=False),
    sa.Column('baseline_value', sa.String(length=40), nullable=False),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.Column('target_value', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("unit IN ('percent', 'number', 'ratio')", name=op.f('ck_indicators_unit_known')),
    sa.CheckConstraint('target_year > baseline_year', name=op.f('ck_indicators_target_after_baseline')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_indicators_measure_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('code', name=op.f('uq_indicators_code'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_measure_id'), ['measure_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=6), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("sex IN ('', 'female', 'male')", name=op.f('ck_indicator_values_sex_known')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index('uq_indicator_values', ['indicator_id', 'year', 'sex'], unique=True)



def downgrade():
    # reviewed
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index('uq_indicator_values')

    op.drop_table('indicator_values')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_measure_id'))

    op.drop_table('indicators')
