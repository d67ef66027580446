"""How hoithi opens SQLite: write-ahead logging, a patient wait for the write lock, and savepoints that stay inside
the request's transaction.

- ``journal_mode=WAL``: pages keep reading while a request or a worker writes (in SQLite's default journal a reader
  waits on "database is locked" during every commit). The mode is stored in the database file, so setting it on each
  connection costs nothing after the first.
- ``busy_timeout``: a writer waits up to ``BUSY_TIMEOUT_MS`` for the one write lock instead of failing at once.
- A savepoint opened before the transaction's first write would, with Python's sqlite3 driver, open the transaction
  itself and commit it when released, whatever the request does next. ``BEGIN`` is issued first, so that releasing a
  savepoint never commits and a request that fails later leaves nothing half-written.

PostgreSQL needs none of this.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

BUSY_TIMEOUT_MS = 15_000


def configure(engine: Engine) -> None:
    """Set up ``engine``'s connections as the module says, if it is a SQLite engine."""
    if engine.dialect.name != "sqlite" or event.contains(engine, "connect", _on_connect):
        return
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "savepoint", _before_savepoint)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if dbapi_connection.execute("PRAGMA database_list").fetchone()[2]:  # a file; memory databases have no WAL
            cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _before_savepoint(connection: Any, _name: str) -> None:
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")
