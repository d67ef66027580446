"""Login limits that never lock out a school's computer lab (one address for the whole class), yet slow down
guessing: per account, failed attempts only, with a growing delay; per address, a generous cap of failures."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import config as config_module
from app.extensions import db, limiter
from app.factory import trust_proxies
from app.services.people.passwords import verify_password
from app.timeutil import format_wait

from ..factories import PASSWORD, SchoolFactory, UserFactory

LAB = {"REMOTE_ADDR": "203.113.7.50"}


@pytest.fixture
def settings(app: Flask) -> Iterator[dict]:
    """The app's settings, changed for one test only."""
    saved = dict(app.config)
    yield app.config
    app.config.update(saved)


def _login(client: FlaskClient, username: str, password: str, environ: dict | None = None) -> TestResponse:
    return client.post("/login", data={"username": username, "password": password}, environ_base=environ or LAB)


def test_sixty_students_of_one_lab_all_log_in(app: Flask) -> None:
    school = SchoolFactory()
    for i in range(60):
        UserFactory(username=f"hs{i:02d}", unit=school)
    db.session.commit()
    for i in range(60):
        client = app.test_client()
        response = _login(client, f"hs{i:02d}", PASSWORD)
        assert response.status_code == 302, (i, response.status_code)
    # a few typing mistakes in the lab change nothing for the others either
    for i in range(0, 60, 6):
        assert _login(app.test_client(), f"hs{i:02d}", "wrong-password").status_code == 200
    assert _login(app.test_client(), "hs59", PASSWORD).status_code == 302


