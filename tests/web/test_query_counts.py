"""The public contest list and a coordinator's people list make a bounded number of SQL queries, whatever the
number of rows."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import Connection, event

from app.extensions import db
from app.models import Role

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries(client: FlaskClient, url: str) -> int:
    with counting() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_contest_list_queries_do_not_grow_with_contests(client: FlaskClient) -> None:
    ContestFactory()
    db.session.commit()
    few = _queries(client, "/")
    for _ in range(30):
        CategoryFactory(contest=ContestFactory())
    db.session.commit()
    assert _queries(client, "/") == few


def test_people_list_queries_do_not_grow_with_people(client: FlaskClient) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    db.session.commit()
    client.post("/login", data={"username": "dp", "password": "password123"})
    few = _queries(client, "/people/")
    for _ in range(60):
        UserFactory(unit=school, roles={Role.STUDENT, Role.TEACHER})
    db.session.commit()
    many = _queries(client, "/people/")
    assert many == few
    assert many <= 8
