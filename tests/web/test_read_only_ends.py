"""On PostgreSQL a request that wrote nothing ends with COMMIT, so that psycopg keeps the statements it prepared on
the connection (it forgets them at each ROLLBACK); whatever wrote, failed or holds unflushed changes is rolled
back as before. A view marked ``reads_only`` reads outside any transaction (``test_reads_only_views`` for
its writes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Contest, User
from app.read_only_ends import _commit_if_read_only
from tests.conftest import AuthActions

from .. import builders
from . import programming_helpers

pytestmark = pytest.mark.postgresql  # psycopg's prepared statements and PostgreSQL's transaction ids

PREPARED = text("SELECT count(*) FROM pg_prepared_statements")


def test_pages_that_only_read_leave_their_prepared_statements_on_the_connection(
    client: FlaskClient, auth: AuthActions
) -> None:
    builders.person("hs")
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # the requests below then use one connection, the only one in the pool
    assert auth.login("hs").status_code == 302
    for _ in range(8):  # psycopg prepares a statement at its fifth run on a connection
        assert client.get("/").status_code == 200
    with db.engine.connect() as connection:  # the connection the requests used
        assert connection.scalar(PREPARED) > 0


def test_a_read_only_transaction_is_committed(app: Flask) -> None:
    user = builders.person("hs")
    db.session.commit()
    with app.test_request_context():
        db.session.execute(select(User).where(User.id == user.id)).all()
        assert db.session().in_transaction()
        _commit_if_read_only(None)
        assert not db.session().in_transaction()


def test_a_transaction_that_wrote_is_left_to_the_rollback(app: Flask) -> None:
    user_id = builders.person("hs", full_name="Lò Văn An").id
    db.session.commit()
    with app.test_request_context():
        db.session.execute(update(User).where(User.id == user_id).values(full_name="Quàng Thị Bình"))
        _commit_if_read_only(None)
        assert db.session().in_transaction()
        db.session.remove()  # as Flask-SQLAlchemy ends the request
    assert builders.committed_name(user_id) == "Lò Văn An"


def test_changes_not_yet_flushed_and_failed_requests_are_left_to_the_rollback(app: Flask) -> None:
    user = builders.person("hs", full_name="Lò Văn An")
    db.session.commit()
    with app.test_request_context():
        db.session.get(User, user.id).full_name = "Quàng Thị Bình"  # type: ignore[union-attr]  # it exists
        _commit_if_read_only(None)
        assert db.session().in_transaction() and db.session().dirty
        db.session.remove()
    assert builders.committed_name(user.id) == "Lò Văn An"
    with app.test_request_context():
        db.session.execute(select(User)).all()
        _commit_if_read_only(RuntimeError("the view failed"))
        assert db.session().in_transaction()
        db.session.remove()


def _asked(app: Flask, reads: Callable[[], object]) -> tuple[bool, bool]:
    """Whether ending a request that ran ``reads`` asked the server for its transaction id, and whether it
    committed (the session's transaction is over)."""
    statements: list[str] = []

    def note(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with app.test_request_context():
            reads()
            _commit_if_read_only(None)
            committed = not db.session().in_transaction()
            db.session.remove()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return any("txid_current_if_assigned" in sql for sql in statements), committed


def test_plain_selects_are_committed_without_asking_the_server(app: Flask) -> None:
    user_id = builders.person("hs").id
    db.session.commit()

    def reads() -> None:
        db.session.execute(select(User).where(User.id == user_id)).all()
        db.session.get(User, user_id + 1)

    assert _asked(app, reads) == (False, True)


def test_locks_and_text_are_asked_about(app: Flask) -> None:
    user_id = builders.person("hs").id
    db.session.commit()
    # FOR UPDATE locks the row: the transaction has an id, and is left to the rollback
    assert _asked(app, lambda: db.session.execute(select(User.id).with_for_update()).all()) == (True, False)
    # text may do anything: asked, then committed when it wrote nothing
    assert _asked(app, lambda: db.session.execute(text("SELECT 1")).all()) == (True, True)
    assert _asked(app, lambda: db.session.execute(update(User).values(full_name="Lò Văn An"))) == (True, False)

    # a transaction ended within the request takes its note with it: the next one starts clean
    def write_then_read() -> None:
        db.session.execute(update(User).where(User.id == user_id).values(full_name="Quàng Thị Bình"))
        db.session.commit()
        db.session.execute(select(User)).all()

    assert _asked(app, write_then_read) == (False, True)
    assert builders.committed_name(user_id) == "Quàng Thị Bình"


def _in_transaction(client: FlaskClient, method: str, url: str, **data: str) -> tuple[int, set[bool]]:
    """Send the request: its status code, and for each statement it ran whether it ran inside a transaction
    (psycopg's autocommit off) or on its own."""
    inside: set[bool] = set()

    def note(_conn: object, cursor: Any, *_args: object) -> None:
        inside.add(not cursor.connection.autocommit)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.open(url, method=method, data=data or None)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return response.status_code, inside


contest = programming_helpers.running_with_hs


def test_a_contests_pages_read_outside_a_transaction_and_submitting_writes_in_one(
    client: FlaskClient, auth: AuthActions, contest: Contest
) -> None:
    assert auth.login("hs").status_code == 302
    base = f"/contests/{contest.id}"
    assert _in_transaction(client, "GET", f"{base}/problems") == (200, {False})
    assert _in_transaction(client, "GET", f"{base}/problems/A") == (200, {False})
    source = "a, b = map(int, input().split())\nprint(a + b)\n"
    response = client.post(f"{base}/problems/A/submit", data={"language": "python", "source": source})
    assert response.status_code == 302
    page = response.headers["Location"]
    assert _in_transaction(client, "GET", page) == (200, {False})
    assert _in_transaction(client, "GET", f"{page}.json") == (200, {False})  # its one read, of the login
    # submitting (a form page of the same contest) writes its rows in one transaction, as every other view does
    status, inside = _in_transaction(client, "POST", f"{base}/problems/A/submit", language="python", source=source)
    assert status in (302, 400) and inside == {True}


def test_a_page_read_outside_a_transaction_ends_without_a_statement_and_keeps_what_was_prepared(
    client: FlaskClient, auth: AuthActions, contest: Contest
) -> None:
    assert auth.login("hs").status_code == 302
    page = f"/contests/{contest.id}/problems/A"
    db.session.remove()
    db.engine.dispose()  # the requests below then use one connection, the only one in the pool
    statements: list[str] = []
    commits: list[Session] = []

    def note(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    def committed(session: Session) -> None:
        commits.append(session)

    event.listen(db.engine, "before_cursor_execute", note)
    event.listen(Session, "after_commit", committed)
    try:
        for _ in range(8):  # psycopg prepares a statement at its fifth run on a connection
            assert client.get(page).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
        event.remove(Session, "after_commit", committed)
    assert not commits  # nothing to commit: the statements ran on their own
    assert not [sql for sql in statements if "txid_current_if_assigned" in sql]
    with db.engine.connect() as connection:  # the connection the requests used
        assert connection.scalar(PREPARED) > 0
