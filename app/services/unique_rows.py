"""Writes that a unique constraint guards, safe when two requests make them at the same moment.

Looking for a row and inserting it when none is found is not enough: two requests can both find nothing, and the
second insert then breaks the constraint. The database decides instead: ``insert_or_nothing`` inserts unless the
row is there (``INSERT ... ON CONFLICT DO NOTHING``, which waits for a concurrent insert of the same key to commit
or roll back); ``added_unless_taken`` and ``flush_or_refuse`` let the constraint refuse and turn the refusal into
an answer, the existing row or a clear message, never a server error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import scoped_session

from ..extensions import DbSession
from .errors import InvalidInput

# The answer when a constraint refuses a write that no service expected to race (a 409, or the form's message).
SIMULTANEOUS = _l("Someone else changed the same thing at the same moment. Reload the page and try again.")

# INSERT ... ON CONFLICT DO NOTHING, in each database's own words.
_INSERT: dict[str, Callable[[type], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def insert_or_nothing(
    session: DbSession, model: type, rows: Mapping[str, Any] | Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """Insert ``rows`` of ``model``, leaving out any whose ``keys`` (the columns of a unique constraint) are taken,
    by a committed row or by a concurrent transaction's (which is waited for)."""
    insert = _INSERT[session.get_bind().dialect.name]
    statement = insert(model).on_conflict_do_nothing(index_elements=list(keys))
    if isinstance(rows, Mapping):
        session.execute(statement.values(**rows))
    elif rows:
        session.execute(statement, list(rows))


def added_unless_taken(session: DbSession, row: object) -> bool:
    """Add and flush ``row`` in a savepoint: True when it is written, False when a unique constraint refuses it
    (someone wrote the same key first); then the row is not added and the rest of the transaction stands."""
    session.flush()
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def flush_or_refuse(session: DbSession, message: Any, field: str | None = None) -> None:
    """Flush; when a unique constraint refuses (a concurrent request wrote the same first), roll the transaction
    back (inside a savepoint: leave that to the savepoint's owner) and raise ``InvalidInput(message, field)``, so
    nothing of the request stays."""
    try:
        session.flush()
    except IntegrityError:
        # db.session is a scoped_session, which does not pass in_nested_transaction on: ask its session.
        plain = session() if isinstance(session, scoped_session) else session
        if not plain.in_nested_transaction():
            session.rollback()
        raise InvalidInput(message, field) from None
