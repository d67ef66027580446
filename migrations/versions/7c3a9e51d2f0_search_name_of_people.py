"""people's names folded for search (lowercase ASCII, no diacritics)

Revision ID: 7c3a9e51d2f0
Revises: 4b7d2e9a61c8
Create Date: 2026-12-03 09:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3a9e51d2f0'
down_revision = '4b7d2e9a61c8'
branch_labels = None
depends_on = None


def _fold(text):
    # A copy of app.vnsort.fold as it is today: a migration must not change when the app's code does.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.String(length=120), server_default='', nullable=False))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('full_name', sa.String),
                     sa.column('search_name', sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(users.c.id, users.c.full_name)).all()
    for user_id, full_name in rows:
        conn.execute(users.update().where(users.c.id == user_id).values(search_name=_fold(full_name or "")))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('search_name', server_default=None)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('search_name')
