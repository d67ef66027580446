"""a programming contest's publication date, whether its scoreboard is public before publication, and whether
its problems stay readable after the window closes

Revision ID: 5d8e3b7c1a42
Revises: 7c3a9e51d2f0
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d8e3b7c1a42'
down_revision = '7c3a9e51d2f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programming_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_published_at', sa.DateTime(), nullable=True))
        # existing contests keep what they did: a public scoreboard, problems readable after the end
        batch_op.add_column(sa.Column('scoreboard_public', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('problems_after_end', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('programming_settings', schema=None) as batch_op:
        batch_op.drop_column('problems_after_end')
        batch_op.drop_column('scoreboard_public')
        batch_op.drop_column('results_published_at')
