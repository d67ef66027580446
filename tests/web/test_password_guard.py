"""Someone who must change their (temporary) password reaches nothing but the change form, logging out, the
language switch and static files until they have; the API answers 403 in JSON."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import ApiToken, Role, User
from app.services.people import api_tokens
from tests.conftest import AuthActions

from ..factories import PASSWORD, ContestFactory, DepartmentFactory, UserFactory

NEW_PASSWORD = "cay-bang-xanh-7"


def _pages(app: Flask, contest_id: int) -> list[str]:
    """Every page without a parameter (the API aside), and a contest's page."""
    pages = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and not rule.arguments and not rule.rule.startswith("/api/")
    ]
    return [*pages, f"/contests/{contest_id}", f"/contests/{contest_id}/results"]


def test_every_page_but_the_change_form_waits_for_a_new_password(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    department = DepartmentFactory()
    UserFactory(username="admin1", unit=department, roles={Role.ADMIN}, must_change_password=True)
    contest = ContestFactory(organiser_unit=department)
    db.session.commit()
    assert auth.login("admin1").headers["Location"].endswith("/password")

    pages = _pages(app, contest.id)
    assert len(pages) > 20
    for url in pages:
        if url in ("/password", "/favicon.ico"):  # the change form and the site's icon, as static files
            continue
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/password"), url
    assert client.post("/account/tokens", data={"name": "laptop"}).headers["Location"].endswith("/password")
    assert db.session.query(ApiToken).count() == 0  # and nothing was done
    form = client.get("/password").get_data(as_text=True)
    assert "Vui lòng đặt mật khẩu mới trước khi tiếp tục" in form
    assert client.get("/static/hoithi.css").status_code == 200
    assert client.get("/favicon.ico").status_code == 200
    assert client.get("/lang/en?next=/password").headers["Location"].endswith("/password")

    changed = client.post("/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert client.get("/people/").status_code == 200
    assert client.get(f"/contests/{contest.id}").status_code == 200


def test_logging_out_stays_possible(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs1", must_change_password=True)
    db.session.commit()
    auth.login("hs1")
    assert auth.logout().status_code == 302
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)


def test_the_api_answers_403_in_json_until_the_password_is_changed(app: Flask, client: FlaskClient) -> None:
    user = UserFactory(username="hs1", must_change_password=True)
    db.session.commit()
    _row, token = api_tokens.create(db.session, user, "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    refused = client.get("/api/v1/contests", headers=headers)
    assert refused.status_code == 403
    assert refused.get_json() == {"error": "Hãy đổi mật khẩu trên trang web trước khi dùng API."}
    user.must_change_password = False
    db.session.commit()
    assert client.get("/api/v1/contests", headers=headers).status_code == 200


def test_the_temporary_password_cannot_be_kept_as_the_new_one(client: FlaskClient, auth: AuthActions) -> None:
    """A coordinator knows the temporary password they handed over: keeping it would leave the account theirs."""
    UserFactory(username="hs1", must_change_password=True)
    db.session.commit()
    auth.login("hs1")
    kept = client.post("/password", data={"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD})
    assert kept.status_code == 200
    assert "Hãy chọn mật khẩu mới, khác mật khẩu hiện tại." in kept.get_data(as_text=True)
    user = db.session.query(User).filter_by(username="hs1").one()
    assert user.must_change_password
    assert client.get("/").headers["Location"].endswith("/password")
