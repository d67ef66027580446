"""Issue 11, awards of the Young Informatics contest, in the browser and in Vietnamese: the organiser sets the rules of
a board, previews the awards from the final scoreboard (two contestants tied share the First prize), publishes them
after ticking the confirmation, and a contestant who saw nothing before then finds their award and downloads their
certificate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from app.extensions import db
from app.models import Role, ScoreboardMode
from app.services.programming.contestant import registration_of
from tests.builders import present

from ..factories import CategoryFactory, ContestFactory, DepartmentFactory, SchoolFactory, UserFactory
from ..web.scoreboard.helpers import START, _contestant, _problem, _settings, _submit
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_rules_preview_publication_and_the_contestants_certificate(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path]
) -> None:
    department = DepartmentFactory()
    contest = ContestFactory(
        title="Hội thi Tin học trẻ tỉnh Lai Châu",
        organiser_unit=department,
        submission_opens=START,
        submission_closes=START + timedelta(hours=3),
    )
    _settings(contest, scoreboard_mode=ScoreboardMode.IOI)
    board = CategoryFactory(contest=contest, code="B", name="Bảng B")
    school = SchoolFactory(name="Trường THCS Mường Tè")
    problem = _problem(contest, "A", max_score=300)
    people = {name: _contestant(contest, name, school) for name in ("Lò Văn Ánh", "Giàng Thị Dung", "Tao Văn Hải")}
    for user, score in zip(people.values(), (200, 200, 120), strict=True):
        present(registration_of(db.session, contest, user)).category_id = board.id
        _submit(user, problem, 30, score)
    people["Lò Văn Ánh"].username = "anh"
    UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    db.session.commit()

    student = browser.new_context().new_page()
    log_in(student, live_server, "anh")
    student.goto(f"{live_server}/contests/{contest.id}/awards")
    expect(student.locator("#awards-state")).to_contain_text("Kết quả chưa được công bố")
    expect(student.locator("main")).not_to_contain_text("Giải Nhất")

    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, live_server, "btc")
    page.goto(f"{live_server}/contests/{contest.id}/manage/awards")
    page.locator("main a", has_text="Cơ cấu giải thưởng").first.click()
    page.select_option("#first-kind", "count")
    page.fill("#first-quota", "1")
    page.select_option("#second-kind", "count")
    page.fill("#second-quota", "1")
    page.locator("#rules-form button[type=submit]").click()
    preview = page.locator(f"#preview-{board.id}")
    expect(preview.locator("tr", has_text="Lò Văn Ánh")).to_contain_text("Giải Nhất")
    expect(preview.locator("tr", has_text="Giàng Thị Dung")).to_contain_text("Giải Nhất")  # tied: the same award
    expect(preview.locator("tr", has_text="Tao Văn Hải")).to_contain_text("Giải Nhì")
    expect(page.locator("#awards-publication")).to_contain_text("bản xem trước")
    shots(page, "organiser-preview")

    page.locator("#awards-publication a", has_text="Công bố kết quả").click()
    page.locator("#publish button[type=submit]").click()  # without the tick: refused
    expect(page.locator("#unpublished-note")).to_be_visible()
    page.check("#confirm")
    page.locator("#publish button[type=submit]").click()
    expect(page.locator("#published-note")).to_be_visible()
    page.goto(f"{live_server}/contests/{contest.id}/manage/awards")
    expect(page.locator("#awards-publication")).to_contain_text("đã được chốt")
    with page.expect_download() as every:
        page.locator("#all-certificates").click()
    assert len(PdfReader(every.value.path()).pages) == 3

    student.goto(f"{live_server}/contests/{contest.id}/awards")
    expect(student.locator("#my-award")).to_contain_text("Bạn đã đạt Giải Nhất (hạng 1")
    shots(student, "contestant-award")
    with student.expect_download() as download:
        student.locator("#my-award a.certificate").click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    for words in ("Lò Văn Ánh", "Trường THCS Mường Tè", "Thí sinh Bảng B", "đã đạt Giải Nhất", contest.title):
        assert words in text, words
