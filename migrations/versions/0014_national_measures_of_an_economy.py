"""a national measure's economy (country): each economy's strategy serves its own jurisdictions

Existing measures keep no country: they serve every economy, as they did.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_column('country')
