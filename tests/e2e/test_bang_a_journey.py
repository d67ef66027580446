"""Bảng A of the demo, both parts: a primary pupil takes the 20-question theory test (ticks every answer, hands
in, reads the score), then uploads the demo's sample Scratch project for the task, judged by a real worker in
bubblewrap: AC, and the submission page previews the project. The organiser then finds the pupil first in the
board's combined result, theory and practice weighed. (That the demo's wrong project gets the WA the demo stores
is ``tests/web/test_demo_scratch.py``'s.)"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Question
from app.services.demo import DEMO_PASSWORD, load_demo
from app.services.demo.contests import INFORMATICS, contest_of
from app.services.demo.primary import LABEL
from app.services.demo.sb3 import area_project
from app.services.demo.theory import E2E_PUPIL
from submissions.store import LocalStore

from .pages import log_in
from .test_contestant_journey import worker  # noqa: F401  (the real judge worker)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _log_in(browser: Browser, live_server: str, username: str) -> Page:
    page = browser.new_context().new_page()
    log_in(page, live_server, username, DEMO_PASSWORD)
    return page


def test_a_pupil_sits_both_parts_and_the_organiser_sees_the_combined_result(
    app: Flask,
    live_server: str,
    browser: Browser,
    shots: Callable[[Page, str], Path],
    worker: subprocess.Popen[bytes],  # noqa: F811
    tmp_path: Path,
) -> None:
    load_demo(db.session, LocalStore(app.config["STORAGE_DIR"]))
    db.session.commit()
    contest = contest_of(db.session, INFORMATICS)
    project = tmp_path / "dien-tich.sb3"
    project.write_bytes(area_project())

    # The theory test: 20 questions, every one answered right, handed in.
    page = _log_in(browser, live_server, E2E_PUPIL)
    page.goto(f"{live_server}/contests/{contest.id}/problems")
    page.locator("#theory-test a").click()
    page.locator("#start-quiz").click()
    items = page.locator("fieldset.quiz-item")
    expect(items).to_have_count(20)
    for number in range(20):
        item = items.nth(number)
        question = db.session.get(Question, int(item.get_attribute("data-question") or 0))
        assert question is not None
        for index in question.correct:
            item.locator(f"input[value='{index}']").check()
        expect(item.locator(".quiz-status")).to_have_text("Đã lưu")
    shots(page, "theory-answered")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#quiz-submit button").click()
    expect(page.locator("#quiz-score")).to_contain_text("20")
    shots(page, "theory-handed-in")

    # The practice: the area of the rectangle, ten tests of a Node start each (slow on a busy machine).
    page.goto(f"{live_server}/contests/{contest.id}/problems/{LABEL}")
    page.select_option("#language", "scratch")
    page.set_input_files("#file", str(project))
    page.locator("#submit-button").click()
    expect(page.locator("#status")).to_contain_text("AC", timeout=300_000)
    expect(page.locator("#score")).to_contain_text("100 / 100")
    preview = page.locator(".scratch-preview")
    expect(preview).to_contain_text("Mèo tính diện tích")
    expect(preview.locator(".scratch-script")).to_contain_text("nói ((dai) * (rong))")
    expect(preview.locator("img.scratch-stage")).to_be_visible()
    shots(page, "scratch-accepted")

    # The organiser: the pupil ranks first in Bảng A, 40 % theory and 60 % practice, both full.
    organiser = _log_in(browser, live_server, "btc")
    organiser.goto(f"{live_server}/contests/{contest.id}/manage/quiz/result")
    rows = organiser.locator("table.results tbody tr")
    expect(rows.nth(0)).to_contain_text("Đinh Gia Khang")
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(0).locator(".theory")).to_have_text("100%")
    expect(rows.nth(0).locator(".practice")).to_have_text("100%")
    expect(rows.nth(0).locator(".total")).to_have_text("100")
    expect(rows.nth(1)).to_contain_text("Nguyễn Bình An")  # the demo's: 40 × 16/20 + 60 × 100 % = 92
    expect(rows.nth(1).locator(".total")).to_have_text("92")
    expect(organiser.locator("body")).to_contain_text("Lý thuyết 40%, thực hành 60%")
    shots(organiser, "combined-result")
