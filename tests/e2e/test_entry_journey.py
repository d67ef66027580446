"""Issue 5, end to end: the organiser gives an e-Learning contest its rubric from the template; a teacher creates an
entry and uploads an HTML5 package while the progress bar moves; the organiser assigns the panel's two judges; each
judge scores the entry blind once the deadline has passed, with the lecture open in its sandboxed preview; the
organiser sets the award rules and publishes; the teacher downloads a certificate in their name."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Award, AwardLevel, ContestKind, Entry, Role, ScoreSheet, SheetStatus
from app.timeutil import utcnow

from ..factories import (
    ContestFactory,
    DepartmentFactory,
    DistrictFactory,
    PanelMemberFactory,
    SchoolFactory,
    UserFactory,
)
from ..submissions.crafting import PDF
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TEACHER = "Nguyễn Thị Ngọc Ánh"
SCHOOL = "Trường THCS Lê Quý Đôn"
TITLE = "Quang hợp ở thực vật"
PACKAGE = "bai-giang-quang-hop.zip"
DOCUMENT = f"Thuyết minh - {TEACHER}.pdf"
PADDING = 3 * 1024 * 1024  # random, stored without compression: the upload takes seconds at the throttled rate
UPLOAD_BYTES_PER_SECOND = 1024 * 1024
# The lecture's page says whether its script ran and whether it could read the application's cookies.
LECTURE = """<!doctype html><html lang="vi"><meta charset="utf-8"><title>Quang hợp</title>
<h1>Quang hợp ở thực vật</h1><p id="script">chưa chạy</p><p id="cookie"></p>
<script>
document.getElementById("script").textContent = "đã chạy";
var text; try { text = "đọc được: " + document.cookie; } catch (e) { text = "bị chặn"; }
document.getElementById("cookie").textContent = text;
</script>"""
SCORES = {"giamkhao1": ["26", "25.5", "17", "18"], "giamkhao2": ["25", "26", "16.5", "17.5"]}
# Records every change of the new-file form's progress bar (the binding outlives the page's reload).
WATCH_PROGRESS = """() => {
  const bar = document.querySelector("form.narrow[data-upload] .upload-progress");
  new MutationObserver(() => window.progressChanged(bar.hidden, bar.value, bar.max))
    .observe(bar, {attributes: true, attributeFilter: ["hidden", "value", "max"]});
}"""


def package(path: Path) -> Path:
    """An HTML5 package: the lecture and a few MB of incompressible media, stored without compression."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("bai-giang/index.html", LECTURE)
        zf.writestr("bai-giang/media/nen.bin", os.urandom(PADDING))
    return path


