"""Passwords in the browser: a student who forgot theirs gets a link by e-mail that works once; a coordinator who
resets someone's password confirms it first; a mistyped password delays that account only, and says for how long."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Role
from tests.builders import present
from tests.responses import search

from ..factories import PASSWORD, SchoolFactory, UserFactory
from .pages import submit_login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_forgotten_password_by_email(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    saved = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    try:
        UserFactory(username="tranthilan", full_name="Trần Thị Lan", email="lan@example.edu.vn")
        db.session.commit()
        page = browser.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_role("link", name="Quên mật khẩu?").click()
        page.fill("#email", "lan@example.edu.vn")
        shots(page, "forgot")
        page.get_by_role("button", name="Gửi liên kết").click()
        expect(page.locator("#sent")).to_contain_text("30 phút")
        shots(page, "sent")

        [eml] = list((tmp_path / "mail").glob("*.eml"))
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        body = present(message.get_body(preferencelist=("plain",))).get_content()
        link = search(r"http\S+/password/reset/\S+", body).group(0)
        assert link.startswith(live_server)

        page.goto(link)
        expect(page.locator("main")).to_contain_text("tranthilan")
        page.fill("#new", "matkhau-moi-1")
        page.fill("#confirm", "matkhau-moi-1")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".flash.success")).to_contain_text("Đã đặt mật khẩu mới")
        shots(page, "password-set")
        submit_login(page, live_server, "tranthilan", "matkhau-moi-1")
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

        second = browser.new_page()
        second.goto(link)
        expect(second.locator("#bad-link")).to_contain_text("Liên kết này đã được dùng")
        shots(second, "link-used")
    finally:
        app.config["MAIL_FOLDER"] = saved


def test_a_coordinator_confirms_before_resetting_a_password(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    school = SchoolFactory(name="Trường THCS Lê Quý Đôn")
    UserFactory(username="dieuphoi", unit=school, roles={Role.COORDINATOR})
    student = UserFactory(username="vuminhduc", full_name="Vũ Minh Đức", unit=school)
    db.session.commit()
    old = student.password_hash
    page = browser.new_page()
    submit_login(page, live_server, "dieuphoi", PASSWORD)
    page.goto(f"{live_server}/people/")
    page.locator("tr[data-username=vuminhduc]").get_by_role("link", name="Đặt lại mật khẩu").click()
    expect(page.locator("#person")).to_contain_text("Vũ Minh Đức")
    shots(page, "confirm-page")
    # the browser's own check is bypassed: the server still refuses without the ticked box
    page.locator("#confirm").evaluate("el => el.removeAttribute('required')")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Hãy đánh dấu vào ô để xác nhận")
    db.session.refresh(student)
    assert student.password_hash == old
    page.check("#confirm")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#credentials")).to_contain_text("vuminhduc")
    shots(page, "new-password")
    db.session.refresh(student)
    assert student.password_hash != old and student.must_change_password


def test_wrong_passwords_delay_one_account_and_say_for_how_long(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    UserFactory(username="hs1")
    UserFactory(username="hs2")
    db.session.commit()
    page = browser.new_page()
    for _ in range(5):
        submit_login(page, live_server, "hs1", "sai-mat-khau")
    expect(page.locator(".flash.error")).to_contain_text("thử lại sau 30 giây")
    submit_login(page, live_server, "hs1", PASSWORD)
    expect(page.locator(".flash.error")).to_contain_text("Tài khoản này đã nhập sai mật khẩu quá nhiều lần")
    expect(page.locator("#username")).to_have_value("hs1")
    shots(page, "account-waits")
    other = browser.new_page()  # the next computer of the same lab
    submit_login(other, live_server, "hs2", PASSWORD)
    expect(other.get_by_role("button", name="Đăng xuất")).to_be_visible()
