"""a judge of the panel may judge one category of the contest only (a Creativity contest's field, a board)

Revision ID: e8a1c4f7b2d9
Revises: c4d9e2b7a1f6
Create Date: 2026-12-06 21:20:00

Judges already on a panel judge any category, as they did.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a1c4f7b2d9'
down_revision = 'c4d9e2b7a1f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('panel_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_panel_members_category_id_categories'), 'categories', ['category_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('panel_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_panel_members_category_id_categories'), type_='foreignkey')
        batch_op.drop_column('category_id')
