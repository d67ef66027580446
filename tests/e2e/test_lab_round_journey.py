"""Issue 16, a lab round offline, in the browser and in Vietnamese: the province's organiser exports the round to a
lab package (one zip from the page); a lab's standalone hoithi (its own database, store, Redis, server and judge
worker) imports it on its administrator's page; a contestant logs in there with the password on their card (read
from the cards' PDF) and submits a program, which the lab's worker judges in bubblewrap; the round ends and the lab
downloads its signed results bundle; at the province, a copy of the bundle with one byte changed is refused with
every problem named and nothing imported, then the bundle itself is imported, and the province's scoreboard and
submissions show the lab's verdict."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, LabPackage, Role, Submission
from app.timeutil import utcnow

from .. import builders
from ..web.lab_helpers import province, rewritten
from .pages import log_in

__all__ = ["province"]

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ACCEPTED_PY = "a, b = map(int, input().split())\nprint(a + b)\n"


def _log_in(browser: Browser, base: str, username: str, password: str = "password123") -> Page:
    page = browser.new_context().new_page()
    log_in(page, base, username, password)
    return page


def _download(page: Page, button: str, folder: Path) -> Path:
    """Click ``button`` and keep the file the browser downloads, under its own name, in ``folder``."""
    with page.expect_download() as info:
        page.locator(button).click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def _card_password(cards_pdf: bytes, login: str) -> str:
    """The password printed on ``login``'s card, as a contestant reads it."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(cards_pdf)).pages)
    found = re.search(rf"Tên đăng nhập:\s*{re.escape(login)}\s+Mật khẩu:\s*(\S+)", text)
    assert found, f"no card for {login} in:\n{text}"
    return found.group(1)


def _one_byte_changed(bundle: Path, name: str, out: Path) -> Path:
    """A copy of the bundle in which the file ``name`` has its first byte changed, as a tamperer would."""
    with zipfile.ZipFile(bundle) as zf:
        data = bytearray(zf.read(name))
    data[0] ^= 0x20  # "p" -> "P"
    return rewritten(bundle, out, {name: bytes(data)})


def _one_raw_byte_changed(bundle: Path, out: Path) -> Path:
    """A copy of the bundle file with one byte of its first entry's compressed data changed, as a damaged USB stick
    would leave it."""
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        first = zf.infolist()[0]
    # a local file header is 30 bytes, then the name and the extra field, then the data
    name_length = int.from_bytes(data[first.header_offset + 26 : first.header_offset + 28], "little")
    extra_length = int.from_bytes(data[first.header_offset + 28 : first.header_offset + 30], "little")
    data[first.header_offset + 30 + name_length + extra_length + 2] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def _upload_results(page: Page, bundle: Path) -> None:
    page.set_input_files("#bundle", str(bundle))
    page.locator("#lab-results button[type=submit]").click()


