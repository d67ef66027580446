"""A lab package lost on its way to the lab, in the browser and in Vietnamese: the organiser withdraws it on the
lab round page (a reason, the confirmation ticked, the form's CSRF token), sees it marked withdrawn with its date
and reason, and exports a new package for the same contestants."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import LabPackage
from app.timeutil import format_datetime

from ..web.lab_helpers import province
from .pages import log_in

__all__ = ["province"]

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LOST = "Gói bị thất lạc trên đường đến trường"


def _export(page: Page) -> None:
    with page.expect_download():
        page.locator("#lab-export button[type=submit]").click()


def test_a_lost_package_is_withdrawn_on_the_page_and_issued_anew(
    live_server: str, browser: Browser, shots: Callable[[Page, str], Path], province: dict[str, int]
) -> None:
    page = browser.new_context().new_page()
    log_in(page, live_server, "org")
    page.goto(f"{live_server}/contests/{province['contest']}/manage/lab")
    _export(page)
    page.reload()
    packages = page.locator("#lab-packages")
    packages.get_by_text("Thu hồi gói này").click()
    form = packages.locator("details.withdraw-package form")
    form.get_by_label("Lý do").fill(LOST)
    shots(page, "withdraw-form")
    form.get_by_role("button", name="Thu hồi gói").click()  # not yet confirmed: the browser holds the form back
    expect(page.locator(".flash")).to_have_count(0)
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Thu hồi gói").click()
    expect(page.locator(".flash.success")).to_contain_text("Đã thu hồi gói phòng máy")
    withdrawn = db.session.scalars(select(LabPackage)).one()
    db.session.refresh(withdrawn)
    expect(packages).to_contain_text(f"đã thu hồi lúc {format_datetime(withdrawn.withdrawn_at)}")
    expect(packages).to_contain_text(LOST)
    shots(page, "withdrawn")

    _export(page)  # the same contestants, in a new package
    page.reload()
    expect(page.locator("#lab-packages tr")).to_have_count(3)  # the header, the new package and the withdrawn one
    expect(page.locator("#lab-packages details.withdraw-package")).to_have_count(1)
    db.session.expire_all()
    assert len(db.session.scalars(select(LabPackage).where(LabPackage.withdrawn_at.is_(None))).all()) == 1
