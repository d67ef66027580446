"""A contestant submits an accepted C++ and a wrong Python solution to a Themis task, watches both results
arrive without reloading the page, and the scoreboard ranks the contestants."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import ContestKind, ContestProblem, Submission, SubmissionStatus
from app.queue import connection, judge_queue
from app.services.contests import registrations
from app.services.programming import grading
from submissions.store import LocalStore
from tests.builders import row_of

from ..factories import ContestFactory, SchoolFactory, UserFactory
from .conftest import judge_worker
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SUM = ROOT / "tests" / "judge" / "data" / "themis" / "SUM"
ACCEPTED_CPP = """#include <cstdio>
int main() {
    long long a, b;
    std::scanf("%lld %lld", &a, &b);
    std::printf("%lld\\n", a + b);
}
"""
WRONG_PY = "a, b = map(int, input().split())\nprint(a * b)\n"


@pytest.fixture
def worker(app: Flask) -> Iterator[subprocess.Popen[bytes]]:
    """A real judge worker (``hoithi worker``) on the test database and Redis, grading in bubblewrap."""
    connection().flushdb()
    with judge_worker(app) as process:
        yield process
    connection().flushdb()


def _type_source(page: Page, source: str) -> None:
    """Put ``source`` into the page's CodeMirror editor, as pasting would."""
    page.locator(".CodeMirror").wait_for()
    page.evaluate("(text) => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", source)


def _mark_page(page: Page) -> None:
    """A marker that a reload or a navigation would wipe out."""
    page.evaluate("() => { window.__notReloaded = true; }")


def test_contestant_submits_watches_results_and_is_ranked(
    app: Flask,
    live_server: str,
    browser: Browser,
    shots: Callable[[Page, str], Path],
    worker: subprocess.Popen[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "SUBMIT_INTERVAL_SECONDS", 1)  # the wait between two submissions, shortened
    school = SchoolFactory(name="Trường THCS Chu Văn An")
    contest = ContestFactory(title="Tin học trẻ – vòng tỉnh", kind=ContestKind.INFORMATICS)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    student = UserFactory(username="thisinh", full_name="Vũ Minh Đức", unit=school)
    rival = UserFactory(username="doithu", full_name="Lê Thị Hoa", unit=school)
    for person in (student, rival):
        registrations.register(db.session, person, contest, member_ids=[person.id])
    db.session.commit()
    # The rival's partial solution (right on the first test only), graded meanwhile by the worker.
    partial = grading.create_submission(db.session, problem, b"print(3)\n", "python", rival.id)
    db.session.commit()
    grading.enqueue(judge_queue(), partial.id)

    page = browser.new_page()
    log_in(page, live_server, "thisinh")
    page.goto(f"{live_server}/contests/{contest.id}/problems")
    shots(page, "problems")
    page.get_by_role("link", name="SUM").click()
    expect(page.locator("h1")).to_contain_text("A.")

    # An accepted C++ solution, pasted into the editor.
    page.select_option("#language", "cpp")
    _type_source(page, ACCEPTED_CPP)
    shots(page, "cpp-pasted")
    page.locator("#submit-button").click()
    expect(page.locator("#live")).to_be_visible()
    _mark_page(page)
    expect(page.locator("#status")).to_contain_text("AC", timeout=60_000)
    expect(page.locator("#score")).to_contain_text("100")
    assert page.evaluate("() => window.__notReloaded === true")
    shots(page, "cpp-accepted")

    # A wrong Python solution, once the submission spacing (1 s here) has passed.
    time.sleep(1)
    page.goto(f"{live_server}/contests/{contest.id}/problems/A")
    page.select_option("#language", "python")
    _type_source(page, WRONG_PY)
    page.locator("#submit-button").click()
    _mark_page(page)
    expect(page.locator("#status")).to_contain_text("WA", timeout=60_000)
    expect(page.locator("#tests tbody tr")).to_have_count(5)
    assert page.evaluate("() => window.__notReloaded === true")
    shots(page, "python-wrong")

    page.goto(f"{live_server}/contests/{contest.id}/submissions")
    rows = page.locator("#submissions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("WA")
    expect(rows.nth(1)).to_contain_text("AC")
    shots(page, "my-submissions")

    deadline = time.monotonic() + 60
    while row_of(Submission, partial.id).status is not SubmissionStatus.DONE:
        assert time.monotonic() < deadline, "the rival's submission was not graded"
        time.sleep(0.5)
        db.session.expire_all()
    page.goto(f"{live_server}/contests/{contest.id}/scoreboard")
    body = page.locator("table tbody tr")
    # The board is served from a cache a few seconds old and refreshes itself: the rival's row comes within one
    # refresh (SCOREBOARD_REFRESH_SECONDS), without a reload.
    expect(body).to_have_count(2, timeout=30_000)
    expect(body.nth(0)).to_contain_text("Vũ Minh Đức")
    expect(body.nth(0)).to_contain_text("100")
    expect(body.nth(1)).to_contain_text("Lê Thị Hoa")
    shots(page, "scoreboard")


def test_an_open_scoreboard_shows_a_new_accepted_submission_without_reloading(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], worker: subprocess.Popen[bytes]
) -> None:
    """Issue 11, item 5: the board refreshes itself, and asks nothing while its tab is hidden."""
    app.config["SCOREBOARD_REFRESH_SECONDS"] = 1
    school = SchoolFactory(name="Trường THCS Chu Văn An")
    contest = ContestFactory(title="Tin học trẻ – vòng huyện", kind=ContestKind.INFORMATICS)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    student = UserFactory(username="thisinh", full_name="Vũ Minh Đức", unit=school)
    registrations.register(db.session, student, contest, member_ids=[student.id])
    db.session.commit()

    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/scoreboard/live" in r.url else None)
    page.goto(f"{live_server}/contests/{contest.id}/scoreboard")
    total = page.locator("#scoreboard tbody tr").nth(0).locator("td").last
    expect(total).to_have_text("0")
    expect(page.locator("#refresh-note")).to_contain_text("1")
    _mark_page(page)

    # While the tab is hidden the board asks nothing.
    page.evaluate(
        """() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
                   document.dispatchEvent(new Event('visibilitychange')); }"""
    )
    page.wait_for_timeout(300)
    asked = len(requests)
    page.wait_for_timeout(2500)
    assert len(requests) == asked

    # An accepted submission, graded by the real worker, while the tab is hidden.
    accepted = grading.create_submission(db.session, problem, ACCEPTED_CPP.encode(), "cpp", student.id)
    db.session.commit()
    grading.enqueue(judge_queue(), accepted.id)
    deadline = time.monotonic() + 60
    while row_of(Submission, accepted.id).status is not SubmissionStatus.DONE:
        assert time.monotonic() < deadline, "the submission was not graded"
        time.sleep(0.5)
        db.session.expire_all()

    # Shown again: the board refreshes at once, then every second.
    page.evaluate(
        """() => { Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});
                   document.dispatchEvent(new Event('visibilitychange')); }"""
    )
    expect(total).to_have_text("100", timeout=15_000)  # the board is cached in Redis for a few seconds
    expect(page.locator("#scoreboard tbody tr").nth(0)).to_contain_text("Vũ Minh Đức")
    assert page.evaluate("() => window.__notReloaded === true")
    assert len(requests) > asked
    shots(page, "scoreboard-refreshed")
    page.close()
