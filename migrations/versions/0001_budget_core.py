"""budget data core: jurisdictions, code lists, measures, documents, lines, tags

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 02:05:32.068647

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # reviewed: partial unique indexes carry the document identity (NULL as_of)
    op.create_table('classification_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('scheme', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('label_en', sa.String(length=300), nullable=True),
    sa.Column('valid_from', sa.Integer(), nullable=False),
    sa.Column('valid_to', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classification_codes')),
    sa.UniqueConstraint('country', 'scheme', 'code', 'valid_from', name=op.f('uq_classification_codes_country_scheme_code_valid_from'))
    )
    op.create_table('jurisdictions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('roma_population', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('population >= 0', name=op.f('ck_jurisdictions_population_non_negative')),
    sa.CheckConstraint('roma_population >= 0 AND (population IS NULL OR roma_population <= population)', name=op.f('ck_jurisdictions_roma_population_range')),
    sa.ForeignKeyConstraint(['parent_id'], ['jurisdictions.id'], name=op.f('fk_jurisdictions_parent_id_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jurisdictions')),
    sa.UniqueConstraint('code', name=op.f('uq_jurisdictions_code'))
    )
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurisdictions_country'), ['country'], unique=False)

    op.create_table('budget_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('source_file', sa.String(length=500), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.CheckConstraint("(stage = 'executed') = (as_of IS NOT NULL)", name=op.f('ck_budget_documents_as_of_matches_stage')),
    sa.CheckConstraint("(stage = 'revised' AND revision >= 1) OR (stage <> 'revised' AND revision = 0)", name=op.f('ck_budget_documents_revision_matches_stage')),
    sa.CheckConstraint("stage IN ('adopted', 'revised', 'executed')", name=op.f('ck_budget_documents_stage_known')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_budget_documents_jurisdiction_id_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_documents'))
    )
    with op.batch_alter_table('budget_documents', schema=None) as batch_op:
        batch_op.create_index('uq_budget_documents_identity', ['jurisdiction_id', 'fiscal_year', 'stage', 'revision'], unique=True, sqlite_where=sa.text('as_of IS NULL'), postgresql_where=sa.text('as_of IS NULL'))
        batch_op.create_index('uq_budget_documents_identity_as_of', ['jurisdiction_id', 'fiscal_year', 'stage', 'as_of'], unique=True, sqlite_where=sa.text('as_of IS NOT NULL'), postgresql_where=sa.text('as_of IS NOT NULL'))

    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('area', sa.String(length=30), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_measures_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['parent_id'], ['measures.id'], name=op.f('fk_measures_parent_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures')),
    sa.UniqueConstraint('code', name=op.f('uq_measures_code'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measures_jurisdiction_id'), ['jurisdiction_id'], unique=False)

    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('program', sa.String(length=40), nullable=False),
    sa.Column('activity', sa.String(length=40), nullable=False),
    sa.Column('function', sa.String(length=40), nullable=False),
    sa.Column('economic', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_minor >= 0', name=op.f('ck_budget_lines_amount_non_negative')),
    sa.ForeignKeyConstraint(['document_id'], ['budget_documents.id'], name=op.f('fk_budget_lines_document_id_budget_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index('uq_budget_lines_key', ['document_id', 'program', 'activity', 'function', 'economic', 'source'], unique=True)

    op.create_table('tags',
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
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint("relevance IN ('targeted', 'mainstream')", name=op.f('ck_tags_relevance_known')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'returned')", name=op.f('ck_tags_status_known')),
    sa.CheckConstraint('share_units > 0 AND share_units <= 10000', name=op.f('ck_tags_share_range')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_tags_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_tags_measure_id_measures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags'))
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index('ix_tags_line_key', ['jurisdiction_id', 'fiscal_year', 'program', 'activity', 'function', 'economic', 'source'], unique=False)
        batch_op.create_index(batch_op.f('ix_tags_status'), ['status'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # reviewed: partial unique indexes carry the document identity (NULL as_of)
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tags_status'))
        batch_op.drop_index('ix_tags_line_key')

    op.drop_table('tags')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index('uq_budget_lines_key')

    op.drop_table('budget_lines')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measures_jurisdiction_id'))

    op.drop_table('measures')
    with op.batch_alter_table('budget_documents', schema=None) as batch_op:
        batch_op.drop_index('uq_budget_documents_identity_as_of', sqlite_where=sa.text('as_of IS NOT NULL'), postgresql_where=sa.text('as_of IS NOT NULL'))
        batch_op.drop_index('uq_budget_documents_identity', sqlite_where=sa.text('as_of IS NULL'), postgresql_where=sa.text('as_of IS NULL'))

    op.drop_table('budget_documents')
    with op.batch_alter_table('jurisdictions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurisdictions_country'))

    op.drop_table('jurisdictions')
    op.drop_table('classification_codes')
    # ### end Alembic commands ###
