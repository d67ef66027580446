"""awards dated by the publication that gave them their present level

Revision ID: f3b9d1c7a5e2
Revises: e8a1c4f7b2d9
Create Date: 2026-12-06 21:40:00

Certificates are now dated by their award's ``created_at`` (the day the award was issued at its level), no longer by
the latest publication: a judged entry's (``awards``) since b64c1d2, a programming contest's (``programming_awards``)
since 7fead5b. An award whose level changed when the results were published again kept the moment its row was first
created: it is dated here by the publication that gave it its present level, read from the audit log, where every
publication records the awards it gave (``results.publish`` and ``results.republish``: {entry: level};
``programming.publish``: {registration: level}). An award that never changed keeps its date; one the log says
nothing about is left as it is. Nothing to undo.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b9d1c7a5e2'
down_revision = 'e8a1c4f7b2d9'
branch_labels = None
depends_on = None

audit_log = sa.table(
    'audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime), sa.column('action', sa.String),
    sa.column('object_id', sa.Integer), sa.column('data', sa.JSON),
)


def _table(name, key):
    return sa.table(
        name, sa.column('id', sa.Integer), sa.column('contest_id', sa.Integer), sa.column(key, sa.Integer),
        sa.column('level', sa.String), sa.column('created_at', sa.DateTime),
    )


def _date(conn, table, key, actions):
    """Date each award of ``table`` (one per ``key``) by the publication (one of ``actions``) that gave its level."""
    since = {}  # (contest id, key as text) -> (level as the log writes it, when it was first given)
    publications = conn.execute(
        sa.select(audit_log.c.at, audit_log.c.object_id, audit_log.c.data)
        .where(audit_log.c.action.in_(actions))
        .order_by(audit_log.c.id)
    )
    for at, contest_id, data in publications:
        given = data.get('awards') if isinstance(data, dict) else None
        if not isinstance(given, dict):
            continue
        for known_key in [k for k in since if k[0] == contest_id and k[1] not in given]:
            del since[known_key]  # no award at this publication: one given later is a new one
        for one, level in given.items():
            known = since.get((contest_id, one))
            if known is None or known[0] != level:
                since[(contest_id, one)] = (level, at)
    rows = conn.execute(
        sa.select(table.c.id, table.c.contest_id, table.c[key], table.c.level, table.c.created_at)
    ).all()
    for award_id, contest_id, one, level, created_at in rows:
        known = since.get((contest_id, str(one)))
        # the row stores the level's name (FIRST), the log its value (first)
        if known is not None and known[0] == str(level).lower() and known[1] > created_at:
            conn.execute(table.update().where(table.c.id == award_id).values(created_at=known[1]))


def upgrade():
    conn = op.get_bind()
    _date(conn, _table('awards', 'entry_id'), 'entry_id', ['results.publish', 'results.republish'])
    _date(conn, _table('programming_awards', 'registration_id'), 'registration_id', ['programming.publish'])


def downgrade():
    pass  # the dates stay: the earlier certificates were dated by the latest publication, which is not kept
