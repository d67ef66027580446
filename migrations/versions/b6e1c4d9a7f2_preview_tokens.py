"""preview tokens: opaque, bound to the viewer's session, short-lived

Revision ID: b6e1c4d9a7f2
Revises: b8e4c1d7a205
Create Date: 2026-12-20 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6e1c4d9a7f2'
down_revision = 'b8e4c1d7a205'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('preview_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['entry_files.id'], name=op.f('fk_preview_tokens_file_id_entry_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['users.id'], name=op.f('fk_preview_tokens_viewer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preview_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_preview_tokens_token_hash'))
    )
    with op.batch_alter_table('preview_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preview_tokens_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_preview_tokens_file_id'), ['file_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_preview_tokens_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_preview_tokens_viewer_id'), ['viewer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('preview_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_preview_tokens_viewer_id'))
        batch_op.drop_index(batch_op.f('ix_preview_tokens_session_id'))
        batch_op.drop_index(batch_op.f('ix_preview_tokens_file_id'))
        batch_op.drop_index(batch_op.f('ix_preview_tokens_expires_at'))

    op.drop_table('preview_tokens')
