"""measures: an optional English title beside the Serbian one

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=500), nullable=True))


def downgrade():
    # reviewed
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_column('title_en')
