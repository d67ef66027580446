"""Submissions imported from Themis contest folders: where a submission came from (origin) and its file's time.

Revision ID: b7c4e2a9d1f3
Revises: a4c7e2f9b1d3
Create Date: 2027-01-20 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c4e2a9d1f3'
down_revision = 'a4c7e2f9b1d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('file_time', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('file_time')
        batch_op.drop_column('origin')
