"""On PostgreSQL a request that wrote nothing ends with COMMIT, so that psycopg keeps the statements it prepared on
the connection (it forgets them at each ROLLBACK); whatever wrote, failed or holds unflushed changes is rolled
back as before."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text, update

from app.extensions import db
from app.models import User
from app.read_only_ends import _commit_if_read_only
from tests.conftest import AuthActions

from .. import builders

pytestmark = pytest.mark.postgresql  # psycopg's prepared statements and PostgreSQL's transaction ids

PREPARED = text("SELECT count(*) FROM pg_prepared_statements")


def _full_name(user_id: int) -> str:
    """The name as committed (read on a connection of its own)."""
    with db.engine.connect() as connection:
        return str(connection.scalar(select(User.full_name).where(User.id == user_id)))


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
    assert _full_name(user_id) == "Lò Văn An"


def test_changes_not_yet_flushed_and_failed_requests_are_left_to_the_rollback(app: Flask) -> None:
    user = builders.person("hs", full_name="Lò Văn An")
    db.session.commit()
    with app.test_request_context():
        db.session.get(User, user.id).full_name = "Quàng Thị Bình"  # type: ignore[union-attr]  # it exists
        _commit_if_read_only(None)
        assert db.session().in_transaction() and db.session().dirty
        db.session.remove()
    assert _full_name(user.id) == "Lò Văn An"
    with app.test_request_context():
        db.session.execute(select(User)).all()
        _commit_if_read_only(RuntimeError("the view failed"))
        assert db.session().in_transaction()
        db.session.remove()
