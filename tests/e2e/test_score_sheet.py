"""Issue 11, item 9, in the browser and in Vietnamese: before the submission deadline a judge's score sheet is there to
read, saying when it opens, with nothing to type into; once the deadline passes the judge scores, and submitting (which
locks the sheet) asks for a confirmation first, without losing what was typed when it is missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import ScoreSheet, SheetStatus
from app.services.reviews import assignment
from app.timeutil import format_datetime, utcnow

from ..web.reviews_helpers import review_world
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCORES = ["20", "22.5", "18", "19.5"]


def sheets() -> int:
    return int(db.session.scalar(select(func.count()).select_from(ScoreSheet)) or 0)


def test_the_sheet_is_read_only_until_the_deadline_then_submitting_asks_for_confirmation(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    world = review_world(judges=2, entries=1, closed=False)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    world.contest.submission_opens = utcnow() - timedelta(days=3)
    world.contest.submission_closes = (utcnow() + timedelta(hours=5)).replace(second=0, microsecond=0)
    opens = format_datetime(world.contest.submission_closes)  # dd/mm/yyyy HH:MM in Vietnam
    db.session.commit()

    page = browser.new_context().new_page()
    log_in(page, live_server, judge.username)
    expect(page.locator("header.top")).to_contain_text(judge.full_name)

    page.goto(f"{live_server}/review/")
    row = page.locator(f"#queue tr[data-code='{entry.code}']")
    expect(row).to_contain_text(f"mở lúc {opens}")
    row.locator("a.badge").click()
    expect(page.locator("#sheet-opens")).to_contain_text(f"Phiếu chấm này mở lúc {opens}")
    points = page.locator("#scores input[name^=points_]")
    expect(points).to_have_count(4)
    for i in range(4):
        expect(points.nth(i)).to_be_disabled()
    expect(page.locator("#submit")).to_be_disabled()
    expect(page.locator("#save")).to_be_disabled()
    shots(page, "judge-sheet-before-deadline")

    world.contest.submission_closes = utcnow() - timedelta(minutes=1)  # the deadline passes
    db.session.commit()
    page.reload()
    expect(page.locator("#sheet-opens")).to_have_count(0)
    for i, value in enumerate(SCORES):
        points.nth(i).fill(value)
    page.fill("#overall_comment", "Bài giảng sinh động.")
    page.locator("#submit").click()  # not confirmed: refused, nothing saved, everything typed still there
    expect(page.locator(".field.invalid")).to_contain_text("Hãy đánh dấu ô xác nhận để nộp")
    for i, value in enumerate(SCORES):
        expect(points.nth(i)).to_have_value(value)
    expect(page.locator("#overall_comment")).to_have_value("Bài giảng sinh động.")
    assert sheets() == 0
    shots(page, "judge-submit-without-confirmation")

    page.check("#confirm_lock")
    page.locator("#submit").click()
    expect(page.locator("#sheet-state")).to_contain_text("Phiếu chấm đã khoá")
    expect(page.locator("#total")).to_contain_text("80 / 100")
    db.session.expire_all()
    assert db.session.scalars(select(ScoreSheet.status)).one() is SheetStatus.SUBMITTED
    shots(page, "judge-sheet-submitted")