def test_a_lab_round_is_exported_run_offline_and_its_results_imported_back(
    app: Flask,
    live_server: str,
    lab_app: Flask,
    lab_server: str,
    lab_worker: subprocess.Popen[bytes],
    browser: Browser,
    shots: Callable[[Page, str], Path],
    province: dict[str, int],
    tmp_path: Path,
) -> None:
    contest_id = province["contest"]

    # The province: the organiser exports the round and gets one zip (the package, the cards, the room lists).
    organiser = _log_in(browser, live_server, "org")
    organiser.goto(f"{live_server}/contests/{contest_id}/manage/lab")
    expect(organiser.locator("#lab-packages")).to_contain_text("Chưa cấp gói phòng máy nào.")
    shots(organiser, "province-lab-page")
    kit = _download(organiser, "#lab-export button[type=submit]", tmp_path)
    assert kit.name == f"lab-round-{contest_id}.zip"
    with zipfile.ZipFile(kit) as zf:
        assert sorted(zf.namelist()) == [
            f"cards-{contest_id}.pdf",
            f"lab-package-{contest_id}.zip",
            f"rooms-{contest_id}.pdf",
        ]
        lab_package = tmp_path / f"lab-package-{contest_id}.zip"
        lab_package.write_bytes(zf.read(lab_package.name))
        password = _card_password(zf.read(f"cards-{contest_id}.pdf"), "an")
    organiser.reload()
    expect(organiser.locator("#lab-packages tr")).to_have_count(2)  # the header and the package issued

    # The lab: its administrator (the technician) sets the round up from the package.
    with lab_app.app_context():
        builders.person("ktv", None, Role.ADMIN, full_name="Kỹ thuật viên phòng máy")
        db.session.commit()
    technician = _log_in(browser, lab_server, "ktv")
    technician.goto(f"{lab_server}/admin/lab")
    technician.set_input_files("#package", str(lab_package))
    technician.locator("#lab-import button[type=submit]").click()
    expect(technician.locator(".flash.success")).to_contain_text("Đã lập vòng thi tại phòng máy Tin học trẻ tỉnh.")
    found = re.search(r"/contests/(\d+)/manage/lab$", technician.url)
    assert found, technician.url
    lab_contest_id = int(found.group(1))
    expect(technician.locator("#lab-here")).to_be_visible()
    shots(technician, "lab-set-up")

    # A contestant logs in at the lab with the password on their card and submits; the lab's worker judges it.
    contestant = _log_in(browser, lab_server, "an", password)
    contestant.goto(f"{lab_server}/contests/{lab_contest_id}/problems/A")
    contestant.select_option("#language", "python")
    contestant.locator(".CodeMirror").wait_for()
    contestant.evaluate("(text) => document.querySelector('.CodeMirror').CodeMirror.setValue(text)", ACCEPTED_PY)
    contestant.locator("#submit-button").click()
    expect(contestant.locator("#status")).to_contain_text("AC", timeout=60_000)
    expect(contestant.locator("#score")).to_contain_text("100")
    shots(contestant, "lab-accepted")

    # The round ends; the technician downloads the signed results bundle, its fingerprint in its name.
    with lab_app.app_context():
        lab_contest = db.session.get(Contest, lab_contest_id)
        assert lab_contest is not None
        lab_contest.submission_closes = utcnow()
        db.session.commit()
    technician.reload()
    bundle = _download(technician, "#lab-here form button", tmp_path)
    named = re.fullmatch(rf"lab-results-{lab_contest_id}-((?:[0-9A-F]{{4}}-){{3}}[0-9A-F]{{4}})\.zip", bundle.name)
    assert named, bundle.name
    fingerprint = named.group(1)

    # Back at the province: the bundle with one byte of a source changed is refused, each problem named, and so is
    # the bundle file with one byte of its own changed; neither imports anything.
    organiser.goto(f"{live_server}/contests/{contest_id}/manage/lab")
    _upload_results(organiser, _one_byte_changed(bundle, "sources/1.py", tmp_path / "tampered.zip"))
    expect(organiser.locator(".flash.error")).to_have_text(
        [
            "Gói kết quả bị từ chối; chưa nhập gì.",
            "Tệp sources/1.py đã bị thay đổi: mã băm của tệp khác với bảng kê.",
            "Bài nộp 1: mã nguồn không khớp với mã băm đã ghi.",
        ]
    )
    expect(organiser.locator("#lab-packages")).to_contain_text("chưa nhập")
    shots(organiser, "tampered-refused")
    _upload_results(organiser, _one_raw_byte_changed(bundle, tmp_path / "damaged.zip"))
    with zipfile.ZipFile(bundle) as zf:
        damaged = zf.infolist()[0].filename
    expect(organiser.locator(".flash.error")).to_have_text(
        ["Gói kết quả không phải tệp zip an toàn; chưa nhập gì.", f"{damaged}: tệp bị hỏng."]
    )
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert db.session.scalars(select(LabPackage.results_imported_at)).all() == [None]

    # The bundle as the lab signed it is imported; the fingerprint shown is the one in the minutes.
    _upload_results(organiser, bundle)
    expect(organiser.locator(".flash.success")).to_contain_text("Đã nhập 1 bài nộp của vòng thi tại phòng máy.")
    expect(organiser.locator(".flash.success")).to_contain_text(fingerprint)
    expect(organiser.locator("#lab-packages")).to_contain_text("đã nhập lúc")
    shots(organiser, "results-imported")

    organiser.goto(f"{live_server}/contests/{contest_id}/scoreboard")
    rows = organiser.locator("#scoreboard tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Nguyễn Văn An")
    expect(rows.nth(0).locator("td").last).to_have_text("100")
    expect(rows.nth(1)).to_contain_text("Trần Thị Bình")
    expect(rows.nth(1).locator("td").last).to_have_text("0")
    shots(organiser, "province-scoreboard")

    organiser.goto(f"{live_server}/contests/{contest_id}/manage/judging")
    submissions = organiser.locator("#submissions tr").filter(has=organiser.locator("td"))
    expect(submissions).to_have_count(1)
    expect(submissions.nth(0)).to_contain_text("Nguyễn Văn An")
    expect(submissions.nth(0)).to_contain_text("AC")

    # The contestant, on the province's site with their own password (the lab's worked only in the lab), sees it.
    at_home = _log_in(browser, live_server, "an")
    at_home.goto(f"{live_server}/contests/{contest_id}/submissions")
    mine = at_home.locator("#submissions tbody tr")
    expect(mine).to_have_count(1)
    expect(mine.nth(0)).to_contain_text("AC")
    shots(at_home, "province-my-submissions")
