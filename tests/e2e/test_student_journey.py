"""A student registers, the school's coordinator confirms them, and the student enters a contest."""

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Registration, Role, User
from tests.builders import present

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_student_registers_is_confirmed_and_enters_a_contest(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    school = SchoolFactory(name="Trường THCS Lê Quý Đôn")
    UserFactory(username="dieuphoi", full_name="Nguyễn Văn Hải", unit=school, roles={Role.COORDINATOR})
    contest = ContestFactory(title="Hội thi Tin học trẻ tỉnh Hải Dương")
    CategoryFactory(contest=contest, code="B", name="Bảng B – THCS")
    db.session.commit()

    page = browser.new_page()
    page.goto(f"{live_server}/register")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.select_option("#school", label="Trường THCS Lê Quý Đôn")
    page.fill("#full_name", "Vũ Minh Đức")
    page.fill("#date_of_birth", "2012-05-19")
    page.fill("#class_name", "8A1")
    page.fill("#email", "duc@example.edu.vn")
    page.fill("#username", "vuminhduc")
    page.fill("#password", "matkhau-an-toan")
    page.fill("#confirm", "matkhau-an-toan")
    shots(page, "student-fills-registration")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator(".flash.success")).to_be_visible()
    shots(page, "registration-pending")

    # The pending student cannot log in yet.
    page.fill("#username", "vuminhduc")
    page.fill("#password", "matkhau-an-toan")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash.error")).to_be_visible()

    coordinator = browser.new_page()
    log_in(coordinator, live_server, "dieuphoi")
    coordinator.goto(f"{live_server}/people/?status=pending")
    row = coordinator.locator("tr[data-username=vuminhduc]")
    expect(row).to_contain_text("chờ xác nhận")
    shots(coordinator, "coordinator-sees-pending-student")
    row.get_by_role("button", name="Xác nhận").click()
    expect(coordinator.locator(".flash.success")).to_contain_text("Vũ Minh Đức")
    shots(coordinator, "coordinator-confirmed")

    log_in(page, live_server, "vuminhduc", "matkhau-an-toan")
    page.get_by_role("link", name="Hội thi Tin học trẻ tỉnh Hải Dương").click()
    expect(page.locator("#registration-state")).to_contain_text("Đang mở đăng ký")
    page.select_option("#category", label="Bảng B – THCS")
    shots(page, "student-opens-contest")
    page.locator("#register-self").click()
    expect(page.locator("#registered")).to_be_visible()
    shots(page, "student-registered")

    student = db.session.query(User).filter_by(username="vuminhduc").one()
    registration = db.session.query(Registration).one()
    assert [m.user_id for m in registration.members] == [student.id]
    assert present(registration.category).code == "B"
