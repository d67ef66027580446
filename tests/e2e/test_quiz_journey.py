"""A pupil of Bảng A takes a short theory test: starts it, ticks answers that are saved as they are clicked (one
while the connection is lost, sent again when it comes back), reloads in the middle and finds them kept, sees the
server's countdown and the formulas typeset, hands in and reads the score and the printable sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Answer

from ..web.quiz_helpers import board_world, question, quiz

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
    page.goto(f"{live_server}/login")
    page.fill("#username", "an")
    page.fill("#password", "password123")
    page.locator("main form button[type=submit]").click()
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
