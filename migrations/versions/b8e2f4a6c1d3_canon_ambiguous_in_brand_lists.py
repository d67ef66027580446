"""the brand list: 'Canon' counts only after a cue, as the shipped list now says ('hát canon' is a song)

Revision ID: b8e2f4a6c1d3
Revises: a7d3c1e9f5b2
Create Date: 2026-12-05 18:20:00

A list made before the shipped file marked Canon ambiguous holds it as a plain name, so a proposal with a canon
(a round song) was flagged as advertising cameras. The row is changed only where it is still as first shipped (no
aliases, nothing ambiguous): a list the Sở has edited for Canon is the Sở's and is left alone.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8e2f4a6c1d3'
down_revision = 'a7d3c1e9f5b2'
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
    rows = connection.execute(sa.select(brands.c.id, brands.c.aliases, brands.c.ambiguous).where(brands.c.name == 'Canon'))
    for row_id, aliases, ambiguous in rows.all():
        if not (aliases or []) and (ambiguous or []) == before:
            connection.execute(sa.update(brands).where(brands.c.id == row_id).values(ambiguous=after))


def upgrade():
    _set_ambiguous([], ['Canon'])


def downgrade():
    _set_ambiguous(['Canon'], [])
