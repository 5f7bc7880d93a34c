"""indicators entered on the web: an English name; notices about indicators

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=500), nullable=True))
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('topic', sa.String(length=20), server_default='work', nullable=False)
        )
        batch_op.alter_column('fiscal_year', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM notices WHERE fiscal_year IS NULL")
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.alter_column('fiscal_year', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('topic')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_column('name_en')
