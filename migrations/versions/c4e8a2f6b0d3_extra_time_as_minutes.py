"""extra time as minutes after the closing: registrations.extra_minutes replaces extended_until

An extension stored as a moment did not move when the organisers moved the contest's closing. Each existing one
becomes the whole minutes it gave after the contest's closing as it stands (rounded up, so nobody loses a second);
one at or before the closing gave nothing and becomes none.

Revision ID: c4e8a2f6b0d3
Revises: e8a4c2f6b9d1
Create Date: 2026-12-07 04:12:00

"""

import math
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "c4e8a2f6b0d3"
down_revision = "e8a4c2f6b9d1"
branch_labels = None
depends_on = None

_registrations = sa.table(
    "registrations",
    sa.column("id", sa.Integer),
    sa.column("contest_id", sa.Integer),
    sa.column("extended_until", sa.DateTime),
    sa.column("extra_minutes", sa.Integer),
)
_contests = sa.table("contests", sa.column("id", sa.Integer), sa.column("submission_closes", sa.DateTime))


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.add_column(sa.Column("extra_minutes", sa.Integer(), nullable=True))
    bind = op.get_bind()
    extended = bind.execute(
        sa.select(_registrations.c.id, _registrations.c.extended_until, _contests.c.submission_closes)
        .join(_contests, _contests.c.id == _registrations.c.contest_id)
        .where(_registrations.c.extended_until.is_not(None))
    ).all()
    for registration_id, until, closes in extended:
        minutes = math.ceil((until - closes).total_seconds() / 60) if closes is not None else 0
        if minutes > 0:
            bind.execute(
                sa.update(_registrations).where(_registrations.c.id == registration_id).values(extra_minutes=minutes)
            )
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.drop_column("extended_until")


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.add_column(sa.Column("extended_until", sa.DateTime(), nullable=True))
    bind = op.get_bind()
    extended = bind.execute(
        sa.select(_registrations.c.id, _registrations.c.extra_minutes, _contests.c.submission_closes)
        .join(_contests, _contests.c.id == _registrations.c.contest_id)
        .where(_registrations.c.extra_minutes > 0)
    ).all()
    for registration_id, minutes, closes in extended:
        if closes is not None:
            until = closes + timedelta(minutes=minutes)
            bind.execute(
                sa.update(_registrations).where(_registrations.c.id == registration_id).values(extended_until=until)
            )
    with op.batch_alter_table("registrations") as batch_op:
        batch_op.drop_column("extra_minutes")
