"""The headers every answer of the site carries (app.factory, app.security_headers), and its cookies' flags: no
page framed by another site, no content type guessed, no address of ours sent to other sites, scripts only our own;
over HTTPS, browsers told to come back by HTTPS alone and cookies that never travel in the clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import config as config_module
from app.extensions import db
from app.models import Role

from .. import builders


@pytest.mark.parametrize("url", ["/", "/login", "/contests/999999", "/password"])
def test_every_answer_forbids_framing_sniffing_and_foreign_scripts(client: FlaskClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "Strict-Transport-Security" not in headers  # a school's own machine on plain HTTP is never locked out


def test_https_is_asked_for_by_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOITHI_HTTPS", "1")
    settings = config_module.from_environment(tmp_path)
    assert settings["HTTPS"] and settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    monkeypatch.setenv("HOITHI_HTTPS", "0")
    assert not config_module.from_environment(tmp_path)["HTTPS"]


def test_over_https_every_answer_keeps_the_browser_on_https_and_the_cookie_secure(app: Flask) -> None:
    app.config.update(HTTPS=True, SESSION_COOKIE_SECURE=True)
    builders.person("gv_https", None, Role.TEACHER)
    db.session.commit()
    client = app.test_client()
    for url in ("/", "/login", "/contests/999999"):
        assert client.get(url).headers["Strict-Transport-Security"] == "max-age=31536000"
    login = client.post("/login", data={"username": "gv_https", "password": "password123"})
    assert login.status_code == 302
    assert login.headers["Strict-Transport-Security"] == "max-age=31536000"
    (cookie,) = [c for c in login.headers.getlist("Set-Cookie") if c.startswith("session=")]
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags
