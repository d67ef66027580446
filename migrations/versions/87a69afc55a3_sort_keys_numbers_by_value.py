"""people's sort keys put numbers in names by their value: users.sort_key recomputed

A number in a name was compared digit by digit ("Nguyễn Văn An 10" before "Nguyễn Văn An 9"); app.vnsort now
orders it by value. Stored keys are recomputed; the downgrade writes them back as they were computed before.

Revision ID: 87a69afc55a3
Revises: b5edb12b1707
Create Date: 2026-12-07 11:30:00

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "87a69afc55a3"
down_revision = "b5edb12b1707"
branch_labels = None
depends_on = None

# A copy of app.vnsort.sort_key as it is today (numbers by value) and as it was (digit by digit): a migration
# must not change when the app's code does.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_WITH_MODIFIER = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_DIGITS = "0123456789"


def _letters(word, numbers):
    out = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if numbers and ch in _DIGITS and out and out[-1][0][-1] in _DIGITS:
            out[-1] = (out[-1][0] + ch, 0)
            continue
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch])
            elif (base, ch) in _WITH_MODIFIER:
                out[-1] = (_WITH_MODIFIER[(base, ch)], tone)
            continue
        out.append((ch, 0))
    return out


def _pair(i):
    return chr(ord("a") + i // 26) + chr(ord("a") + i % 26)


def _index(ch, numbers):
    if ch in _ALPHABET:
        i = _ALPHABET.index(ch) + 10
    elif ch in _DIGITS if numbers else ch.isdigit():
        i = int(ch)
    elif "a" <= ch <= "z":
        i = _ALPHABET.index({"f": "g", "j": "k", "w": "x", "z": "y"}[ch]) + 10
    else:
        i = 60 + (ord(ch) % 600)
    return _pair(i)


def _code(ch, numbers):
    if numbers and ch[0] in _DIGITS:
        digits = ch.lstrip("0") or "0"
        length = _pair(len(digits)) if len(digits) < 9 else _pair(9) + _pair(len(digits))
        return length + "".join(_pair(int(d)) for d in digits)
    return _index(ch, numbers)


def _sort_key(full_name, numbers):
    words = full_name.split()
    ordered = [words[-1], *words[:-1]] if words else [""]
    letters = [_letters(w, numbers) for w in ordered]
    return "0".join(
        "".join(_code(b, numbers) for b, _ in word) + "0" + "".join(str(t) for _, t in word) for word in letters
    )[:400]


def _recompute(numbers):
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("full_name", sa.String), sa.column("sort_key"))
    conn = op.get_bind()
    for user_id, full_name, stored in conn.execute(sa.select(users.c.id, users.c.full_name, users.c.sort_key)).all():
        key = _sort_key(full_name or "", numbers)
        if key != stored:
            conn.execute(users.update().where(users.c.id == user_id).values(sort_key=key))


def upgrade():
    _recompute(numbers=True)


def downgrade():
    _recompute(numbers=False)
