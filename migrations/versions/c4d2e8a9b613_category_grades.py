"""Categories may take only some grades: categories.grades_from, categories.grades_to

Revision ID: c4d2e8a9b613
Revises: 87a69afc55a3
Create Date: 2026-12-07 15:40:00

Both empty for every category stored before: such a category takes everyone its contest takes, as it did.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d2e8a9b613'
down_revision = '87a69afc55a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grades_from', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('grades_to', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('grades_to')
        batch_op.drop_column('grades_from')
