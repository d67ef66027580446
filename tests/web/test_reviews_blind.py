"""Blind review: no page a judge can reach, nor any header of a file they can open, names an entry's authors, its
supervisor, its unit (or the district office above it) or the original names of its files."""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import TypedDict

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Entry, FileKind, Role, ScoreSheet, SheetStatus, User
from app.services.reviews import assignment, score_sheets
from tests.conftest import AuthActions

from .. import builders
from ..factories import DistrictFactory, EntryFactory, SchoolFactory, UserFactory
from .reviews_helpers import ReviewWorld, review_world

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("index.html", "<!doctype html><title>Bài giảng</title><p>Xin chào</p>")
    return buffer.getvalue()


class Blind(TypedDict):
    world: ReviewWorld
    judge: User
    entries: list[Entry]
    forbidden: set[str]


@pytest.fixture
def blind(app: Flask) -> Blind:
    """An entry of two authors and a supervisor at a school with a telling name, with three files whose original
    names give the authors away; its judge (also the head judge) has a submitted sheet on it and a draft on
    another entry of the same people's school."""
    world = review_world(judges=1, entries=0)
    office = DistrictFactory(parent=world.department, name="Phòng GD&ĐT huyện Kín Đáo")
    school = SchoolFactory(parent=office, name="Trường THCS Bí Mật Xyz")
    authors = [
        UserFactory(username="tacgia_mot", full_name="Hoàng Thị Tácgiả", unit=school, roles={Role.TEACHER}),
        UserFactory(username="tacgia_hai", full_name="Đinh Văn Đồngtácgiả", unit=school, roles={Role.TEACHER}),
    ]
    supervisor = UserFactory(username="huongdan_ba", full_name="Vũ Hướngdẫn", unit=school, roles={Role.TEACHER})
    first = EntryFactory(
        contest=world.contest,
        unit=school,
        code="EL-0042",
        title="Quang hợp ở thực vật",
        description="Bài giảng cho học sinh lớp 6",
        authors=authors,
        created_by=authors[0],
        supervisor=supervisor,
    )
    third = UserFactory(username="tacgia_bon", full_name="Lý Thị Tácgiảbốn", unit=school, roles={Role.TEACHER})
    second = EntryFactory(contest=world.contest, unit=school, code="EL-0043", created_by=third)
    authors.append(third)
    files = [
        (FileKind.HTML5, _zip(), "Bai giang Hoang Thi Tacgia.zip", "index.html"),
        (FileKind.DOCUMENT, PDF, "Thuyet minh - Truong THCS Bi Mat Xyz.pdf", None),
        (FileKind.IMAGE, PNG, "anh_tacgia_mot.png", None),
    ]
    for kind, data, name, launch in files:
        builders.entry_file(first, kind, data, name, uploaded_by=authors[0], launch=launch)
    judge = world.judges[0]
    for entry in (first, second):
        assignment.add(db.session, world.organiser, entry, judge.id)
    full = {c.id: ("20", "Nhận xét") for c in world.rubric.criteria}
    score_sheets.save(db.session, judge, first, full, "Tốt", submit=True)
    score_sheets.save(db.session, judge, second, {world.rubric.criteria[0].id: ("5", "")}, "nháp")
    db.session.commit()
    forbidden = {
        *(p.full_name for p in (*authors, supervisor)),
        *(p.username for p in (*authors, supervisor)),
        *(p.email for p in (*authors, supervisor) if p.email),
        school.name,
        office.name,
        *(name for _k, _d, name, _l in files),
        *(name.rsplit(".", 1)[0] for _k, _d, name, _l in files),
    }
    return {"world": world, "judge": judge, "entries": [first, second], "forbidden": forbidden}


def judge_urls(app: Flask, blind: Blind) -> list[str]:
    world, (first, second) = blind["world"], blind["entries"]
    sheet = db.session.scalars(select(ScoreSheet).where(ScoreSheet.status == SheetStatus.SUBMITTED)).one()
    urls = [
        "/review/",
        f"/contests/{world.contest.id}",
        f"/contests/{world.contest.id}/review/sheets",
        *(f"/review/entries/{e.id}" for e in (first, second)),
        *(f"/review/entries/{e.id}/sheet" for e in (first, second)),
    ]
    if "entries.detail" in app.view_functions:  # the entries area's page of an entry, which judges may open
        urls.append(f"/entries/{first.id}")
    if "entries.open_file" in app.view_functions:
        urls += [f"/entries/{first.id}/files/{f.id}" for f in first.current_files]
    assert sheet.entry_id == first.id
    return urls


def assert_blind(response: TestResponse, forbidden: set[str], url: str) -> None:
    assert response.status_code in (200, 206), (url, response.status_code)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    body = response.get_data(as_text=True) if (response.mimetype or "").startswith("text/") else ""
    for secret in forbidden:
        assert secret not in headers, (url, secret)
        assert secret not in body, (url, secret)
        # also as the HTML-escaped text a template would write
        assert secret.replace("&", "&amp;") not in body, (url, secret)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_judge_page_or_file_header_gives_the_authors_away(
    app: Flask, client: FlaskClient, auth: AuthActions, blind: Blind, lang: str
) -> None:
    assert auth.login(blind["judge"].username).status_code == 302
    client.get(f"/lang/{lang}")
    for url in judge_urls(app, blind):
        assert_blind(client.get(url), blind["forbidden"], url)
    # the lecture's preview, embedded in the judge's page: its address and its answer are blind too
    page = client.get(f"/review/entries/{blind['entries'][0].id}").get_data(as_text=True)
    frame = re.search(r'<iframe id="preview"[^>]* src="([^"]+)"', page)
    assert frame is not None
    assert_blind(client.get(html.unescape(frame.group(1))), blind["forbidden"], "preview")


def test_flash_messages_after_a_judges_actions_stay_blind(
    app: Flask, client: FlaskClient, auth: AuthActions, blind: Blind
) -> None:
    assert auth.login(blind["judge"].username).status_code == 302
    second = blind["entries"][1]
    response = client.post(
        f"/review/entries/{second.id}/sheet", data={"points_999": "1", "save": "1"}, follow_redirects=True
    )
    assert_blind(response, blind["forbidden"], "sheet")
    response = client.post(
        f"/review/entries/{second.id}/conflict", data={"reason": "Tôi quen tác giả"}, follow_redirects=True
    )
    assert_blind(response, blind["forbidden"], "conflict")
    first = blind["entries"][0]
    sheet = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == first.id)).one()
    response = client.post(f"/review/sheets/{sheet.id}/reopen", data={"reason": "Xem lại"}, follow_redirects=True)
    assert_blind(response, blind["forbidden"], "reopen")


def test_the_organisers_assignment_page_does_show_units(
    app: Flask, client: FlaskClient, auth: AuthActions, blind: Blind
) -> None:
    """Organisers are not blind: they need units to understand conflicts (a check that the test data is seen)."""
    assert auth.login("org").status_code == 302
    text = client.get(f"/contests/{blind['world'].contest.id}/review/assignments").get_data(as_text=True)
    assert "Trường THCS Bí Mật Xyz" in text
