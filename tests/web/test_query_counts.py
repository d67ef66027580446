"""The public contest list, a coordinator's people list and a contestant's pages at a contest's start make a bounded
number of SQL queries, whatever the number of rows."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import Connection, event

from app.extensions import db
from app.models import Role
from app.read_only_ends import WROTE
from tests.conftest import AuthActions

from .. import builders
from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory


@contextmanager
def counting() -> Iterator[list[str]]:
    """The SQL the block runs, but the check that ends a request that only read (on PostgreSQL: not a page's)."""
    statements: list[str] = []

    def count(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        if statement != str(WROTE):
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


def test_contestant_pages_at_a_contest_start_make_few_queries(client: FlaskClient, auth: AuthActions) -> None:
    """At a contest's start every contestant opens the problem list, a problem, submits and polls: each of those
    requests makes a handful of queries (the registration looked up once for the list), however many are
    registered. bench/contest_start.py measures these requests under load. The contest's problems and settings
    are read once per process and kept while its data version stays (services.programming.kept_contests)."""
    contest = builders.contest()
    builders.programming_problem(contest)
    builders.register(contest, builders.person("ts1"))
    db.session.commit()
    auth.login("ts1")
    pages = [f"/contests/{contest.id}/problems", f"/contests/{contest.id}/problems/A"]
    first = [_queries(client, url) for url in pages]
    few = [_queries(client, url) for url in pages]
    assert few[0] < first[0], (first, few)  # the first request read the contest's data for the process
    builders.register(contest, *(builders.person(None) for _ in range(20)))
    db.session.commit()
    assert [_queries(client, url) for url in pages] == few
    # the user with the contest's data version and their registration (app.auth.user_loader), the registration's
    # members with their best scores: each once (services.session_memo)
    assert few[0] <= 2, few
    # the user with the contest's data version, their registration and whether they made test runs (none yet)
    assert few[1] <= 1, few

    submit = f"/contests/{contest.id}/problems/A/submit"
    with counting() as statements:
        sent = client.post(submit, data={"language": "python", "source": "1\n"})
    assert sent.status_code == 302
    # the user with the contest's data version and the registration, the insert: the service's own checks find the
    # problems and settings kept (a team's members are read only when Redis cannot space submissions)
    assert len(statements) <= 2, statements
    with counting() as statements:
        polled = client.get(sent.headers["Location"] + ".json")
    assert polled.get_json()["status"] == "queued"
    assert len(statements) == 1  # the user: the live status comes from Redis
