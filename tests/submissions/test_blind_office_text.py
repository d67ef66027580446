"""Names in the other parts of an Office document than its body (a comment's text, a sheet's name and printed
header, SmartArt, charts) are what a judge opening it reads: they are reported, as the body's are."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package


def workbook() -> bytes:
    """A workbook whose sheet is named for the school and printed with the author's name, and whose comment says
    who the teacher is (openpyxl, as Excel writes them: sheet names in ``xl/workbook.xml``, a comment in
    ``xl/comments/comment1.xml``)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SCHOOL
    sheet["A1"] = "Điểm"
    header = sheet.oddHeader
    assert header is not None
    header.center.text = f"Người soạn: {AUTHOR}"
    sheet["A2"].comment = Comment(f"Cô {AUTHOR} chấm lại", "GV")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_names_in_a_workbooks_comments_sheet_names_and_headers_are_reported(tmp_path: Path) -> None:
    _packed, _copy, report = cleaned_in_package(tmp_path, "diem.xlsx", workbook())
    assert Sighting("diem.xlsx/xl/comments/comment1.xml", "text", (AUTHOR,)) in report.sightings
    assert Sighting("diem.xlsx/xl/worksheets/sheet1.xml", "text", (AUTHOR,)) in report.sightings
    assert Sighting("diem.xlsx/xl/workbook.xml", "text", (SCHOOL,)) in report.sightings
