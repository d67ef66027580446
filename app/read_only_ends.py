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
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .extensions import db

log = logging.getLogger(__name__)

WROTE = text("SELECT txid_current_if_assigned()")
"""The one statement a request that read ends with: NULL when its transaction wrote nothing."""


def init_app(app: Flask) -> None:
    """Commit read-only requests' transactions on a PostgreSQL site (after ``db.init_app``: Flask runs teardowns in
    the reverse order of registration, so this one runs before Flask-SQLAlchemy's ends the session)."""
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        app.teardown_appcontext(_commit_if_read_only)


def _commit_if_read_only(error: BaseException | None) -> None:
    session = db.session()  # this request's session (the scoped session's registry makes one if it had none)
    if error is not None or not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    try:
        if session.scalar(WROTE) is None:
            session.commit()
    except DBAPIError:  # the connection broke: the session's end rolls back what is left, as before
        log.warning("a read-only transaction could not be committed; it is rolled back", exc_info=True)
