"""the data version, incremented by every committed change (cached public pages follow it)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 21:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )


def downgrade():
    # reviewed
    op.drop_table('data_version')
