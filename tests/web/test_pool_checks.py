"""On PostgreSQL a pooled connection is handed out without a ping when the server has sent it nothing, and given
up for a fresh one when the server has ended it."""

from __future__ import annotations

import time

import psycopg
import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from app.extensions import db
from app.pool_checks import usable

pytestmark = pytest.mark.postgresql  # psycopg's connections and pg_terminate_backend

BACKEND = text("SELECT pg_backend_pid()")


def _backend() -> int:
    """The server process of the connection this app context's session checks out, returned to the pool after."""
    pid = int(db.session.scalar(BACKEND))
    db.session.commit()
    db.session.remove()
    return pid


def _terminate(pid: int, database_url: str) -> None:
    """pg_terminate_backend(``pid``) on a connection of the test's own, outside the pool."""
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_an_idle_pooled_connection_is_handed_out_as_it_is(app: Flask) -> None:
    db.engine.dispose()
    assert not db.engine.pool._pre_ping  # the check replaces the round trip
    first = _backend()
    assert _backend() == first
    with db.engine.connect() as connection:
        assert usable(connection.connection.driver_connection)


def test_a_connection_the_server_ended_is_replaced_by_a_fresh_one(app: Flask, database_url: str) -> None:
    db.engine.dispose()
    with db.engine.connect() as connection:  # the pool's only connection, returned to it after
        raw = connection.connection.driver_connection
        ended = int(connection.scalar(BACKEND))
        connection.commit()
    _terminate(ended, database_url)
    deadline = time.monotonic() + 5
    while usable(raw) and time.monotonic() < deadline:  # the server's goodbye takes a moment to arrive
        time.sleep(0.01)
    assert not usable(raw)
    # the next checkout gives it up and opens another: a page is served without an error
    assert app.test_client().post("/login", data={"username": "nobody", "password": "x"}).status_code == 200
    assert _backend() != ended


def test_connections_a_process_s_threads_use_at_once_are_kept(app: Flask) -> None:
    """Eight connections at once, as gunicorn's 8 threads of a process take them at a contest's start, are kept
    when returned: the next eight are the same server processes, none opened anew."""
    db.engine.dispose()

    def eight_at_once() -> set[int]:
        connections = [db.engine.connect() for _ in range(8)]
        pids = {int(connection.scalar(BACKEND)) for connection in connections}
        for connection in connections:
            connection.close()
        return pids

    first = eight_at_once()
    assert len(first) == 8
    assert isinstance(db.engine.pool, QueuePool)
    assert db.engine.pool.checkedin() == 8
    assert eight_at_once() == first
