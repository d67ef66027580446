"""programming awards dated by the publication that gave them their present level

Revision ID: f3b9d1c7a5e2
Revises: e8a1c4f7b2d9
Create Date: 2026-12-06 21:40:00

A programming contest's certificate is now dated by its award's ``created_at`` (the day the award was issued at its
level), no longer by the latest publication. An award whose level changed when the results were published again
kept the moment its row was first created: it is dated here by the publication that gave it its present level,
read from the audit log, where every ``programming.publish`` records the awards it gave ({registration: level}).
An award that never changed keeps its date; one the log says nothing about is left as it is. Nothing to undo.
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
awards = sa.table(
    'programming_awards', sa.column('id', sa.Integer), sa.column('contest_id', sa.Integer),
    sa.column('registration_id', sa.Integer), sa.column('level', sa.String), sa.column('created_at', sa.DateTime),
)


def upgrade():
    conn = op.get_bind()
    since = {}  # (contest id, registration id as text) -> (level as the log writes it, when it was first given)
    publications = conn.execute(
        sa.select(audit_log.c.at, audit_log.c.object_id, audit_log.c.data)
        .where(audit_log.c.action == 'programming.publish')
        .order_by(audit_log.c.id)
    )
    for at, contest_id, data in publications:
        given = data.get('awards') if isinstance(data, dict) else None
        if not isinstance(given, dict):
            continue
        for key in [k for k in since if k[0] == contest_id and k[1] not in given]:
            del since[key]  # no award at this publication: one given later is a new one
        for registration, level in given.items():
            known = since.get((contest_id, registration))
            if known is None or known[0] != level:
                since[(contest_id, registration)] = (level, at)
    rows = conn.execute(
        sa.select(awards.c.id, awards.c.contest_id, awards.c.registration_id, awards.c.level, awards.c.created_at)
    ).all()
    for award_id, contest_id, registration_id, level, created_at in rows:
        known = since.get((contest_id, str(registration_id)))
        # the row stores the level's name (FIRST), the log its value (first)
        if known is not None and known[0] == str(level).lower() and known[1] > created_at:
            conn.execute(awards.update().where(awards.c.id == award_id).values(created_at=known[1]))


def downgrade():
    pass  # the dates stay: the earlier certificates were dated by the latest publication, which is not kept
