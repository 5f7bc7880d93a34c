"""budget users (unit) in the line key of lines, tags and suggestions

Existing rows get the empty unit, so every existing key (and every figure summed by key) means
exactly what it meant; the indexes over the key are rebuilt with the unit in them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

CODES = ['program', 'activity', 'function', 'economic', 'source']


def _tag_indexes(batch_op, codes):
    batch_op.create_index(
        'ix_tags_line_key', ['jurisdiction_id', 'fiscal_year', *codes], unique=False
    )
    batch_op.create_index(
        'uq_tags_key_measure',
        ['jurisdiction_id', 'fiscal_year', *codes, 'measure_id'],
        unique=True,
        sqlite_where=sa.text('measure_id IS NOT NULL'),
        postgresql_where=sa.text('measure_id IS NOT NULL'),
    )
    batch_op.create_index(
        'uq_tags_key_without_measure',
        ['jurisdiction_id', 'fiscal_year', *codes],
        unique=True,
        sqlite_where=sa.text('measure_id IS NULL'),
        postgresql_where=sa.text('measure_id IS NULL'),
    )


def _drop_tag_indexes(batch_op):
    for name in ('ix_tags_line_key', 'uq_tags_key_measure', 'uq_tags_key_without_measure'):
        batch_op.drop_index(name)


def upgrade():
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('unit', sa.String(length=40), server_default='', nullable=False)
        )
        batch_op.drop_index('uq_budget_lines_key')
        batch_op.create_index(
            'uq_budget_lines_key', ['document_id', *CODES, 'unit'], unique=True
        )
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('unit', sa.String(length=40), server_default='', nullable=False)
        )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('unit', sa.String(length=40), server_default='', nullable=False)
        )
        _drop_tag_indexes(batch_op)
        _tag_indexes(batch_op, [*CODES, 'unit'])


def downgrade():
    # Lines or tags that differ only by their budget user would collide without it.
    with op.batch_alter_table('tags', schema=None) as batch_op:
        _drop_tag_indexes(batch_op)
        _tag_indexes(batch_op, CODES)
        batch_op.drop_column('unit')
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.drop_column('unit')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index('uq_budget_lines_key')
        batch_op.create_index('uq_budget_lines_key', ['document_id', *CODES], unique=True)
        batch_op.drop_column('unit')
