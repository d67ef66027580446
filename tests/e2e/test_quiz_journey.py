"""A pupil of Bảng A takes a short theory test: starts it, ticks answers that are saved as they are clicked (one
while the connection is lost, sent again when it comes back), reloads in the middle and finds them kept, sees the
server's countdown and the formulas typeset, hands in and reads the score and the printable sheet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Answer, Sheet
from app.timeutil import utcnow

from ..web.quiz_helpers import board_world, question, quiz
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_a_pupil_takes_a_short_test_with_a_reload_in_the_middle(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    world = board_world()
    contest = world["contest"]
    question(contest, "Toán", 1, text="Tính $x^2$ khi $x = 3$", options=("$9$", "$6$"), correct=(0,))
    quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 1), ("Tin học", 3, 1), ("Toán", 1, 1)])
    db.session.commit()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, "an")
    page.goto(f"{live_server}/contests/{contest.id}/problems")
    page.locator("#theory-test a").click()
    page.locator("#start-quiz").click()
    expect(page.locator("fieldset.quiz-item")).to_have_count(3)
    expect(page.locator("#quiz-clock")).to_contain_text("19:")
    expect(page.locator(".katex").first).to_be_visible()

    items = page.locator("fieldset.quiz-item")
    items.nth(0).locator("input").first.check()
    expect(items.nth(0).locator(".quiz-status")).to_have_text("Đã lưu")
    context.set_offline(True)
    items.nth(1).locator("input").first.check()
    expect(items.nth(1).locator(".quiz-status")).to_have_text("Chưa lưu được: đang thử lại…")
    expect(page.locator("#quiz-connection")).to_be_visible()
    context.set_offline(False)
    expect(items.nth(1).locator(".quiz-status")).to_have_text("Đã lưu", timeout=10_000)
    shots(page, "quiz-answering")

    page.reload()
    items = page.locator("fieldset.quiz-item")
    expect(items.nth(0).locator("input").first).to_be_checked()
    expect(items.nth(1).locator("input").first).to_be_checked()
    assert db.session.query(Answer).count() == 2

    items.nth(2).locator("input").first.check()
    expect(items.nth(2).locator(".quiz-status")).to_have_text("Đã lưu")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#quiz-submit button").click()
    expect(page.locator("#quiz-score")).to_contain_text("Điểm:")
    page.locator("#print-sheet").click()
    expect(page.locator("#sheet-score")).to_contain_text("/ 3")
    expect(page.locator("section.quiz-item")).to_have_count(3)
    shots(page, "quiz-sheet")


def test_an_answer_not_yet_saved_when_the_clock_reaches_zero_is_sent_before_the_hand_in(
    app: Flask, live_server: str, browser: Browser
) -> None:
    """The connection drops in the last seconds: the answer ticked then is still sent (within the server's grace)
    once it comes back, and only then is the sheet handed in, so it counts."""
    world = board_world()
    contest = world["contest"]
    quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 1)])
    db.session.commit()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, "an")
    page.goto(f"{live_server}/contests/{contest.id}/quiz")
    page.locator("#start-quiz").click()
    expect(page.locator("fieldset.quiz-item")).to_have_count(1)
    sheet = db.session.query(Sheet).one()
    sheet.ends_at = utcnow() + timedelta(seconds=4)
    db.session.commit()
    page.reload()

    context.set_offline(True)
    page.locator('fieldset.quiz-item input[value="0"]').check()  # the right option, as stored
    expect(page.locator(".quiz-status")).to_have_text("Chưa lưu được: đang thử lại…")
    page.wait_for_timeout(5_500)  # the clock has reached zero, the answer still not sent
    context.set_offline(False)
    expect(page.locator("#quiz-score")).to_contain_text("Điểm:", timeout=15_000)
    db.session.expire_all()
    assert db.session.query(Answer).count() == 1
    handed_in = db.session.query(Sheet).one()
    assert handed_in.submitted and handed_in.score == 1
