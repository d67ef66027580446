"""units can be deactivated (closed, or merged into another unit)

Revision ID: b4e2c7a9d315
Revises: a4d2c8e61f93
Create Date: 2026-12-12 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4e2c7a9d315'
down_revision = 'a4d2c8e61f93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        # every existing unit stays active
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('active')
