"""How an entry's score is made of its judges' totals: review_settings.score_method

Revision ID: e2a7c9d4f1b6
Revises: d8e3a1f5b7c2
Create Date: 2026-12-07 15:55:00

Every contest stored before keeps the mean of its judges' totals, as it was computed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2a7c9d4f1b6'
down_revision = 'd8e3a1f5b7c2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_settings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'score_method',
                sa.Enum('MEAN', 'TRIMMED', 'MEDIAN', name='scoremethod', native_enum=False, length=10),
                server_default='MEAN',
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table('review_settings', schema=None) as batch_op:
        batch_op.drop_column('score_method')
