"""exchange rates: annual averages per euro, in integer millionths

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('per_eur_micro', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint('per_eur_micro > 0', name=op.f('ck_exchange_rates_rate_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('currency', 'year', name=op.f('uq_exchange_rates_currency_year'))
    )


def downgrade():
    op.drop_table('exchange_rates')
