"""Sessions end on the server: logging out ends every copy of the session's cookie; a password change, a password
reset and a deactivation end the user's other sessions and their API tokens, whichever browser holds them."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import ApiToken, Role, User
from app.services.people import api_tokens
from tests.builders import present
from tests.conftest import AuthActions
from tests.responses import search

from ..factories import PASSWORD, DepartmentFactory, SchoolFactory, UserFactory
from .proposals_helpers import company_account

NEW_PASSWORD = "cay-bang-xanh-7"


def _browser(app: Flask, username: str, password: str = PASSWORD) -> FlaskClient:
    """A browser of its own, logged in as ``username``."""
    browser = app.test_client()
    assert browser.post("/login", data={"username": username, "password": password}).status_code == 302
    return browser


def _logged_in(browser: FlaskClient) -> bool:
    """Whether a page that needs a login opens (it sends to the login page otherwise)."""
    response = browser.get("/password")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _token_of(user: User) -> str:
    _row, token = api_tokens.create(db.session, user, "script")
    db.session.commit()
    return token


def test_a_cookie_copied_before_logout_is_refused_after_it(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    auth.login("hs1")
    cookie = app.config["SESSION_COOKIE_NAME"]
    thief = app.test_client()
    thief.set_cookie(cookie, present(client.get_cookie(cookie)).value)
    assert _logged_in(thief)  # the copy works as long as the session does

    auth.logout()
    refused = thief.get("/password")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert "Đăng xuất" not in thief.get("/").get_data(as_text=True)


def test_a_password_change_ends_the_other_sessions_and_the_api_tokens(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = UserFactory(username="hs1", full_name="Lê Văn Bình")
    db.session.commit()
    token = _token_of(user)
    api = app.test_client()
    assert api.get("/api/v1/contests", headers=_bearer(token)).status_code == 200
    browser_b = _browser(app, "hs1")
    auth.login("hs1")

    changed = client.post("/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    page = client.get(changed.headers["Location"]).get_data(as_text=True)
    assert "Các phiên đăng nhập khác của bạn đã bị đăng xuất" in page
    assert _logged_in(client)  # the browser that changed it stays logged in
    assert not _logged_in(browser_b)
    answer = api.get("/api/v1/contests", headers=_bearer(token))
    assert answer.status_code == 401 and answer.is_json
    assert db.session.query(ApiToken).count() == 0
    assert _logged_in(_browser(app, "hs1", NEW_PASSWORD))


def test_a_refused_password_change_ends_nothing(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    user = UserFactory(username="hs1")
    db.session.commit()
    token = _token_of(user)
    browser_b = _browser(app, "hs1")
    auth.login("hs1")
    refused = client.post("/password", data={"current": PASSWORD, "new": "1234567890", "confirm": "1234567890"})
    assert "mật khẩu phổ biến" in refused.get_data(as_text=True)
    assert _logged_in(browser_b) and _logged_in(client)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 200


def test_a_reset_by_mail_ends_every_session_and_api_token(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    saved = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path)
    try:
        user = UserFactory(username="hs1", email="binh@example.edu.vn")
        db.session.commit()
        token = _token_of(user)
        browser = _browser(app, "hs1")
        client.post("/password/forgot", data={"email": "binh@example.edu.vn"})
        [mail] = tmp_path.glob("*.eml")
        message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
        body = present(message.get_body(preferencelist=("plain",))).get_content()
        link = search(r"/password/reset/\S+", body).group(0)
        done = client.post(link, data={"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        assert done.status_code == 302
    finally:
        app.config["MAIL_FOLDER"] = saved
    assert not _logged_in(browser)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 401


def test_a_reset_by_the_coordinator_ends_the_persons_sessions_and_api_tokens(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    student = UserFactory(username="hs1", unit=school)
    db.session.commit()
    token = _token_of(student)
    browser = _browser(app, "hs1")
    auth.login("dp")
    assert client.post(f"/people/{student.id}/reset-password", data={"confirm": "y"}).status_code == 200
    assert not _logged_in(browser)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 401
    assert _logged_in(client)  # the coordinator's own session is untouched


def test_a_deactivated_persons_session_ends_at_the_next_request(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    student = UserFactory(username="hs1", unit=school)
    db.session.commit()
    token = _token_of(student)
    browser = _browser(app, "hs1")
    assert _logged_in(browser)
    auth.login("dp")
    assert client.post(f"/people/{student.id}/status/deactivated").status_code == 302
    assert not _logged_in(browser)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 401
    # reactivated, the account logs in again, but the old session and token stay ended
    assert client.post(f"/people/{student.id}/status/active").status_code == 302
    assert not _logged_in(browser)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 401
    assert _logged_in(_browser(app, "hs1"))


def test_a_deactivated_company_accounts_session_and_tokens_end(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    department = DepartmentFactory(parent=None)
    UserFactory(username="so", unit=department, roles={Role.REVIEWER})
    account = company_account("saoviet")
    db.session.commit()
    token = _token_of(account)
    browser = _browser(app, "saoviet")
    auth.login("so")
    assert client.post(f"/admin/companies/{account.id}/status/deactivated").status_code == 302
    assert not _logged_in(browser)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 401


def test_logging_out_ends_the_session_everywhere_but_not_the_api_tokens(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = UserFactory(username="hs1")
    db.session.commit()
    token = _token_of(user)
    other = _browser(app, "hs1")
    auth.login("hs1")
    auth.logout()
    assert not _logged_in(other) and not _logged_in(client)
    assert app.test_client().get("/api/v1/contests", headers=_bearer(token)).status_code == 200
    assert _logged_in(_browser(app, "hs1"))
