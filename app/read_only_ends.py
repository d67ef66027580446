"""On PostgreSQL, a request that wrote nothing ends its transaction with COMMIT, not with the ROLLBACK that closing
the session would send; and a view marked ``reads_only`` runs outside any transaction.

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

A view that only reads, whatever it is asked (a contest's problem list and pages and a submission's page, tens of
thousands of times in a contest's first minute), is marked with ``reads_only``. On PostgreSQL its request's session
then runs each statement on its own, outside a transaction (psycopg's autocommit): no BEGIN before the first query
and no COMMIT at the end, two round trips fewer (0.15 ms of the worker's CPU and some of the server's a page).
Nothing is lost by it: at READ COMMITTED, the isolation hoithi runs at, each statement sees the rows as committed
when it starts, in a transaction or not. Such a view must never write: on any database (SQLite too, where the tests
run first), a statement other than a plain SELECT on its session raises ``WriteInReadOnlyView`` before it reaches
the server, so that a view that comes to write fails in its tests instead of writing rows one statement at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from sqlalchemy import Connection, Engine, Select, event, text
from sqlalchemy.engine import ExecutionContext
from sqlalchemy.exc import DBAPIError

from .extensions import db

log = logging.getLogger(__name__)

WROTE = text("SELECT txid_current_if_assigned()")
"""The one statement a request that may have written ends with: NULL when its transaction wrote nothing."""
_MAY_HAVE_WRITTEN = "hoithi.may_have_written"
"""Set in a connection's ``info`` when its transaction ran a statement other than a plain SELECT."""
_READS_ONLY = "hoithi_reads_only"
"""The attribute ``reads_only`` sets on a view, and the execution option of its request's connection."""

F = TypeVar("F", bound=Callable[..., Any])


class WriteInReadOnlyView(RuntimeError):
    """A view marked ``reads_only`` ran a statement that may write or lock: a defect of the view."""


def reads_only(view: F) -> F:
    """Mark a view that never writes to the database: on PostgreSQL its request's statements run outside a
    transaction; on any database one that may write raises ``WriteInReadOnlyView`` instead of running."""
    setattr(view, _READS_ONLY, True)
    return view


def init_app(app: Flask) -> None:
    """``reads_only`` views read outside a transaction (on PostgreSQL) and may not write (on any database), and
    read-only requests' transactions are committed on a PostgreSQL site (after ``db.init_app``: Flask runs teardowns
    in the reverse order of registration, so this one runs before Flask-SQLAlchemy's ends the session)."""
    app.before_request(_read_outside_transaction)  # first of the hooks: before the user loader's query
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        app.teardown_appcontext(_commit_if_read_only)
    with app.app_context():
        for engine in db.engines.values():
            watch(engine)


def watch(engine: Engine) -> None:
    """Note on each of ``engine``'s connections whether its transaction ran anything but plain SELECTs."""
    event.listen(engine, "begin", _transaction_begins)
    event.listen(engine, "before_cursor_execute", _statement_runs)


def _read_outside_transaction() -> None:
    """For a ``reads_only`` view, ``read_outside_transaction``."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is not None and getattr(view, _READS_ONLY, False):
        read_outside_transaction()


def read_outside_transaction() -> None:
    """This request's session on a connection on which a statement that may write raises ``WriteInReadOnlyView``,
    until the request ends; on PostgreSQL outside any transaction. Before its first statement only."""
    options: dict[str, object] = {_READS_ONLY: True}
    if db.engine.dialect.name == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    db.session.connection(execution_options=options)
    db.session.info[_READS_ONLY] = True  # the session lasts as long as the request


def _transaction_begins(connection: Connection) -> None:
    connection.info.pop(_MAY_HAVE_WRITTEN, None)  # info lasts as long as the connection: reset for each transaction


def _statement_runs(
    connection: Connection, _cursor: Any, statement: str, _params: Any, context: ExecutionContext | None, _many: bool
) -> None:
    if not _plain_select(context):
        if connection.get_execution_options().get(_READS_ONLY):
            raise WriteInReadOnlyView(f"a view marked reads_only ran: {statement[:200]}")
        connection.info[_MAY_HAVE_WRITTEN] = True


def _plain_select(context: ExecutionContext | None) -> bool:
    """Whether the statement about to run is a SELECT built by SQLAlchemy that neither locks rows nor writes."""
    compiled = getattr(context, "compiled", None)
    statement = getattr(compiled, "statement", None)
    return isinstance(statement, Select) and statement._for_update_arg is None  # FOR UPDATE/SHARE


def _commit_if_read_only(error: BaseException | None) -> None:
    session = db.session()  # this request's session (the scoped session's registry makes one if it had none)
    if session.info.get(_READS_ONLY):
        return  # its statements ran outside a transaction: nothing to commit, nothing rolled back at its close
    if error is not None or not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if not session.connection().info.get(_MAY_HAVE_WRITTEN) or session.scalar(WROTE) is None:
            session.commit()
    except DBAPIError:  # the connection broke: the session's end rolls back what is left, as before
        log.warning("a read-only transaction could not be committed; it is rolled back", exc_info=True)
