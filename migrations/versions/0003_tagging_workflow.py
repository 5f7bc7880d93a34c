"""tagging workflow, suggestions, plans, questionnaire, search text

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:28:45.733730

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed: search_text gets a default for existing lines, then is filled below
    op.create_table('questionnaire_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'returned')", name=op.f('ck_questionnaire_answers_status_known')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_questionnaire_answers_jurisdiction_id_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_answers')),
    sa.UniqueConstraint('jurisdiction_id', 'fiscal_year', 'item', name=op.f('uq_questionnaire_answers_jurisdiction_id_fiscal_year_item'))
    )
    op.create_table('plan_costs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('planned_cost_minor', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'returned')", name=op.f('ck_plan_costs_status_known')),
    sa.CheckConstraint('planned_cost_minor > 0', name=op.f('ck_plan_costs_cost_positive')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_plan_costs_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_plan_costs_measure_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_costs')),
    sa.UniqueConstraint('jurisdiction_id', 'fiscal_year', 'measure_id', name=op.f('uq_plan_costs_jurisdiction_id_fiscal_year_measure_id'))
    )
    op.create_table('suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('program', sa.String(length=40), nullable=False),
    sa.Column('activity', sa.String(length=40), nullable=False),
    sa.Column('function', sa.String(length=40), nullable=False),
    sa.Column('economic', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('relevance', sa.String(length=10), nullable=False),
    sa.Column('share_units', sa.Integer(), nullable=False),
    sa.Column('beneficiaries_total', sa.Integer(), nullable=True),
    sa.Column('beneficiaries_roma', sa.Integer(), nullable=True),
    sa.Column('beneficiaries_roma_women', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("origin IN ('carry_over', 'keyword')", name=op.f('ck_suggestions_origin_known')),
    sa.CheckConstraint("state IN ('open', 'accepted', 'rejected')", name=op.f('ck_suggestions_state_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_suggestions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_suggestions_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_suggestions_measure_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestions'))
    )
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.create_index('ix_suggestions_year', ['jurisdiction_id', 'fiscal_year', 'state'], unique=False)

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line_key', sa.String(length=220), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entries_line_key'), ['line_key'], unique=False)

    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=1000), nullable=False, server_default=''))

    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_tags_updated_by_id_users'), 'users', ['updated_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_tags_reviewed_by_id_users'), 'users', ['reviewed_by_id'], ['id'], ondelete='SET NULL')

    _fill_search_text()


def _fill_search_text():
    """Existing lines: fold their descriptions for search (see budget.text.fold)."""
    from budget.text import fold

    connection = op.get_bind()
    lines = sa.table("budget_lines", sa.column("id", sa.Integer), sa.column("description", sa.String),
                     sa.column("search_text", sa.String))
    rows = connection.execute(sa.select(lines.c.id, lines.c.description)).all()
    update = lines.update().where(lines.c.id == sa.bindparam("line_id")).values(
        search_text=sa.bindparam("folded"))
    for start in range(0, len(rows), 10_000):
        batch = [{"line_id": id_, "folded": fold(text)} for id_, text in rows[start:start + 10_000]]
        if batch:
            connection.execute(update, batch)


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tags_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_tags_updated_by_id_users'), type_='foreignkey')
        batch_op.drop_column('updated_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('review_comment')

    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_column('search_text')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_line_key'))
        batch_op.drop_column('line_key')

    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestions_year')

    op.drop_table('suggestions')
    op.drop_table('plan_costs')
    op.drop_table('questionnaire_answers')
    # ### end Alembic commands ###
