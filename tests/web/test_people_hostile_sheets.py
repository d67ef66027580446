"""A people import given a hostile or odd workbook (a bomb, a sheet that claims every cell, damaged XML, a
formula): refused in Vietnamese, quickly, nothing imported; or imported as Excel shows it."""

import io
import re
import time
import zipfile
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from openpyxl.utils import get_column_letter

from app.extensions import db
from app.models import User
from tests.conftest import AuthActions

from .people_helpers import school_coordinator
from .xlsx_helpers import workbook_bytes

_SHEET = "xl/worksheets/sheet1.xml"
_PERSON = [[1, "Nguyễn Văn An", None, "6A", None]]


def _crafted(change: Callable[[bytes], bytes] = lambda xml: xml, extra: dict[str, bytes] | None = None) -> bytes:
    """A one-person workbook whose first sheet's XML is ``change``d, with ``extra`` parts added."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(_PERSON)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted:
        for name in source.namelist():
            data = source.read(name)
            crafted.writestr(name, change(data) if name == _SHEET else data)
        for name, data in (extra or {}).items():
            crafted.writestr(name, data)
    return out.getvalue()


def _after_rows(xml: bytes) -> Callable[[bytes], bytes]:
    return lambda sheet_xml: sheet_xml.replace(b"</sheetData>", b"</sheetData>" + xml)


def _row_cells(cells: int) -> Callable[[bytes], bytes]:
    row = "".join(f'<c r="{get_column_letter(1 + i % 16384)}3"><v>1</v></c>' for i in range(cells))
    return lambda xml: xml.replace(b"</sheetData>", f'<row r="3">{row}</row></sheetData>'.encode())


def _undimensioned(xml: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b"", xml)


FAR_BELOW = '<row r="2000000000"><c r="B2000000000" t="inlineStr"><is><t>Lê Văn C</t></is></c></row>'.encode()


NOT_XLSX = "không phải là tệp Excel"
DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'


@pytest.mark.parametrize(
    ("build", "said"),
    [
        # zip bombs: a part of 64 MB of zeros (1000:1), the sheet itself padded to 40 MB
        (lambda: _crafted(extra={"xl/media/image1.png": bytes(64 * 1024 * 1024)}), "khi giải nén lớn hơn 24 MB"),
        (lambda: _crafted(_after_rows(b" " * (40 * 1024 * 1024))), "khi giải nén lớn hơn 24 MB"),
        # without a dimension to stop it, openpyxl would yield two billion empty rows, one by one
        (
            lambda: _crafted(lambda xml: _undimensioned(xml).replace(b"</sheetData>", FAR_BELOW + b"</sheetData>")),
            "quá dòng 10000",
        ),
        # thousands of merged ranges, or overlapping ones covering the whole sheet, each spread over every row
        (
            lambda: _crafted(_after_rows(b"<mergeCells>" + b'<mergeCell ref="H1:I1"/>' * 10_001 + b"</mergeCells>")),
            "quá nhiều ô gộp",
        ),
        (
            lambda: _crafted(_after_rows(b"<mergeCells>" + b'<mergeCell ref="A1:XFD1048576"/>' * 2 + b"</mergeCells>")),
            "quá nhiều ô gộp",
        ),
        # more cells in a row than Excel has columns; a damaged sheet; entity expansion; unsafe parts; cut short
        (lambda: _crafted(_row_cells(16_385)), NOT_XLSX),
        (lambda: _crafted(lambda xml: xml[: len(xml) // 2]), NOT_XLSX),
        (lambda: _crafted(lambda xml: xml.replace(b"<worksheet", DOCTYPE + b"<worksheet", 1)), NOT_XLSX),
        (lambda: _crafted(extra={"../../evil.xml": b"<x/>"}), NOT_XLSX),
        (lambda: workbook_bytes(_PERSON)[:-200], NOT_XLSX),
    ],
    ids=[
        "part-bomb",
        "sheet-bomb",
        "row-far-below",
        "many-merges",
        "overlapping-merges",
        "wide-row",
        "damaged-xml",
        "doctype",
        "traversal",
        "truncated",
    ],
)
def test_a_hostile_workbook_is_refused_in_vietnamese_quickly_and_changes_nothing(
    client: FlaskClient, auth: AuthActions, build: Callable[[], bytes], said: str
) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = build()
    before = db.session.query(User).count()
    started = time.process_time()
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    assert time.process_time() - started < 5
    assert response.status_code == 200 and said in response.get_data(as_text=True)
    assert db.session.query(User).count() == before


def test_a_sheet_whose_dimension_claims_every_cell_imports_its_rows(client: FlaskClient, auth: AuthActions) -> None:
    """Excel may record a used range far larger than the list (formatting applied to whole columns): only rows
    that are there count, and reading costs no more than they do."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = _crafted(lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    started = time.process_time()
    client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    assert time.process_time() - started < 5
    assert db.session.query(User).filter_by(username="annv").one().class_name == "6A"


def test_a_formula_is_imported_as_the_value_excel_shows_not_as_its_text(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    shown = '<c r="B2" t="str"><f>"Trần Văn "&amp;"Bình"</f><v>Trần Văn Bình</v></c>'
    data = _crafted(lambda xml: re.sub(rb'<c r="B2"[^>]*>.*?</c>', shown.encode(), xml))
    client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    assert db.session.query(User).filter_by(username="binhtv").one().full_name == "Trần Văn Bình"


def _with_shared_strings(texts: int) -> bytes:
    """The one-person workbook with a table of ``texts`` shared strings (about 40 bytes each) that no cell uses, at a
    path of its own: openpyxl finds the table through [Content_Types].xml, whatever it is named."""
    table = b"".join(b"<si><t>x%09d padding padding</t></si>" % i for i in range(texts))
    xml = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + table + b"</sst>"
    override = (
        b'<Override PartName="/xl/texts.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    relation = (
        b'<Relationship Id="rIdS" Target="texts.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(_PERSON)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", override)
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", relation)
            crafted.writestr(name, data)
        crafted.writestr("xl/texts.xml", xml)
    return out.getvalue()


def test_a_huge_table_of_texts_is_refused_before_openpyxl_reads_it(client: FlaskClient, auth: AuthActions) -> None:
    """23 MB of shared strings in a 1.4 MB file, under the 24 MB bound on the whole workbook: openpyxl read them all
    before the first row (6 s and 250 MB of memory a request), and the import went on."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = _with_shared_strings(560_000)
    assert len(data) < 2 * 1024 * 1024
    started = time.process_time()
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    assert time.process_time() - started < 2
    assert "hơn 8 MB chữ" in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(username="annv").count() == 0
    # a real table of texts is read: a list's worth passes
    client.post(
        "/people/import",
        data={
            "unit": coordinator.unit_id,
            "role": "student",
            "file": (io.BytesIO(_with_shared_strings(2000)), "a.xlsx"),
        },
    )
    assert db.session.query(User).filter_by(username="annv").count() == 1
