"""A judged contest's entry may be disqualified: entries.disqualified_reason

Revision ID: d8e3a1f5b7c2
Revises: d7b3f1a9e5c2
Create Date: 2026-12-07 15:45:00

Empty for every entry stored before: none was disqualified.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e3a1f5b7c2'
down_revision = 'd7b3f1a9e5c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disqualified_reason', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_column('disqualified_reason')
