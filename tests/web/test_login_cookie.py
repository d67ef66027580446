"""A login is never undone by an answer to a request sent before it: the browser fetches the page's icon (or anything
else) with the cookie it had, the login is answered meanwhile, and the late answer must not put the old session back.
Session protection still marks a logged-in session used from another browser."""

from __future__ import annotations

import re

from flask import Flask

from app.extensions import db

from ..factories import PASSWORD, UserFactory


def _login_form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def test_a_request_sent_before_the_login_and_answered_after_it_leaves_the_login_standing(csrf_app: Flask) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    browser = csrf_app.test_client()
    token = _login_form_token(browser.get("/login").get_data(as_text=True))
    cookie_before_login = browser.get_cookie("session")
    assert cookie_before_login is not None  # the form's CSRF token lives in the session

    login = browser.post("/login", data={"username": "hs1", "password": PASSWORD, "csrf_token": token})
    assert login.status_code == 302

    # requests that carried the cookie from before the login, answered after it: none of them sets a cookie
    late = csrf_app.test_client()
    late.set_cookie("session", cookie_before_login.value)
    for path in ("/no-such-page", "/", "/login", "/favicon.ico"):
        answer = late.get(path)
        assert "Set-Cookie" not in answer.headers, path
    assert browser.get("/home").status_code == 200


def test_the_site_icon_is_served_without_touching_the_session(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200
    assert answer.mimetype == "image/svg+xml"
    assert answer.get_data().startswith(b"<svg")
    assert "Set-Cookie" not in answer.headers
    assert 'rel="icon" href="/static/favicon.svg?v=' in client.get("/login").get_data(as_text=True)


def test_a_logged_in_session_used_from_another_browser_is_still_marked_not_fresh(csrf_app: Flask) -> None:
    UserFactory(username="hs1")
    db.session.commit()
    browser = csrf_app.test_client()
    token = _login_form_token(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"username": "hs1", "password": PASSWORD, "csrf_token": token})
    with browser.session_transaction() as session:
        assert session["_fresh"] is True

    browser.get("/home", headers={"User-Agent": "another browser"})

    with browser.session_transaction() as session:
        assert session["_fresh"] is False
        assert session["_user_id"]  # basic protection: still logged in, no longer fresh