@pytest.mark.slow  # waits out two delays (2 s, then 4 s)
def test_repeated_failures_on_one_account_are_delayed_and_say_for_how_long(app: Flask, settings: dict) -> None:
    settings.update(LOGIN_FREE_FAILURES=3, LOGIN_FIRST_DELAY_SECONDS=2)
    UserFactory(username="hs1")
    UserFactory(username="hs2")
    db.session.commit()
    client = app.test_client()
    for _ in range(2):
        page = _login(client, "hs1", "wrong").get_data(as_text=True)
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in page and "thử lại sau" not in page
    page = _login(client, "hs1", "wrong").get_data(as_text=True)  # the 3rd failure: a 2-second wait begins
    assert "tài khoản này chỉ có thể thử lại sau 2 giây" in page
    refused = _login(client, "hs1", PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Tài khoản này đã nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau" in text
    assert "2 giây" in text or "1 giây" in text
    assert 'value="hs1"' in text  # what the user typed is kept
    # another student of the same lab is not affected
    assert _login(app.test_client(), "hs2", PASSWORD).status_code == 302
    time.sleep(2.1)
    page = _login(client, "hs1", "wrong").get_data(as_text=True)  # the 4th failure: twice as long
    assert "thử lại sau 4 giây" in page
    time.sleep(4.1)
    assert _login(client, "hs1", PASSWORD).status_code == 302  # the right password after the wait
    client = app.test_client()
    page = _login(client, "hs1", "wrong").get_data(as_text=True)  # a success started the count again
    assert "thử lại sau" not in page


def test_the_delay_grows_up_to_a_ceiling(app: Flask) -> None:
    from app.services.people.login_limits import Policy

    policy = Policy(free_failures=5, first_delay_seconds=30, max_delay_seconds=900)
    assert [policy.delay_after(n) for n in range(1, 12)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    with app.test_request_context():
        assert [format_wait(s) for s in (1, 45, 60, 61, 900, 3600, 5400)] == [
            "1 giây",
            "45 giây",
            "1 phút",
            "2 phút",
            "15 phút",
            "1 giờ",
            "1 giờ 30 phút",
        ]


def test_the_per_address_cap_still_exists(app: Flask, settings: dict) -> None:
    settings.update(LOGIN_ADDRESS_FAILURES_PER_HOUR=5)
    UserFactory(username="hs1")
    db.session.commit()
    for i in range(5):  # five guesses at five different accounts from one machine
        assert _login(app.test_client(), f"nobody{i}", "guess").status_code == 200
    refused = _login(app.test_client(), "hs1", PASSWORD)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Có quá nhiều lần đăng nhập sai từ mạng của bạn. Hãy thử lại sau" in text
    assert "Hãy thử lại sau 1 giờ." in text or "Hãy thử lại sau 60 phút." in text
    # another address is not affected
    assert _login(app.test_client(), "hs1", PASSWORD, {"REMOTE_ADDR": "203.113.7.51"}).status_code == 302


def test_successful_logins_never_count_towards_the_address_cap(app: Flask, settings: dict) -> None:
    settings.update(LOGIN_ADDRESS_FAILURES_PER_HOUR=3)
    UserFactory(username="hs1")
    db.session.commit()
    for _ in range(10):
        assert _login(app.test_client(), "hs1", PASSWORD).status_code == 302


def test_behind_a_proxy_the_clients_address_comes_from_the_configured_number_of_proxies(
    app: Flask, settings: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.update(LOGIN_ADDRESS_FAILURES_PER_HOUR=2)
    UserFactory(username="hs1")
    db.session.commit()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def via_proxy(forwarded_for: str, password: str) -> TestResponse:
        return app.test_client().post(
            "/login",
            data={"username": "hs1", "password": password},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base=proxy,
        )

    # no proxies configured (the default): the header is ignored, so it cannot be used to dodge the cap
    for i in range(2):
        via_proxy(f"198.51.100.{i}", "wrong")
    assert via_proxy("198.51.100.9", PASSWORD).status_code == 429
    limiter.reset()  # a new hour

    # one proxy: each school's own address counts, not the proxy's; of a forged chain, only the hop the proxy saw
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)  # the shared app's own, put back after the test
    trust_proxies(app, 1)
    for _ in range(2):
        via_proxy("1.2.3.4, 198.51.100.20", "wrong")
    assert via_proxy("198.51.100.20", PASSWORD).status_code == 429
    assert via_proxy("1.2.3.4", PASSWORD).status_code == 302
    assert via_proxy("198.51.100.21", PASSWORD).status_code == 302


def test_the_proxies_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOITHI_SECRET_KEY", "x")
    assert config_module.from_environment(tmp_path)["PROXIES"] == 0
    monkeypatch.setenv("HOITHI_PROXIES", "2")
    assert config_module.from_environment(tmp_path)["PROXIES"] == 2


def test_the_limits_work_on_redis_as_shared_by_every_web_process(redis_url: str) -> None:
    from limits.storage import Storage, storage_from_string

    from app.services.people.login_limits import LoginLimits, Policy

    storage = storage_from_string(redis_url.replace("unix://", "redis+unix://", 1))
    assert isinstance(storage, Storage)  # the synchronous kind, as the web processes use
    storage.reset()
    policy = Policy(free_failures=2, first_delay_seconds=30, address_failures_per_hour=3)
    web1, web2 = LoginLimits(storage, policy), LoginLimits(storage, policy)
    assert web1.failed("hs1", "203.113.7.50") == 0
    assert web2.failed("HS1 ", "203.113.7.50") == 30  # the same account, counted by another process
    refusal = web1.check("hs1", "203.113.7.50")
    assert refusal is not None and refusal.reason == "account" and 29 <= refusal.wait_seconds <= 30
    assert web1.check("hs2", "203.113.7.50") is None
    web2.failed("hs3", "203.113.7.50")
    refusal = web1.check("hs2", "203.113.7.50")
    assert refusal is not None and refusal.reason == "address" and 3590 <= refusal.wait_seconds <= 3600
    web1.succeeded("hs1")
    assert web1.check("hs1", "203.113.7.51") is None
    storage.reset()


def test_other_rate_limits_tell_the_truth_about_the_wait(app: Flask, settings: dict) -> None:
    settings.update(REGISTER_RATE_LIMIT="2 per hour")
    client = app.test_client()
    for _ in range(2):
        assert client.post("/register", data={}, environ_base=LAB).status_code == 200
    refused = client.post("/register", data={}, environ_base=LAB)
    assert refused.status_code == 429
    text = refused.get_data(as_text=True)
    assert "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 1 giờ." in text
    assert "một phút" not in text


def test_no_limiter_check_before_every_request_while_no_limit_needs_it(app: Flask) -> None:
    """hoithi's limits are the views' own, checked by their decorators (the test above): the check Flask-Limiter
    hooks before every request, for default, application-wide and blueprint limits, is left out (app.rate_limits)."""
    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    assert not limiter.limit_manager.default_limits and not limiter.limit_manager.application_limits


def test_guessing_the_current_password_from_an_open_session_is_limited_as_a_login_is(
    app: Flask, settings: dict
) -> None:
    """A session left open on a lab's computer must not be a way to guess its owner's password: a wrong current
    password in the change form counts as a failed login of the account, and the form waits as the login does."""
    settings.update(LOGIN_FREE_FAILURES=2, LOGIN_FIRST_DELAY_SECONDS=60)
    user = UserFactory(username="hs1")
    db.session.commit()
    client = app.test_client()
    assert _login(client, "hs1", PASSWORD).status_code == 302
    new = "Mật khẩu mới của em 2026"

    def change(current: str) -> TestResponse:
        form = {"current": current, "new": new, "confirm": new}
        return client.post("/password", data=form, environ_base=LAB)

    page = change("doan-thu-1").get_data(as_text=True)
    assert "Mật khẩu hiện tại không đúng." in page and "thử lại sau" not in page
    page = change("doan-thu-2").get_data(as_text=True)  # the 2nd failure: a minute's wait begins
    assert "tài khoản này chỉ có thể thử lại sau 1 phút" in page
    refused = change(PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    assert "Tài khoản này đã nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)  # the password did not change
    assert _login(app.test_client(), "hs1", PASSWORD).status_code == 429  # and the login waits too
