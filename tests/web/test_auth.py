"""Logging in and out, changing passwords, students registering themselves, language."""

import re
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db
from app.models import AccountStatus, Role, User
from app.services.people import passwords
from tests.conftest import AuthActions

from ..factories import PASSWORD, SchoolFactory, UserFactory


def test_login_and_logout(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    response = auth.login("hs1")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Đăng xuất" in page or "Log out" in page
    assert auth.logout().status_code == 302
    assert client.get("/people/").status_code == 302  # back to the login page


def test_wrong_password_is_refused_in_vietnamese(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    page = auth.login("hs1", "wrong-password").get_data(as_text=True)
    assert "mật khẩu" in page.lower()
    assert client.get("/password").status_code == 302


def test_password_is_hashed_with_argon2(app: Flask) -> None:
    user = UserFactory()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert not passwords.verify_password(user.password_hash, "nope")


def test_a_site_hashes_passwords_at_owasps_argon2id_cost(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests' app hashes at argon2's least cost (conftest); an app built as a site builds it keeps the strong
    default, whatever the environment says."""
    monkeypatch.setenv("HOITHI_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("HOITHI_PASSWORD_HASH_COST", "minimal")
    site = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with site.app_context():
        password_hash = passwords.hash_password(PASSWORD)
        assert passwords.verify_password(password_hash, PASSWORD)
    assert password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_session_cookie_flags(app: Flask) -> None:
    assert app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


# a browser reads a backslash in a path as a slash: "/\\evil.example" is "//evil.example", another site
OTHER_SITES = ["//evil.example/x", "/\\evil.example/x", "/\\/evil.example", "https://evil.example/", "\\\\evil.example"]


@pytest.mark.parametrize("target", OTHER_SITES)
def test_open_redirect_after_login_is_refused(client: FlaskClient, target: str) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    response = client.post("/login", query_string={"next": target}, data={"username": "hs1", "password": PASSWORD})
    assert response.headers["Location"] == "/home"  # the landing page, never the other site


@pytest.mark.parametrize("target", OTHER_SITES)
def test_open_redirect_after_choosing_a_language_is_refused(client: FlaskClient, target: str) -> None:
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/home"


# a browser drops tabs and line breaks from an address (WHATWG URL): "/<TAB>/evil.example" is "//evil.example"
STRIPPED = [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%09%5Cevil.example",
    "%20//evil.example",
]


def _browser_reads(location: str) -> SplitResult:
    """The address a browser goes to for a Location header: tabs and line breaks dropped, leading spaces too."""
    return urlsplit(re.sub(r"[\t\n\r]", "", location).lstrip(" ").replace("\\", "/"))


@pytest.mark.parametrize("raw", STRIPPED)
def test_a_next_address_with_tabs_or_line_breaks_stays_on_the_site(client: FlaskClient, raw: str) -> None:
    """Typed text loses its control characters before a view reads it (input_checks), and ``_safe_next`` reads a
    target as a browser would: either way the answer's Location names no other host (already right; pinned)."""
    UserFactory(username="hs1")
    db.session.commit()
    login = client.post(f"/login?next={raw}", data={"username": "hs1", "password": PASSWORD})
    language = client.get(f"/lang/en?next={raw}")
    for response in (login, language):
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.startswith("/"), location
        read = _browser_reads(location)
        assert (read.scheme, read.netloc) == ("", ""), location


def test_a_page_of_the_site_is_followed_after_login(client: FlaskClient) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    response = client.post(
        "/login", query_string={"next": "/contests/1?x=1"}, data={"username": "hs1", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/contests/1?x=1"


def test_change_password(client: FlaskClient, auth: AuthActions) -> None:
    user = UserFactory(username="hs1")
    db.session.commit()
    auth.login("hs1")
    bad = client.post("/password", data={"current": "wrong", "new": "newpassword1", "confirm": "newpassword1"})
    assert bad.status_code == 200
    ok = client.post("/password", data={"current": PASSWORD, "new": "newpassword1", "confirm": "newpassword1"})
    assert ok.status_code == 302
    db.session.refresh(user)
    assert passwords.verify_password(user.password_hash, "newpassword1")


def _registration(school_id: int, **changes: Any) -> dict[str, Any]:
    data = {
        "school": school_id,
        "full_name": "Vũ Minh Đức",
        "date_of_birth": "2012-05-19",
        "class_name": "8A1",
        "email": "duc@example.edu.vn",
        "username": "vuminhduc",
        "password": "hoa-sen-tim-2012",
        "confirm": "hoa-sen-tim-2012",
    }
    data.update(changes)
    return data


def test_student_registers_and_is_pending_until_confirmed(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    coordinator = UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    db.session.commit()
    response = client.post("/register", data=_registration(school.id))
    assert response.status_code == 302
    student = db.session.query(User).filter_by(username="vuminhduc").one()
    assert student.status is AccountStatus.PENDING and student.roles == {Role.STUDENT}
    assert auth.login("vuminhduc", "hoa-sen-tim-2012").status_code == 200  # the login page again: not yet active
    assert client.get("/password").status_code == 302
    auth.login("dp")
    assert client.post(f"/people/{student.id}/status/active").status_code == 302
    auth.logout()
    assert auth.login("vuminhduc", "hoa-sen-tim-2012").status_code == 302
    assert client.get("/password").status_code == 200
    assert coordinator.status is AccountStatus.ACTIVE


def test_student_registration_bad_input_saves_nothing(client: FlaskClient) -> None:
    school = SchoolFactory()
    db.session.commit()
    cases: list[tuple[dict[str, object], str]] = [
        ({"email": "not-an-email"}, ""),
        ({"password": "ngan-qua", "confirm": "ngan-qua"}, "ít nhất 10 ký tự"),
        ({"password": "1234567890", "confirm": "1234567890"}, "mật khẩu phổ biến"),
        ({"password": "Vu Minh Duc 2012", "confirm": "Vu Minh Duc 2012"}, "họ tên"),
        ({"password": "VUMINHDUC99", "confirm": "VUMINHDUC99"}, "tên đăng nhập"),
        ({"email": "hoasentim@example.edu.vn", "password": "HoaSenTim2024", "confirm": "HoaSenTim2024"}, "e-mail"),
        ({"date_of_birth": "2999-01-01"}, "tương lai"),
        ({"school": 999999}, ""),
    ]
    for changes, word in cases:
        response = client.post("/register", data=_registration(school.id, **changes))
        assert response.status_code == 200, changes
        assert word in response.get_data(as_text=True), changes
    assert db.session.query(User).filter_by(username="vuminhduc").count() == 0


def test_interface_is_vietnamese_by_default_and_switches_to_english(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    client.get("/lang/en")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_csrf_is_required_on_forms(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    UserFactory(username="hs1")
    db.session.commit()
    response = client.post("/login", data={"username": "hs1", "password": PASSWORD})
    assert response.status_code == 400
