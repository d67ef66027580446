"""A contestant runs a program on input they type, from the problem's page, and sees its output, time and memory
arrive without the page reloading; then a compilation error; the fourth run within a minute is refused in the page
with their program kept; none of it is a submission. Run by the real worker in bubblewrap."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import ContestKind, ContestProblem, Submission, TestRun
from app.services.contests import registrations
from app.services.programming import grading
from submissions.store import LocalStore

from ..factories import ContestFactory, UserFactory
from .pages import log_in
from .test_contestant_journey import _mark_page, _type_source, worker  # noqa: F401 (worker: a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SUM = Path(__file__).resolve().parents[2] / "tests" / "judge" / "data" / "themis" / "SUM"
CPP = """#include <cstdio>
int main() {
    long long a, b;
    std::scanf("%lld %lld", &a, &b);
    std::printf("tong = %lld\\n", a + b);
}
"""


def test_a_contestant_runs_a_program_on_typed_input_and_sees_the_result(
    app: Flask,
    live_server: str,
    browser: Browser,
    shots: Callable[[Page, str], Path],
    worker: subprocess.Popen[bytes],  # noqa: F811
) -> None:
    contest = ContestFactory(title="Tin học trẻ – vòng trường", kind=ContestKind.INFORMATICS)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    student = UserFactory(username="thisinh", full_name="Vũ Minh Đức")
    registrations.register(db.session, student, contest, member_ids=[student.id])
    db.session.commit()

    page = browser.new_page()
    log_in(page, live_server, "thisinh")
    page.goto(f"{live_server}/contests/{contest.id}/problems/A")
    expect(page.locator("#test-run-fields")).to_contain_text("Chạy thử")
    expect(page.locator("#test-run")).to_be_hidden()

    page.select_option("#language", "cpp")
    _type_source(page, CPP)
    page.fill("#run_input", "20 22\n")
    _mark_page(page)
    page.locator("#run-button").click()
    expect(page.locator("#test-run")).to_be_visible()
    expect(page.locator("#test-run .run-status")).to_have_text("Chạy xong bình thường", timeout=60_000)
    expect(page.locator("#run-output")).to_have_text("tong = 42\n")
    expect(page.locator("#run-measures")).to_contain_text("Thời gian:")
    expect(page.locator("#run-measures")).to_contain_text("KiB")
    expect(page.locator("#run-measures")).to_contain_text("Mã thoát: 0")
    assert page.evaluate("() => window.__notReloaded === true")
    shots(page, "output")

    # A compilation error, shown with the compiler's message.
    _type_source(page, "int main( { return 0; }\n")
    page.locator("#run-button").click()
    expect(page.locator("#test-run .run-status")).to_contain_text("Lỗi biên dịch", timeout=60_000)
    expect(page.locator("#run-compile-output")).to_contain_text("error")
    expect(page.locator("#run-output-box")).to_be_hidden()
    shots(page, "compile-error")

    # A third run is taken, the fourth within the minute refused in the page; what was typed stays.
    _type_source(page, CPP)
    page.locator("#run-button").click()
    expect(page.locator("#test-run .run-status")).to_have_text("Chạy xong bình thường", timeout=60_000)
    page.locator("#run-button").click()
    expect(page.locator("#test-run-error")).to_contain_text("tối đa 3 lần mỗi phút")
    expect(page.locator("#run_input")).to_have_value("20 22\n")
    assert "tong = %lld" in page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert page.evaluate("() => window.__notReloaded === true")
    shots(page, "refused")

    # None of it is a submission.
    assert db.session.query(TestRun).count() == 3 and db.session.query(Submission).count() == 0
    page.goto(f"{live_server}/contests/{contest.id}/submissions")
    expect(page.locator("#submissions tbody tr[data-status-url]")).to_have_count(0)
    expect(page.locator("#submissions tbody")).to_contain_text("Chưa có bài nộp")
