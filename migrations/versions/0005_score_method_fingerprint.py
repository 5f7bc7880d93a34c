"""scores record the method file they were computed with; an index for the ranking

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 21:10:00

Stored scores are now read, not recomputed, by pages and the API. Rows stored before this
revision have no method fingerprint: they are computed in memory when read until
`flask scores compute` (or any change of their data) stores them again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    with op.batch_alter_table('score_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method_fingerprint', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_score_results_ranking', ['fiscal_year', 'methodology', 'index_tenths'], unique=False)


def downgrade():
    # reviewed
    with op.batch_alter_table('score_results', schema=None) as batch_op:
        batch_op.drop_index('ix_score_results_ranking')
        batch_op.drop_column('method_fingerprint')
