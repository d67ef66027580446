"""API tokens: the page that makes them, and the API refusing anything else."""

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    AccountStatus,
    ApiToken,
    Submission,
)
from app.services.errors import InvalidInput
from app.services.people import api_tokens
from app.timeutil import format_datetime, utcnow
from tests.conftest import AuthActions
from tests.responses import search
from tests.web.api.conftest import ApiWorld

from ...factories import PASSWORD, UserFactory
from .conftest import bearer, submit, token_for

# -- tokens ---------------------------------------------------------------------------------------------------


def test_token_page_creates_a_token_shown_once(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    user = UserFactory(username="hs")
    db.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    csrf = search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": "hs", "password": "password123", "csrf_token": csrf})

    page = client.get("/account/tokens").get_data(as_text=True)
    csrf = search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/account/tokens", data={"name": "laptop", "password": PASSWORD}).status_code == 400  # no CSRF
    assert db.session.query(ApiToken).count() == 0

    page = client.post("/account/tokens", data={"name": "laptop", "password": PASSWORD, "csrf_token": csrf}).get_data(
        as_text=True
    )
    tokens = re.findall(r"hoithi_[A-Za-z0-9_-]{40}", page)
    assert len(tokens) == 1
    row = db.session.query(ApiToken).one()
    assert row.user_id == user.id and row.name == "laptop"
    assert row.token_hash == api_tokens.hash_token(tokens[0]) and tokens[0] not in row.token_hash
    assert client.get("/api/v1/contests", headers=bearer(tokens[0])).status_code == 200

    later = client.get("/account/tokens").get_data(as_text=True)
    assert tokens[0] not in later and "laptop" in later
    session = client.get_cookie("session")
    assert session is not None and "hoithi_" not in session.value  # neither kept in the session

    response = client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert db.session.query(ApiToken).count() == 0
    assert client.get("/api/v1/contests", headers=bearer(tokens[0])).status_code == 401


def test_token_page_refuses_bad_names_and_others_tokens(client: FlaskClient, auth: AuthActions) -> None:
    owner = UserFactory(username="owner")
    UserFactory(username="hs")
    db.session.commit()
    row, _token = api_tokens.create(db.session, owner, "owner's")
    db.session.commit()
    auth.login("hs")
    assert client.post("/account/tokens", data={"name": "", "password": PASSWORD}).status_code == 200
    assert client.post("/account/tokens", data={"name": "x" * 101, "password": PASSWORD}).status_code == 200
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert db.session.query(ApiToken).count() == 1
    for n in range(api_tokens.MAX_TOKENS_PER_USER):
        client.post("/account/tokens", data={"name": f"t{n}", "password": PASSWORD})
    page = client.post("/account/tokens", data={"name": "one too many", "password": PASSWORD}).get_data(as_text=True)
    assert "hoithi_" not in page
    assert db.session.query(ApiToken).count() == 1 + api_tokens.MAX_TOKENS_PER_USER


def test_api_needs_a_valid_token_and_ignores_the_session(
    client: FlaskClient, auth: AuthActions, world: ApiWorld
) -> None:
    contest = world["contest"]
    token = token_for(world["hs"])
    url = f"/api/v1/contests/{contest.id}"
    revoked_row, revoked = api_tokens.create(db.session, world["hs"], "old")
    db.session.commit()
    api_tokens.revoke(db.session, world["hs"], revoked_row.id)
    inactive = UserFactory(status=AccountStatus.DEACTIVATED)
    db.session.commit()
    inactive_token = token_for(inactive)
    for headers in (
        {},
        bearer(""),
        bearer("hoithi_" + "x" * 40),
        bearer(token[:-1]),
        bearer(revoked),
        bearer(inactive_token),
        {"Authorization": f"Basic {token}"},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert response.is_json and response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")

    auth.login("hs")
    assert client.get(url).status_code == 401  # a browser session is no credential here
    response = submit(client, contest.id, "")
    assert response.status_code == 401 and "Set-Cookie" not in response.headers
    assert db.session.query(Submission).count() == 0
    assert client.get(url, headers=bearer(token)).status_code == 200
    auth.logout()
    auth.login("btc")  # the organiser's session with the student's token: the API sees the student only
    problems = client.get(f"{url}/problems", headers=bearer(token)).get_json()["problems"]
    assert [p["label"] for p in problems] == ["A"]


def test_last_used_is_noted(client: FlaskClient, world: ApiWorld) -> None:
    token = token_for(world["hs"])
    assert db.session.query(ApiToken).one().last_used_at is None
    client.get("/api/v1/contests", headers=bearer(token))
    db.session.expire_all()
    first = db.session.query(ApiToken).one().last_used_at
    assert first is not None and abs(utcnow() - first) < timedelta(minutes=1)


# -- expiry ---------------------------------------------------------------------------------------------------


def test_a_token_expires_when_its_owner_chose_within_the_maximum(client: FlaskClient, auth: AuthActions) -> None:
    user = UserFactory(username="hs")
    db.session.commit()
    auth.login("hs")
    before = utcnow()
    page = client.post("/account/tokens", data={"name": "laptop", "password": PASSWORD}).get_data(as_text=True)
    assert "hoithi_" in page
    default = db.session.query(ApiToken).one()
    assert default.user_id == user.id and default.expires_at is not None
    assert abs(default.expires_at - (before + timedelta(days=api_tokens.DEFAULT_DAYS))) < timedelta(minutes=1)

    client.post("/account/tokens", data={"name": "ci", "days": "365", "password": PASSWORD})
    chosen = db.session.query(ApiToken).filter_by(name="ci").one()
    assert abs(chosen.expires_at - (before + timedelta(days=365))) < timedelta(minutes=1)

    for days in ("0", "366", "100000", "-5", "x"):
        page = client.post(
            "/account/tokens", data={"name": f"bad {days}", "days": days, "password": PASSWORD}
        ).get_data(as_text=True)
        assert "hoithi_" not in page, days
    assert db.session.query(ApiToken).count() == 2

    listed = client.get("/account/tokens").get_data(as_text=True)  # in Vietnamese, the default
    assert format_datetime(chosen.expires_at) in listed  # dd/mm/yyyy HH:MM in Vietnam's time
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", format_datetime(chosen.expires_at))


def test_the_service_refuses_a_lifetime_beyond_the_maximum() -> None:
    user = UserFactory()
    db.session.commit()
    for days in (0, -1, api_tokens.MAX_DAYS + 1):
        with pytest.raises(InvalidInput):
            api_tokens.create(db.session, user, "x", days=days)
    assert db.session.query(ApiToken).count() == 0


def test_an_expired_token_is_refused_with_a_message_saying_so(
    client: FlaskClient, auth: AuthActions, world: ApiWorld
) -> None:
    row, token = api_tokens.create(db.session, world["hs"], "old laptop", days=1)
    db.session.commit()
    assert client.get("/api/v1/contests", headers=bearer(token)).status_code == 200
    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    response = client.get("/api/v1/contests", headers=bearer(token))  # Vietnamese: no session
    assert response.status_code == 401
    message = response.get_json()["error"]
    assert "hết hạn" in message and format_datetime(row.expires_at) in message
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    response = client.post(
        f"/api/v1/contests/{world['contest'].id}/submissions",
        json={"problem": "A", "language": "python", "source": "print(1)"},
        headers=bearer(token),
    )
    assert response.status_code == 401 and "hết hạn" in response.get_json()["error"]
    assert db.session.query(Submission).count() == 0

    auth.login("hs")  # the owner sees it marked expired, and may still revoke it
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "old laptop" in page and "Đã hết hạn" in page
    assert client.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    assert db.session.query(ApiToken).count() == 0


def test_creating_a_token_asks_for_the_password_and_counts_wrong_ones(client: FlaskClient, auth: AuthActions) -> None:
    """A token outlives the session (logging out everywhere does not end it): someone at a computer its owner left
    logged in must not be able to make one. A wrong password counts as a failed login, as on the password form."""
    UserFactory(username="hs")
    db.session.commit()
    auth.login("hs")
    page = client.post("/account/tokens", data={"name": "laptop"}).get_data(as_text=True)
    assert "hoithi_" not in page
    for _attempt in range(5):  # the free failures of the login limits
        page = client.post("/account/tokens", data={"name": "laptop", "password": "guess"}).get_data(as_text=True)
        assert "hoithi_" not in page and "Mật khẩu không đúng." in page
    waits = client.post("/account/tokens", data={"name": "laptop", "password": "guess"})
    assert "hoithi_" not in waits.get_data(as_text=True) and "thử lại sau" in waits.get_data(as_text=True)
    refused = client.post("/account/tokens", data={"name": "laptop", "password": PASSWORD})
    assert refused.status_code == 429 and "hoithi_" not in refused.get_data(as_text=True)  # even the right one, now
    assert db.session.query(ApiToken).count() == 0

    auth.logout()
    UserFactory(username="hs2")
    db.session.commit()
    auth.login("hs2")
    made = client.post("/account/tokens", data={"name": "laptop", "password": PASSWORD}).get_data(as_text=True)
    assert "hoithi_" in made and db.session.query(ApiToken).count() == 1
