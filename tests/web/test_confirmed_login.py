"""The live status a submission's page polls confirms the login with one query and loads no user; a session that
no longer stands, or a user who must change their password, is refused exactly as on every other page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, event

from app.extensions import db
from app.models import AccountStatus, Contest, ContestStatus, ProposalStatus, Role, User
from tests.builders import present
from tests.conftest import AuthActions

from .. import builders
from . import programming_helpers

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


world = programming_helpers.running_with_hs


def _queued(client: FlaskClient, auth: AuthActions, contest: Contest) -> str:
    """Log in as ``hs`` and submit to problem A (queued: no worker runs); the address of its live status."""
    assert auth.login("hs").status_code == 302
    response = client.post(f"/contests/{contest.id}/problems/A/submit", data={"language": "python", "source": GOOD})
    assert response.status_code == 302
    return f"{response.headers['Location']}.json"


def _statements_of(client: FlaskClient, url: str) -> tuple[int, list[str]]:
    """GET ``url``: the status code and the SQL the request ran."""
    statements: list[str] = []

    def record(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        code = client.get(url).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return code, statements


def _hs() -> User:
    return db.session.query(User).filter_by(username="hs").one()


def test_a_queued_submission_costs_one_query_of_the_users_row(
    client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    assert client.get(url).get_json()["status"] == "queued"
    code, statements = _statements_of(client, url)
    assert code == 200 and len(statements) == 1
    assert "FROM users" in statements[0] and "user_roles" not in statements[0] and "units" not in statements[0]


def test_a_session_ended_elsewhere_is_sent_to_the_login(
    app: Flask, client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    cookie = app.config["SESSION_COOKIE_NAME"]
    copy = app.test_client()
    copy.set_cookie(cookie, present(client.get_cookie(cookie)).value)
    assert copy.get(url).status_code == 200
    auth.logout()  # ends every session of the user's, the copy's too
    refused = copy.get(url)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_a_deactivated_account_is_sent_to_the_login(client: FlaskClient, auth: AuthActions, world: Contest) -> None:
    url = _queued(client, auth, world)
    _hs().status = AccountStatus.DEACTIVATED  # as a check of the status alone, the generation left as it is
    db.session.commit()
    refused = client.get(url)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_a_user_who_must_change_their_password_is_sent_to_the_form(
    client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    _hs().must_change_password = True
    db.session.commit()
    refused = client.get(url)
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/password")


def test_without_a_login_the_poll_asks_for_one(app: Flask, world: Contest) -> None:
    refused = app.test_client().get(f"/contests/{world.id}/submissions/1.json")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]


def test_the_staffs_poll_of_a_contestants_submission_reads_the_database(
    client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    auth.logout()
    builders.person("btc", world.organiser_unit, Role.ORGANISER)
    db.session.commit()
    assert auth.login("btc").status_code == 302
    code, statements = _statements_of(client, url)
    assert code == 200 and any("FROM submissions" in s for s in statements)


def test_the_poll_of_a_contest_put_back_to_draft_is_refused_as_its_page(
    client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    assert client.get(url).get_json()["status"] == "queued"
    world.status = ContestStatus.DRAFT
    db.session.commit()
    assert client.get(url.removesuffix(".json")).status_code == 404
    assert client.get(url).status_code == 404


def test_the_poll_of_a_contest_whose_approval_was_withdrawn_is_refused_as_its_page(
    client: FlaskClient, auth: AuthActions, world: Contest
) -> None:
    url = _queued(client, auth, world)
    assert client.get(url).get_json()["status"] == "queued"
    present(world.proposal).status = ProposalStatus.IN_REVIEW  # flagged again, waiting for the Sở
    db.session.commit()
    assert client.get(url.removesuffix(".json")).status_code == 404
    assert client.get(url).status_code == 404
