"""judge copies of entry files (blind review: no author in the files judges receive)

Revision ID: b7c3e9a41f05
Revises: d2a7f4c8e913
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c3e9a41f05'
down_revision = 'd2a7f4c8e913'
branch_labels = None
depends_on = None


def upgrade():
    # Files uploaded before keep NULL: their judge copy is made when a judge first opens them.
    with op.batch_alter_table('entry_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('judge_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('judge_size', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('judge_notes', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('entry_files', schema=None) as batch_op:
        batch_op.drop_column('judge_notes')
        batch_op.drop_column('judge_size')
        batch_op.drop_column('judge_sha256')
