"""Names in the other parts of an Office document than its body (a comment's text, a sheet's name and printed
header, SmartArt, charts) are what a judge opening it reads: they are reported, as the body's are."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package
from .crafting import make_zip


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


def test_where_excel_saved_a_workbook_and_who_reserved_it_are_removed(tmp_path: Path) -> None:
    """Excel 2013 and later write the folder it last saved the workbook in (``x15ac:absPath``), which names the
    Windows login; a workbook protected against changes keeps who protected it (``fileSharing``)."""
    with zipfile.ZipFile(io.BytesIO(workbook())) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    folder = f"C:\\Users\\ngoc.ntb\\Documents\\{AUTHOR}\\"
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbookPr",
        (
            '<fileSharing userName="ngoc.ntb" reservationPassword="CC3D"/>'
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/'
            f'spreadsheetml/2010/11/ac" url="{folder}"/></mc:Choice></mc:AlternateContent><workbookPr'
        ).encode(),
        1,
    )
    book = make_zip(tmp_path / "diem.xlsx", parts).read_bytes()
    assert b"ngoc.ntb" in parts["xl/workbook.xml"]
    _packed, copy, _report = cleaned_in_package(tmp_path, "diem.xlsx", book)
    with zipfile.ZipFile(io.BytesIO(copy)) as cleaned:
        assert b"ngoc.ntb" not in cleaned.read("xl/workbook.xml")
        assert openpyxl.load_workbook(io.BytesIO(copy)).sheetnames == [SCHOOL]