def logged_in(browser: Browser, base: str, username: str, full_name: str) -> Page:
    """A page of a fresh browser context (cookies of its own) logged in as ``username``."""
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, base, username)
    expect(page.locator("header.top")).to_contain_text(full_name)
    return page


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_teacher_uploads_judges_score_blind_organiser_publishes_teacher_gets_certificate(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    department = DepartmentFactory(name="Sở GD&ĐT Hải Dương")
    school = SchoolFactory(name=SCHOOL, parent=DistrictFactory(parent=department, name="Phòng GD&ĐT TP Hải Dương"))
    contest = ContestFactory(
        title="Hội thi Thiết kế bài giảng điện tử",
        kind=ContestKind.ELEARNING,
        organiser_unit=department,
        open_to_teachers=True,
        open_to_students=False,
    )
    UserFactory(username="bantochuc", full_name="Lê Văn Tổ", unit=department, roles={Role.ORGANISER})
    UserFactory(username="ngocanh", full_name=TEACHER, unit=school, roles={Role.TEACHER})
    judges = {"giamkhao1": "Phạm Minh Giám", "giamkhao2": "Đỗ Thị Khảo"}
    for username, full_name in judges.items():
        member = UserFactory(username=username, full_name=full_name, unit=department, roles={Role.JUDGE})
        PanelMemberFactory(contest=contest, user=member, is_head=username == "giamkhao1")
    db.session.commit()
    contest_url = f"{live_server}/contests/{contest.id}"

    # The organiser gives the contest the e-Learning rubric.
    organiser = logged_in(browser, live_server, "bantochuc", "Lê Văn Tổ")
    organiser.goto(contest_url)
    organiser.locator("#review-links").click()
    organiser.select_option("#template", "elearning")
    organiser.locator("#template-form button[type=submit]").click()
    expect(organiser.locator("#criteria tbody tr")).to_have_count(4)
    expect(organiser.locator("#max-total")).to_have_text("100")
    shots(organiser, "organiser-rubric-from-template")

    # The teacher creates the entry.
    teacher = logged_in(browser, live_server, "ngocanh", TEACHER)
    teacher.goto(contest_url)
    teacher.locator("#entries-link a").click()
    teacher.locator("#new-entry").click()
    teacher.fill("#title", TITLE)
    teacher.fill("#subject", "Sinh học")
    teacher.fill("#level", "Lớp 6")
    teacher.select_option("#licence", "cc_by")
    shots(teacher, "teacher-fills-entry")
    teacher.locator("#save-entry").click()
    expect(teacher.locator("#entry-code")).to_be_visible()
    expect(teacher.locator("#entry-details")).to_contain_text("CC BY 4.0")
    code = teacher.locator("#entry-code").inner_text()
    shots(teacher, "teacher-entry-created")

    # The upload, throttled so that it takes a few seconds, while the progress bar is watched.
    progress: list[tuple[bool, float, float]] = []
    teacher.expose_function("progressChanged", lambda hidden, value, most: progress.append((hidden, value, most)))
    teacher.evaluate(WATCH_PROGRESS)
    network = teacher.context.new_cdp_session(teacher)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": UPLOAD_BYTES_PER_SECOND},
    )
    teacher.select_option("#slot", "package")
    teacher.set_input_files("#file", str(package(tmp_path / PACKAGE)))
    teacher.locator("#upload-button").click()
    bar = teacher.locator("form.narrow[data-upload] .upload-progress")
    expect(bar).to_be_visible()
    expect(teacher.locator("#upload-button")).to_be_disabled()
    expect(teacher.locator("form.narrow[data-upload] .upload-status")).to_contain_text("%")
    shots(teacher, "teacher-upload-in-progress")
    expect(teacher.locator("#files")).to_contain_text(PACKAGE, timeout=30_000)
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    shown = [(value, most) for hidden, value, most in progress if not hidden]
    assert shown and shown[0][0] == 0, f"the progress bar was not shown from 0: {progress}"
    assert any(0 < value < most for value, most in shown), f"no partial upload was shown: {progress}"
    assert [value for value, _most in shown] == sorted(value for value, _most in shown)
    assert shown[-1][1] > PADDING  # the bar's maximum is the size of the whole request
    shots(teacher, "teacher-package-uploaded")

    # With a file row on the page, a second file goes up through the same Upload button.
    document = tmp_path / DOCUMENT
    document.write_bytes(PDF)
    teacher.select_option("#slot", "document")
    teacher.set_input_files("#file", str(document))
    teacher.locator("#upload-button").click()
    expect(teacher.locator("#files")).to_contain_text(DOCUMENT)
    expect(teacher.locator("#files tbody tr")).to_have_count(2)
    lecture = teacher.frame_locator("#preview")
    expect(lecture.locator("h1")).to_have_text(TITLE)
    shots(teacher, "teacher-entry-with-files")

    # The organiser assigns the panel automatically: two judges per entry.
    organiser.goto(f"{contest_url}/review/assignments")
    organiser.locator("#run button[type=submit]").click()
    row = organiser.locator(f"#entries tr[data-code='{code}']")
    for full_name in judges.values():
        expect(row).to_contain_text(full_name)
    shots(organiser, "organiser-assigned-judges")

    # The deadline passes (moved in the database): the entry is final, and judging may start.
    contest.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()
    teacher.reload()
    expect(teacher.locator("#entry-code")).to_have_text(code)
    expect(teacher.locator("#upload-button")).to_have_count(0)

    # Each judge scores the entry blind, with the lecture open in its sandboxed frame.
    for username, full_name in judges.items():
        judge = logged_in(browser, live_server, username, full_name)
        judge.goto(f"{live_server}/review/")
        judge.locator(f"#queue tr[data-code='{code}'] td a").first.click()
        expect(judge.locator("#entry-code")).to_have_text(code)
        frame = judge.locator("#preview")
        expect(frame).to_have_attribute("sandbox", "allow-scripts allow-forms allow-popups")
        lecture = judge.frame_locator("#preview")
        expect(lecture.locator("h1")).to_have_text(TITLE)
        expect(lecture.locator("#script")).to_have_text("đã chạy")
        expect(lecture.locator("#cookie")).to_have_text("bị chặn")  # an opaque origin: no cookies to read
        expect(judge.locator("#files")).to_contain_text(f"{code}-document.pdf")
        page_text = nfc(judge.content())
        for secret in (TEACHER, "ngocanh", SCHOOL, "Phòng GD&amp;ĐT TP Hải Dương", DOCUMENT, PACKAGE):
            assert nfc(secret) not in page_text, secret
        shots(judge, f"{username}-sees-entry-blind")

        judge.locator("#sheet-link").click()
        points = judge.locator("#scores input[name^=points_]")
        expect(points).to_have_count(4)
        for i, value in enumerate(SCORES[username]):
            points.nth(i).fill(value)
        judge.locator("#scores textarea").first.fill("Nội dung chính xác, bám sát chương trình.")
        judge.fill("#overall_comment", "Bài giảng tốt, tương tác hợp lý.")
        shots(judge, f"{username}-fills-sheet")
        judge.check("#confirm_lock")  # submitting locks the sheet: confirmed first
        judge.locator("#submit").click()
        expect(judge.locator("#sheet-state")).to_be_visible()
        total = f"{sum(float(v) for v in SCORES[username]):g}".replace(".", ",")  # a Vietnamese decimal comma
        expect(judge.locator("#total")).to_contain_text(total)
        assert nfc(TEACHER) not in nfc(judge.content())
        shots(judge, f"{username}-submitted-sheet")
        judge.context.close()

    entry = db.session.scalars(select(Entry).where(Entry.code == code)).one()
    sheets = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == entry.id)).all()
    assert sorted(s.status for s in sheets) == [SheetStatus.SUBMITTED] * 2

    # The organiser sets the award rules and publishes.
    organiser.goto(f"{live_server}/contests/{contest.id}/results/rules")
    organiser.select_option("#first-kind", "count")
    organiser.fill("#first-quota", "1")
    organiser.fill("#first-min_score", "80")
    shots(organiser, "organiser-award-rules")
    organiser.locator("#rules-form button[type=submit]").click()
    ranking = organiser.locator(f"#entry-{code}")
    expect(ranking).to_contain_text("85,75")  # the mean of 86.5 and 85, with the decimal comma
    # publishing needs the confirmation ticked (the browser asks for it; the server refuses without it too)
    expect(organiser.locator("#publish-form #confirm")).to_have_attribute("required", "")
    organiser.check("#publish-form #confirm")
    organiser.locator("#publication button[type=submit]").click()
    expect(organiser.locator(".flash.success")).to_be_visible()
    shots(organiser, "organiser-published")
    db.session.expire_all()
    award = db.session.scalars(select(Award).where(Award.entry_id == entry.id)).one()
    assert award.level is AwardLevel.FIRST

    # The teacher downloads the certificate.
    teacher.goto(f"{contest_url}/results")
    link = teacher.locator(f"#award-{code} a.certificate")
    expect(link).to_have_count(1)
    shots(teacher, "teacher-sees-results")
    with teacher.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    download.value.save_as(shots(teacher, "teacher-downloaded-certificate").with_suffix(".pdf"))
    text = nfc(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert nfc(TEACHER) in text
    assert "Giải Nhất" in text and TITLE in text
