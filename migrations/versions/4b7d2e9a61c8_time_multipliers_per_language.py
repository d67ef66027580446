"""time multipliers per language in a programming contest's settings

Revision ID: 4b7d2e9a61c8
Revises: e3f1a9c2b7d4
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7d2e9a61c8'
down_revision = 'e3f1a9c2b7d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programming_settings', schema=None) as batch_op:
        # existing contests keep 1 for every language
        batch_op.add_column(sa.Column('time_multipliers', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('programming_settings', schema=None) as batch_op:
        batch_op.drop_column('time_multipliers')
