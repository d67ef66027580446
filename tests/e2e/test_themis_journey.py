"""An organiser imports a lab's Themis contest folder in the browser: a folder with a stray file is refused with the
problem named, the corrected one is imported and judged by the real worker in bubblewrap, and the results sheet
downloaded from the page holds each contestant's scores."""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import Browser, FilePayload, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import ContestProblem, Role, Submission, SubmissionStatus
from app.services.programming import grading
from judge.package import LoadOptions
from submissions.store import LocalStore
from tests.responses import sheet

from .. import builders
from ..judge.conftest import DATA
from .pages import log_in
from .test_contestant_journey import worker  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SUM = DATA / "themis" / "SUM"
ACCEPTED = (SUM / "submissions" / "accepted" / "sum_stdio.py").read_bytes()
WRONG = b"a, b = map(int, input().split())\nprint(a * b)\n"


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def _upload(page: Page, data: bytes) -> None:
    page.set_input_files("#folder", files=[FilePayload(name="phong1.zip", mimeType="application/zip", buffer=data)])
    page.locator("#themis-import button[type=submit]").click()


def test_an_organiser_imports_a_lab_folder_and_downloads_the_results(
    app: Flask,
    live_server: str,
    browser: Browser,
    shots: Callable[[Page, str], Path],
    worker: subprocess.Popen[bytes],  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    units = builders.unit_tree()
    contest = builders.contest(organiser_unit=units.department, title="Tin học trẻ – phòng máy 1")
    # a generous time limit: the wall clock of a loaded CI host must not turn the accepted program into a TLE
    problem = grading.import_problem(
        db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM", options=LoadOptions(time_limit_s=5)
    )
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    builders.person("btc", units.department, Role.ORGANISER)
    an, binh = builders.person("an", units.school), builders.person("binh", units.school)
    builders.register(contest, an, binh)
    db.session.commit()

    page = browser.new_page()
    log_in(page, live_server, "btc")
    page.goto(f"{live_server}/contests/{contest.id}/manage/problems")
    page.locator("#organiser-nav").get_by_text("Thư mục Themis").click()

    _upload(page, _zip({"Phong1/an/SUM.py": ACCEPTED, "Phong1/binh/SUM.py": WRONG, "Phong1/binh/ghichu.txt": b"x"}))
    expect(page.locator("#themis-report")).to_contain_text("Phong1/binh/ghichu.txt")
    expect(page.locator("#themis-report")).to_contain_text("Không nhập gì cả")
    shots(page, "refused")

    _upload(page, _zip({"Phong1/an/SUM.py": ACCEPTED, "Phong1/binh/SUM.py": WRONG}))
    expect(page.locator("main")).to_contain_text("2 bài nộp đã được nhập từ thư mục Themis")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        db.session.expire_all()
        statuses = set(db.session.scalars(select(Submission.status)))
        if statuses == {SubmissionStatus.DONE}:
            break
        time.sleep(0.5)
    assert statuses == {SubmissionStatus.DONE}

    page.goto(f"{live_server}/contests/{contest.id}/manage/themis")
    with page.expect_download() as download:
        page.locator("#themis-export").get_by_text("Bảng điểm (.xlsx)").click()
    saved = tmp_path / "ketqua.xlsx"
    download.value.save_as(saved)
    rows = [[c.value for c in row] for row in sheet(load_workbook(saved)).iter_rows()]
    assert rows[0][1] == "Thí sinh" and rows[0][4] == "SUM"
    verdicts = [(s.user_id, [(t.verdict, t.time_ms) for t in s.tests]) for s in db.session.scalars(select(Submission))]
    assert [(r[1], r[4], r[6]) for r in rows[1:]] == [("an", 100, 1), ("binh", 20, 2)], verdicts
    shots(page, "exported")
