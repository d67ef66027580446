"""The scoreboard's Excel export and print view."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.extensions import db
from app.models import Contest, ScoreboardMode, SubmissionStatus
from app.services.programming.scoreboard import CACHE_SECONDS
from app.timeutil import utcnow
from tests.responses import sheet as active_sheet
from tests.web.scoreboard.conftest import Running

from .helpers import START, _contestant, _problem, _settings, _submit


def test_the_excel_export_has_the_rows(client: FlaskClient, running: Running) -> None:
    response = client.get(f"/contests/{running['contest'].id}/scoreboard.xlsx?district={running['district'].id}")
    assert response.status_code == 200
    assert (response.mimetype or "").endswith("spreadsheetml.sheet")
    sheet = active_sheet(load_workbook(io.BytesIO(response.data)))
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows[2]) == 8 and rows[2][5:7] == ["A", "B"]  # headings in the interface's language (vi)
    assert rows[2][3] == "Đơn vị"
    assert rows[3][:2] == [1, "Trần Thị Bình"] and rows[3][-1] == 100
    assert rows[4][:2] == [2, "Nguyễn Văn An"] and rows[4][5:] == [40, "?1", 40]


def test_the_excel_export_writes_names_as_text_never_as_formulas(client: FlaskClient, running: Running) -> None:
    contest = running["contest"]
    contest.title = "=1+1"
    _contestant(contest, '=HYPERLINK("http://evil.example","Bình")', running["school_1"])
    db.session.commit()
    sheet = active_sheet(load_workbook(io.BytesIO(client.get(f"/contests/{contest.id}/scoreboard.xlsx").data)))
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=1+1")
    names = [row[1] for row in sheet.iter_rows(min_row=4)]
    typed = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
    assert typed.data_type == "s"


def test_the_print_view_has_no_navigation_and_applies_the_filter(client: FlaskClient, running: Running) -> None:
    response = client.get(f"/contests/{running['contest'].id}/scoreboard/print?unit={running['school_1'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<nav" not in page and "print.css" in page
    assert running["contest"].title in page and "THCS Lê Quý Đôn" in page
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page


def test_the_excel_export_marks_a_solved_icpc_cell_with_a_try_still_waiting(
    client: FlaskClient, contest: Contest
) -> None:
    """As the page does (``+1 ?1``): the sheet wrote the solved cell without its pending try, whose 20 minutes may
    still be added."""
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    an = _contestant(contest, "Nguyễn Văn An")
    _submit(an, a, 10, verdict="WA")
    waiting = _submit(an, a, 20, status=SubmissionStatus.QUEUED)
    waiting.verdict = waiting.score = None
    _submit(an, a, 30)
    db.session.commit()
    page = client.get(f"/contests/{contest.id}/scoreboard").get_data(as_text=True)
    assert '<td class="num solved pending">+1<br><small>30</small> ?1</td>' in page
    sheet = active_sheet(load_workbook(io.BytesIO(client.get(f"/contests/{contest.id}/scoreboard.xlsx").data)))
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[3][:2] == [1, "Nguyễn Văn An"] and rows[3][5:] == ["+1 (30) ?1", 1, 50]


def test_the_boards_times_are_vietnams_dd_mm_yyyy_on_the_page_and_in_the_sheet(
    client: FlaskClient, running: Running
) -> None:
    """The freeze and the moment a board was computed, in Asia/Ho_Chi_Minh (UTC+7, no summer time), dd/mm/yyyy
    HH:MM, the same on the page and in the sheet."""
    contest = running["contest"]
    freeze = START + timedelta(minutes=180) + timedelta(hours=7)
    local = freeze.strftime("%d/%m/%Y %H:%M")
    page = client.get(f"/contests/{contest.id}/scoreboard").get_data(as_text=True)
    assert f"Bảng xếp hạng đã được đóng băng từ {local}:" in page
    before = utcnow().replace(second=0, microsecond=0) + timedelta(hours=7)
    sheet = active_sheet(load_workbook(io.BytesIO(client.get(f"/contests/{contest.id}/scoreboard.xlsx").data)))
    after = utcnow() + timedelta(hours=7)
    as_of, frozen = (str(c.value) for c in sheet[2][:2])
    assert frozen == f"Đóng băng từ {local}"
    assert as_of.startswith("Tính đến ")
    computed = datetime.strptime(as_of.removeprefix("Tính đến "), "%d/%m/%Y %H:%M")
    assert before - timedelta(seconds=CACHE_SECONDS + 60) <= computed <= after
    live = client.get(f"/contests/{contest.id}/scoreboard/live").get_data(as_text=True)
    assert re.search(r"Tính đến \d\d/\d\d/\d{4} \d\d:\d\d<", live)
