"""Lists as files other than an .xlsx: CSV in the encodings Excel writes, a file whose name lies, old .xls and web
pages, and names typed in the old Vietnamese fonts. Each is read right or refused saying what to do; nothing is
ever stored garbled."""

from __future__ import annotations

import codecs
import io
import unicodedata

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Registration, User
from tests.conftest import AuthActions

from ..factories import CategoryFactory, ContestFactory, UserFactory
from .people_helpers import school_coordinator
from .xlsx_helpers import workbook_bytes

LIST = (
    "STT,Họ và tên,Ngày sinh,Lớp,Số điện thoại\r\n1,Nguyễn Văn Ấn,02/09/2013,6A,0912345678\r\n2,Trần Thị Bình,,6A,\r\n"
)


def _windows_1258(text: str) -> bytes:
    """``text`` as Excel writes a plain CSV on Vietnamese Windows: a tone mark after its letter, combining."""
    out = b""
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", c)
            base, marks = decomposed[0], decomposed[1:]
            letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += (letter + "".join(m for m in marks if m not in "\u0302\u0306\u031b")).encode("cp1258")
    return out


def _import(client: FlaskClient, unit_id: int, data: bytes, filename: str) -> str:
    response = client.post(
        "/people/import", data={"unit": unit_id, "role": "student", "file": (io.BytesIO(data), filename)}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (LIST.encode("utf-8"), "hs.csv"),
        (codecs.BOM_UTF8 + LIST.encode("utf-8"), "hs.csv"),  # Excel's "CSV UTF-8"
        (LIST.encode("utf-16"), "hs.csv"),  # Excel's "Unicode Text", with its byte order mark
        (LIST.replace(",", ";").encode("utf-8-sig"), "hs.csv"),  # Excel under Vietnamese regional settings
        (LIST.replace(",", "\t").encode("utf-16"), "hs.csv"),
        (LIST.encode("utf-8-sig"), "hs.xlsx"),  # a CSV whose name says .xlsx
    ],
    ids=["utf8", "utf8-bom", "utf16", "semicolons", "tabs-utf16", "csv-named-xlsx"],
)
def test_a_csv_list_in_unicode_is_imported(client: FlaskClient, auth: AuthActions, data: bytes, filename: str) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = _import(client, coordinator.unit_id, data, filename)
    assert "Chưa có dữ liệu nào được nhập" not in page
    people = {u.full_name: u for u in db.session.query(User).filter_by(unit_id=coordinator.unit_id)}
    assert people["Nguyễn Văn Ấn"].class_name == "6A" and people["Trần Thị Bình"].username == "binhtt"
    assert people["Nguyễn Văn Ấn"].date_of_birth is not None and people["Nguyễn Văn Ấn"].date_of_birth.day == 2


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (_windows_1258(LIST), "Unicode (UTF-8)"),  # Excel's plain "CSV" on Vietnamese Windows
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Excel 97-2003"),
        (b"<html><body><table><tr><td>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</td></tr></table></body></html>", "trang web"),
    ],
    ids=["windows-1258", "xls", "html-as-xls"],
)
def test_a_file_that_cannot_be_read_right_is_refused_saying_what_to_do(
    client: FlaskClient, auth: AuthActions, data: bytes, said: str
) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    page = _import(client, coordinator.unit_id, data, "hs.xls" if said != "Unicode (UTF-8)" else "hs.csv")
    assert said in page and "CSV UTF-8" in page
    assert db.session.query(User).count() == before


def test_names_typed_in_an_old_vietnamese_font_are_refused_not_stored_garbled(
    client: FlaskClient, auth: AuthActions
) -> None:
    """A list typed with .VnTime (TCVN3) shows right in Excel only in that font: its cells hold 'NguyÔn V¨n An'.
    A UTF-8 list read as Windows-1252 somewhere on the way holds 'Nguyá»…n'."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "NguyÔn V¨n An", None, "6A", None],
        [2, "TrÇn ThÞ B×nh", None, "6A", None],
        [3, "Nguyá»…n VÄƒn An", None, "6A", None],
        [4, "Lê Thị Hoa", None, "6A", None],
    ]
    page = _import(client, coordinator.unit_id, workbook_bytes(rows), "hs.xlsx")
    for row in (2, 3, 4):
        assert f"<tr><td>{row}</td><td>Họ tên" in page
    assert "TCVN3" in page and "<tr><td>5</td>" not in page
    assert db.session.query(User).filter_by(unit_id=coordinator.unit_id).count() == 1  # the coordinator


def test_a_csv_of_logins_registers_each_in_its_category(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    pupils = [UserFactory(unit=coordinator.unit, username=f"hs0{n}") for n in range(2)]
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    c = CategoryFactory(contest=contest, code="C")
    db.session.commit()
    auth.login("dp")
    data = "STT;Tên đăng nhập;Bảng\r\n1;hs00;C\r\n2;HS01;\r\n".encode("utf-8-sig")
    response = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "dangky.csv")},
        follow_redirects=True,
    )
    assert "Đã đăng ký 2 người." in response.get_data(as_text=True)
    by_person = {r.members[0].user_id: r.category_id for r in db.session.query(Registration)}
    assert by_person == {pupils[0].id: c.id, pupils[1].id: b.id}
