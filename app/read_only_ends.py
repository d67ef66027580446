"""On PostgreSQL, a request that wrote nothing ends its transaction with COMMIT, not with the ROLLBACK that closing
the session would send.

psycopg prepares a statement on the server once it has run a few times on a connection, and PostgreSQL then plans
it no more (a problem page's query of the contest's problems, settings and registration: 0.52 ms of the server's
CPU each time it is planned, 0.08 ms prepared). But psycopg forgets every prepared statement at each ROLLBACK (a
rolled-back transaction may have dropped what they name), and every request that only read ended in one: nothing
stayed prepared, and a contest's start paid the planning of every query of every page.

A transaction to which PostgreSQL gave no transaction id (``txid_current_if_assigned()`` is NULL) has written no
row, locked none and made nothing: committing it is the same as rolling it back. Any other transaction, a request
that failed, and a session holding changes not yet flushed are left to the rollback, as before.

Asking the server costs a round trip (a fifth of a millisecond of the worker's CPU, and some of the server's), and
most requests need not ask: a transaction that ran nothing but plain SELECTs built by SQLAlchemy (the ORM's
queries and loads, ``select()``) cannot have been given an id. Each connection notes, from its transaction's
start, whether it ran anything else (an INSERT, UPDATE or DELETE, a SELECT ... FOR UPDATE or FOR SHARE, text or
driver SQL, which may lock, write or call anything); only such a transaction is asked. A SELECT built by
SQLAlchemy must therefore never call a function that writes.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import Connection, Engine, Select, event, text
from sqlalchemy.engine import ExecutionContext
from sqlalchemy.exc import DBAPIError

from .extensions import db

log = logging.getLogger(__name__)

WROTE = text("SELECT txid_current_if_assigned()")
"""The one statement a request that may have written ends with: NULL when its transaction wrote nothing."""
_MAY_HAVE_WRITTEN = "hoithi.may_have_written"
"""Set in a connection's ``info`` when its transaction ran a statement other than a plain SELECT."""


def init_app(app: Flask) -> None:
    """Commit read-only requests' transactions on a PostgreSQL site (after ``db.init_app``: Flask runs teardowns in
    the reverse order of registration, so this one runs before Flask-SQLAlchemy's ends the session)."""
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        app.teardown_appcontext(_commit_if_read_only)
        with app.app_context():
            for engine in db.engines.values():
                watch(engine)


def watch(engine: Engine) -> None:
    """Note on each of ``engine``'s connections whether its transaction ran anything but plain SELECTs."""
    event.listen(engine, "begin", _transaction_begins)
    event.listen(engine, "before_cursor_execute", _statement_runs)


def _transaction_begins(connection: Connection) -> None:
    connection.info.pop(_MAY_HAVE_WRITTEN, None)  # info lasts as long as the connection: reset for each transaction


def _statement_runs(
    connection: Connection, _cursor: Any, _sql: str, _parameters: Any, context: ExecutionContext | None, _many: bool
) -> None:
    if not _plain_select(context):
        connection.info[_MAY_HAVE_WRITTEN] = True


def _plain_select(context: ExecutionContext | None) -> bool:
    """Whether the statement about to run is a SELECT built by SQLAlchemy that neither locks rows nor writes."""
    compiled = getattr(context, "compiled", None)
    statement = getattr(compiled, "statement", None)
    return isinstance(statement, Select) and statement._for_update_arg is None  # FOR UPDATE/SHARE


def _commit_if_read_only(error: BaseException | None) -> None:
    session = db.session()  # this request's session (the scoped session's registry makes one if it had none)
    if error is not None or not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if not session.connection().info.get(_MAY_HAVE_WRITTEN) or session.scalar(WROTE) is None:
            session.commit()
    except DBAPIError:  # the connection broke: the session's end rolls back what is left, as before
        log.warning("a read-only transaction could not be committed; it is rolled back", exc_info=True)
