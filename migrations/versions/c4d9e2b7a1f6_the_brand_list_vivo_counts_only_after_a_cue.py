"""the brand list: 'Vivo' counts only after a cue, as the shipped list now says ('thí nghiệm in vivo' is biology)

Revision ID: c4d9e2b7a1f6
Revises: b8e2f4a6c1d3
Create Date: 2026-12-06 07:45:00

As b8e2f4a6c1d3 did for Canon: a list made before the shipped file marked Vivo ambiguous holds it as a plain name,
so a science-fair proposal forbidding experiments "in vivo" was flagged as advertising phones. The row is changed
only where it is still as first shipped (no aliases, nothing ambiguous): a list the Sở has edited for Vivo is the
Sở's and is left alone.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d9e2b7a1f6'
down_revision = 'b8e2f4a6c1d3'
branch_labels = None
depends_on = None

brands = sa.table(
    'brands',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('aliases', sa.JSON),
    sa.column('ambiguous', sa.JSON),
)


def _set_ambiguous(before: list[str], after: list[str]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(brands.c.id, brands.c.aliases, brands.c.ambiguous).where(brands.c.name == 'Vivo'))
    for row_id, aliases, ambiguous in rows.all():
        if not (aliases or []) and (ambiguous or []) == before:
            connection.execute(sa.update(brands).where(brands.c.id == row_id).values(ambiguous=after))


def upgrade():
    _set_ambiguous([], ['Vivo'])


def downgrade():
    _set_ambiguous(['Vivo'], [])
