"""uploaded files (kept, linked from documents), notices, tag versions for conflict checks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:56:00.242957

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_notices_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('uploaded_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by', sa.String(length=254), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('budget', 'tags')", name=op.f('ck_uploaded_files_kind_known')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdictions.id'], name=op.f('fk_uploaded_files_jurisdiction_id_jurisdictions')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_uploaded_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploaded_files'))
    )
    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploaded_files_jurisdiction_id'), ['jurisdiction_id'], unique=False)
        batch_op.create_index('ix_uploaded_files_pending', ['confirmed_at', 'uploaded_at'], unique=False)

    with op.batch_alter_table('budget_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_budget_documents_file_id_uploaded_files'), 'uploaded_files', ['file_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade():
    # reviewed
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('budget_documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_documents_file_id_uploaded_files'), type_='foreignkey')
        batch_op.drop_column('file_id')

    with op.batch_alter_table('uploaded_files', schema=None) as batch_op:
        batch_op.drop_index('ix_uploaded_files_pending')
        batch_op.drop_index(batch_op.f('ix_uploaded_files_jurisdiction_id'))

    op.drop_table('uploaded_files')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_user_unread')

    op.drop_table('notices')
