"""An organiser writes a problem's statement in the browser, with a formula and an attached image, previews it,
saves it; a registered contestant sees the formula typeset by KaTeX and the image shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import ContestKind, ContestProblem, Role
from app.services.contests import registrations
from app.services.programming import grading
from submissions.store import LocalStore

from ..factories import ContestFactory, DepartmentFactory, SchoolFactory, UserFactory
from ..web.test_problem_statements import png
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SUM = Path(__file__).resolve().parents[1] / "judge" / "data" / "themis" / "SUM"
STATEMENT = "# Tổng hai số\n\nCho hai số $a_1$ và $b_1$, tính $$a_1 + b_1$$.\n\n![Hình minh hoạ](hinh1.png)\n"


def test_organiser_writes_a_statement_and_the_contestant_reads_it(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    department = DepartmentFactory()
    contest = ContestFactory(title="Tin học trẻ – vòng tỉnh", kind=ContestKind.INFORMATICS, organiser_unit=department)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    UserFactory(username="bantochuc", unit=department, roles={Role.ORGANISER})
    student = UserFactory(username="thisinh", unit=SchoolFactory(parent__parent=department))
    registrations.register(db.session, student, contest, member_ids=[student.id])
    db.session.commit()
    image = tmp_path / "hinh1.png"
    image.write_bytes(png(40, 20))

    page = browser.new_page()
    log_in(page, live_server, "bantochuc")
    page.goto(f"{live_server}/contests/{contest.id}/manage/problems/A")
    page.get_by_role("link", name="Soạn hoặc sửa đề bài").click()
    page.set_input_files("#image", str(image))
    page.get_by_role("button", name="Đính kèm hình").click()
    expect(page.locator("#images")).to_contain_text("hinh1.png")
    page.fill("#statement_vi", STATEMENT)
    page.get_by_role("button", name="Xem trước", exact=True).click()
    expect(page.locator("#preview-vi h1")).to_have_text("Tổng hai số")
    expect(page.locator("#preview-vi .katex").first).to_be_visible()
    expect(page.locator("#statement_vi")).to_have_value(STATEMENT)  # what was typed stays in the editor
    shots(page, "preview")
    page.get_by_role("button", name="Lưu đề bài").click()
    expect(page.locator("body")).to_contain_text("Đã lưu đề bài.")

    contestant = browser.new_page()
    log_in(contestant, live_server, "thisinh")
    contestant.goto(f"{live_server}/contests/{contest.id}/problems/A")
    statement = contestant.locator("#statement")
    expect(statement.locator("h1")).to_have_text("Tổng hai số")
    expect(statement.locator(".katex").first).to_be_visible()
    expect(statement.locator(".katex-display")).to_have_count(1)  # $$...$$ on its own line
    picture = statement.locator("img[alt='Hình minh hoạ']")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 40
    shots(contestant, "contestant")
