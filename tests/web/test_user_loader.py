"""The logged-in user, read with their roles in one query on every request (``app.factory._load_user``): their
unit loads only when a page uses it, and nothing of the user is kept between requests, so that a role given or
taken away, a deactivation or a logout elsewhere shows on the very next request."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import Connection, event

from app.extensions import db
from app.models import AccountStatus, Role, User
from tests.conftest import AuthActions

from .. import builders
from ..factories import DepartmentFactory, UserFactory


def _statements_of(client: FlaskClient, url: str) -> tuple[int, list[str]]:
    statements: list[str] = []

    def note(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        code = client.get(url).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return code, statements


def _user(username: str) -> User:
    return db.session.query(User).filter_by(username=username).one()


def test_a_page_reads_the_user_and_their_roles_in_one_query(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs", roles={Role.STUDENT, Role.TEACHER})
    db.session.commit()
    auth.login("hs")
    code, statements = _statements_of(client, "/")
    assert code == 200
    of_the_user = [s for s in statements if "FROM users" in s or "user_roles" in s or "FROM units" in s]
    assert len(of_the_user) == 1, of_the_user
    assert "user_roles" in of_the_user[0] and "units" not in of_the_user[0]


def test_a_role_taken_or_given_shows_on_the_next_request(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="qt", unit=DepartmentFactory(), roles={Role.ADMIN})
    db.session.commit()
    auth.login("qt")
    assert client.get("/admin/audit").status_code == 200
    _user("qt").set_roles({Role.STUDENT})
    db.session.commit()
    assert client.get("/admin/audit").status_code == 403
    assert 'href="/admin/audit"' not in client.get("/").get_data(as_text=True)
    _user("qt").set_roles({Role.ADMIN})
    db.session.commit()
    assert client.get("/admin/audit").status_code == 200
    assert 'href="/admin/audit"' in client.get("/").get_data(as_text=True)


def test_a_deactivation_shows_on_the_next_request(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs")
    db.session.commit()
    auth.login("hs")
    assert client.get("/home").status_code == 200
    _user("hs").status = AccountStatus.DEACTIVATED  # the status alone, the session generation left as it is
    db.session.commit()
    refused = client.get("/home")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_a_coordinators_page_still_finds_their_unit(client: FlaskClient, auth: AuthActions) -> None:
    """The unit, no longer read with the user, loads when a page uses it (the Sở's coordinator's units menu)."""
    UserFactory(username="so", unit=DepartmentFactory(), roles={Role.COORDINATOR})
    db.session.commit()
    auth.login("so")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/admin/units"' in page


def test_roles_read_with_the_row_give_way_to_the_role_rows(app: object) -> None:
    """``know_roles`` holds until the row expires (a commit, a refresh) or the role rows are loaded."""
    user = UserFactory(roles={Role.STUDENT})
    db.session.commit()  # expires the user: its role rows are not loaded
    user.know_roles(frozenset({Role.JUDGE}))
    assert user.roles == {Role.JUDGE}
    db.session.expire(user)
    assert user.roles == {Role.STUDENT}
    user.know_roles(frozenset({Role.JUDGE}))
    user.set_roles({Role.TEACHER})  # loads the role rows, which then answer
    assert user.roles == {Role.TEACHER}
    db.session.commit()
    user.know_roles(frozenset({Role.JUDGE}))
    db.session.refresh(user)
    assert user.roles == {Role.TEACHER}


def test_a_contest_page_reads_the_registration_with_the_user_every_time(client: FlaskClient, auth: AuthActions) -> None:
    """On a problem's page the user's query also reads the contest's version and the registration: a contestant
    registered after a first visit sees the problem on the next request, and a contest that is not there is a 404."""
    contest = builders.contest()
    builders.programming_problem(contest)
    builders.person("ts1")
    db.session.commit()
    auth.login("ts1")
    page = f"/contests/{contest.id}/problems/A"
    assert client.get(page).status_code in (403, 404)
    builders.register(contest, _user("ts1"))
    db.session.commit()
    code, statements = _statements_of(client, page)
    assert code == 200
    of_the_user = [s for s in statements if "FROM users" in s]
    assert len(of_the_user) == 1 and "registration" in of_the_user[0] and "contests" in of_the_user[0]
    assert client.get(f"/contests/{contest.id + 1000}/problems/A").status_code == 404
