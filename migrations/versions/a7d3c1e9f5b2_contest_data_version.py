"""contest data version: drawn anew at every change of a contest's read-mostly data

Revision ID: a7d3c1e9f5b2
Revises: c5e1f7a3b9d2
Create Date: 2026-12-05 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3c1e9f5b2'
down_revision = 'c5e1f7a3b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_version', sa.BigInteger(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.drop_column('data_version')
