"""Two members of one team of a Young Informatics contest submit from their own browsers; each sees both
submissions as the team's, and the scoreboard shows one row for the team, naming both (issue 15, item 5)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import ContestKind, ContestProblem, Role, Submission, SubmissionStatus
from app.services.programming import grading
from submissions.store import LocalStore

from .. import builders
from .pages import log_in
from .test_contestant_journey import ACCEPTED_CPP, SUM, worker  # noqa: F401  (the real judge worker)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WRONG_PY = "a, b = map(int, input().split())\nprint(a * b)\n"


def _log_in(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context().new_page()
    log_in(page, base, username)
    return page


def _submit(page: Page, base: str, contest_id: int, language: str, source: str) -> None:
    page.goto(f"{base}/contests/{contest_id}/problems/A")
    page.select_option("#language", language)
    page.locator(".CodeMirror").wait_for()
    page.evaluate("(text) => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", source)
    page.locator("#submit-button").click()
    expect(page.locator("#live")).to_be_visible()


def test_two_members_of_a_team_submit_and_both_see_the_teams_row(
    app: Flask,
    live_server: str,
    browser: Browser,
    shots: Callable[[Page, str], Path],
    worker: subprocess.Popen[bytes],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "SUBMIT_INTERVAL_SECONDS", 1)  # the team's wait between two submissions
    units = builders.unit_tree(name="Trường THPT Phan Đình Phùng")
    contest = builders.contest(ContestKind.INFORMATICS, units.department, title="Tin học trẻ – Bảng C", max_team_size=2)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    coordinator = builders.person("dp", units.school, Role.COORDINATOR)
    an = builders.person("an", units.school, full_name="Nguyễn Văn An")
    binh = builders.person("binh", units.school, full_name="Trần Thị Bình")
    builders.team(contest, coordinator, an, binh, name="Đội Sao Mai")
    db.session.commit()

    first = _log_in(browser, live_server, "an")
    second = _log_in(browser, live_server, "binh")
    _submit(first, live_server, contest.id, "python", WRONG_PY)
    expect(first.locator("#status")).to_contain_text("WA", timeout=60_000)
    time.sleep(1)  # the team's slot on the problem frees after a second here
    _submit(second, live_server, contest.id, "cpp", ACCEPTED_CPP)
    expect(second.locator("#status")).to_contain_text("AC", timeout=60_000)
    shots(second, "accepted")

    deadline = time.monotonic() + 60
    while any(s.status is not SubmissionStatus.DONE for s in db.session.query(Submission)):
        assert time.monotonic() < deadline, "the team's submissions were not graded"
        time.sleep(0.5)
        db.session.expire_all()
    for page, name in ((first, "an"), (second, "binh")):
        page.goto(f"{live_server}/contests/{contest.id}/submissions")
        expect(page.locator("#team")).to_contain_text("Đội Sao Mai (T01)")
        rows = page.locator("#submissions tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("AC")
        expect(rows.nth(0).locator(".sender")).to_have_text("Trần Thị Bình")
        expect(rows.nth(1)).to_contain_text("WA")
        expect(rows.nth(1).locator(".sender")).to_have_text("Nguyễn Văn An")
        shots(page, f"submissions-{name}")

        page.goto(f"{live_server}/contests/{contest.id}/scoreboard")
        board = page.locator("#scoreboard tbody tr")
        expect(board).to_have_count(1, timeout=30_000)
        expect(board.nth(0)).to_contain_text("Đội Sao Mai")
        expect(board.nth(0)).to_contain_text("Nguyễn Văn An, Trần Thị Bình")
        expect(board.nth(0).locator("td").last).to_have_text("100", timeout=30_000)
        shots(page, f"scoreboard-{name}")
