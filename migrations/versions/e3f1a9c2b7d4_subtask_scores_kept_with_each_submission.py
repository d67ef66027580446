"""subtask scores kept with each submission

Revision ID: e3f1a9c2b7d4
Revises: c9a4e6db3f32
Create Date: 2026-11-28 20:10:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e3f1a9c2b7d4'
down_revision = 'c9a4e6db3f32'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        # JSONB on PostgreSQL: the best-per-subtask scoreboard unpacks it for every submission (jsonb_each)
        json = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
        batch_op.add_column(sa.Column('subtask_scores', json, nullable=True))


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('subtask_scores')
