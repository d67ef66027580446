"""Section-8 flags stored by place and codes: a proposal's flags keep where they were raised (``place``), the
text there (``excerpt``) and the matched words' span (``match``); their parameters hold codes (roles as a list,
no English field words), so that pages render them from the registry instead of reading English back.

Flags stored before are rewritten once, here: this is the only place that reads screening's old English.

Revision ID: 8f3b6d2e4a17
Revises: b8e4c1d7a2f5
Create Date: 2027-01-05 10:00:00

"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8f3b6d2e4a17'
down_revision = 'b8e4c1d7a2f5'
branch_labels = None
depends_on = None

_proposals = sa.table('proposals', sa.column('id', sa.Integer), sa.column('flags', sa.JSON))
_ROLES = {'proposer', 'organiser', 'sponsor'}
_FIELDS = ('title', 'summary', 'rules', 'participant_requirements')
_NUMBERED = (
    ('prizes', re.compile(r'^prizes\[(\d+)\]\.description$')),
    ('sponsors', re.compile(r'^sponsors\[(\d+)\]\.details$')),
    ('fees', re.compile(r'^fees\[(\d+)\]$')),
    ('personal_data', re.compile(r'^personal_data\[(\d+)\]$')),
)
_CONTRIBUTION = re.compile(r'^the contribution of (.+)$')
# How the old code named a field in a reason, and how it named it in the evidence.
_IN_SENTENCE = {'title': 'the title', 'summary': 'the summary', 'rules': 'the rules',
                'participant_requirements': 'the participant requirements'}


def _place(where, params):
    if where in _FIELDS:
        return {'field': where}
    for field, pattern in _NUMBERED:
        if m := pattern.match(where):
            place = {'field': field, 'n': int(m.group(1)) + 1}
            if field == 'sponsors' and (named := _CONTRIBUTION.match(str(params.get('field', '')))):
                place['name'] = named.group(1)
            return place
    roles = where.split(', ')
    return {'roles': roles} if where and set(roles) <= _ROLES else {}


def _new(flag):
    if 'place' in flag:
        return flag
    where, sep, text = str(flag.get('evidence', '')).partition(': ')
    if not sep:
        where, text = '', where
    params = dict(flag.get('params') or {})
    needle = str(params.get('text') or params.get('name') or '')
    at = text.find(needle) if needle else -1
    new = {**flag, 'place': _place(where, params), 'excerpt': text, 'match': [at, at + len(needle)] if at >= 0 else None}
    if 'params' in flag:
        params.pop('field', None)
        if isinstance(params.get('roles'), str):
            params['roles'] = params['roles'].split(' and ')
        new['params'] = params
    return new


def _old(flag):
    new = {k: v for k, v in flag.items() if k not in ('place', 'excerpt', 'match')}
    place = flag.get('place') or {}
    if 'params' in flag:
        params = dict(flag['params'])
        if isinstance(params.get('roles'), list):
            params['roles'] = ' and '.join(params['roles'])
        field = place.get('field', '')
        if field in _IN_SENTENCE:
            params['field'] = _IN_SENTENCE[field]
        elif field == 'prizes':
            params['field'] = f"prize {place.get('n')}"
        elif field == 'sponsors':
            params['field'] = f"the contribution of {place.get('name', '')}"
        new['params'] = params
    return new


def _rewrite(change):
    connection = op.get_bind()
    for row in connection.execute(sa.select(_proposals.c.id, _proposals.c.flags)).all():
        if row.flags:
            flags = [change(f) for f in row.flags]
            connection.execute(_proposals.update().where(_proposals.c.id == row.id).values(flags=flags))


def upgrade():
    _rewrite(_new)


def downgrade():
    _rewrite(_old)
