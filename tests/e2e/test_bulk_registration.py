"""A coordinator registers a whole class with the pick list, then cancels one registration."""

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import RegistrationMember, Role

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_coordinator_registers_a_class_and_cancels_one(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    school = SchoolFactory(name="Trường THCS Lê Quý Đôn")
    UserFactory(username="dieuphoi", unit=school, roles={Role.COORDINATOR})
    for name in ["Nguyễn Văn An", "Đặng Quốc Ánh", "Lê Thị Khánh"]:
        UserFactory(full_name=name, class_name="8A1", unit=school)
    UserFactory(full_name="Trần Văn Sáu", class_name="6A", unit=school)
    contest = ContestFactory(title="Hội thi Tin học trẻ")
    CategoryFactory(contest=contest, code="B", name="Bảng B – THCS")
    db.session.commit()

    page = browser.new_page()
    log_in(page, live_server, "dieuphoi")
    page.goto(f"{live_server}/contests/{contest.id}/register-people")
    page.select_option("#filter-class", "8A1")
    page.locator("#pick-filter button").click()
    pick = page.locator("#pick-list")
    expect(pick).to_contain_text("Đặng Quốc Ánh")
    expect(pick).not_to_contain_text("Trần Văn Sáu")
    page.locator("input[data-pick-all=people]").check()  # the "choose all" box (pick.js)
    shots(page, "bulk-registration-ticked")
    page.locator("#register-chosen").click()
    expect(page.locator(".flash.success")).to_contain_text("Đã đăng ký 3 người.")
    expect(page.locator("#pick-list")).to_contain_text("Không còn ai để đăng ký.")
    assert db.session.query(RegistrationMember).count() == 3

    page.locator("button[data-cancel]").first.click()
    expect(page.locator(".flash.success")).to_contain_text("Đã huỷ đăng ký.")
    page.goto(f"{live_server}/contests/{contest.id}/register-people?class=8A1")
    expect(page.locator("#pick-list input[name=people]")).to_have_count(1)
    shots(page, "bulk-registration-after-cancel")
