"""The pool of PostgreSQL connections: as many kept open as a process's threads use, and each checked before it is
handed out, without a round trip to the server.

SQLAlchemy's ``pool_pre_ping`` sends a statement each time a connection leaves the pool: every request paid it,
about a tenth of a millisecond of the web worker's CPU (and some of PostgreSQL's) in a floor of one to two. A
connection resting in the pool hears nothing from the server, unless the server ends it: a restart, a fail-over
that closes the socket, an administrator's ``pg_terminate_backend`` or an idle timeout each send the reason
and close the connection. So a connection whose socket has nothing to read, and which psycopg has not seen
break, is handed out as it is; any other is given up, and the pool opens a fresh one in its place (SQLAlchemy's
documented use of a ``DisconnectionError`` raised at checkout). A connection lost while a request uses it is
``lost_connections``'s, as before.

A new connection gives up after ``CONNECT_TIMEOUT_S`` (psycopg's ``connect_timeout``, unless the URL sets its own):
a server that takes the connection and never answers (hung, or a stuck proxy in front of it) would otherwise hold a
request, a worker or ``hoithi doctor`` for ever.
"""

from __future__ import annotations

import select
from typing import Any

from flask import Flask
from sqlalchemy import URL, Engine, event, make_url
from sqlalchemy.exc import DisconnectionError

CONNECT_TIMEOUT_S = 10
"""How long opening a PostgreSQL connection may take before it fails (an OperationalError naming the timeout)."""


def init_app(app: Flask) -> None:
    """Before ``db.init_app``: on PostgreSQL (psycopg), the pre-ping that the configuration asks for is made by
    this check instead (``configure``, once the engines exist); and the pool keeps up to ``DATABASE_POOL_SIZE``
    connections, opened as the process's threads first need them, with up to 5 more at a busy moment, closed when
    returned. SQLAlchemy's default keeps 5: a process of 8 threads at work (gunicorn 2 x 8 at a contest's start)
    opened and closed a connection, a server process, for request after request. A connection that takes more than
    ``CONNECT_TIMEOUT_S`` to open fails."""
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if _psycopg(url):
        pre_ping = {"pool_pre_ping": False} if options.get("pool_pre_ping") else {}
        sizes = {"pool_size": app.config["DATABASE_POOL_SIZE"], "max_overflow": 5}
        timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
        connect_args = {**timeout, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**sizes, **options, **pre_ping, "connect_args": connect_args}


def configure(engine: Engine) -> None:
    """Check ``engine``'s pooled connections at checkout when they are PostgreSQL's (psycopg's)."""
    if _psycopg(engine.url):
        event.listen(engine, "checkout", _check)


def _psycopg(url: URL) -> bool:
    return url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg"


def usable(connection: Any) -> bool:
    """Whether the psycopg ``connection`` may be handed out: not seen broken or closed, and nothing from the
    server waiting on its socket (an idle connection is sent something only when the server ends it)."""
    if connection.closed or connection.broken:
        return False
    try:
        socket = connection.pgconn.socket
    except connection.OperationalError:  # psycopg's: no socket left
        return False
    poller = select.poll()
    poller.register(socket, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)  # also reports a socket the peer hung up or in error


def _check(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if not usable(dbapi_connection):
        raise DisconnectionError("the server ended this pooled connection")
