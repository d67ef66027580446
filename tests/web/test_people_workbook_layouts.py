"""The people import with workbooks as schools keep them: the list on one sheet among others, lists on several
sheets, Excel's errors and notes, hidden rows and columns, dates Excel read month first, logins stored as numbers."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from flask.testing import FlaskClient
from openpyxl import Workbook

from app.extensions import db
from tests.conftest import AuthActions

from .people_helpers import school_coordinator
from .test_people_school_sheets import HEAD, NOTHING_IMPORTED, _import, _names, _row_errors
from .xlsx_helpers import workbook_bytes


def _workbook(sheets: list[tuple[str, list[list[Any]], bool]]) -> bytes:
    """A workbook of (title, rows, hidden) sheets."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows, hidden in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_list_is_found_on_the_sheet_that_has_it(client: FlaskClient, auth: AuthActions) -> None:
    """Behind a sheet of instructions (refused before: no heading row), and never a hidden sheet's old list in place
    of the one on screen (imported before, as the workbook's first sheet)."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    instructions = ("Hướng dẫn", [["Điền mỗi học sinh một dòng ở trang DS."]], False)
    page = _import(client, coordinator.unit, _workbook([instructions, ("DS", [HEAD, [1, "Lê Thị Hoa", "6A"]], False)]))
    assert NOTHING_IMPORTED not in page and set(_names(coordinator.unit)) == {"Lê Thị Hoa"}
    old = ("Năm trước", [HEAD, [1, "Trần Văn Cũ", "5A"]], True)
    _import(client, coordinator.unit, _workbook([old, ("DS", [HEAD, [1, "Phạm Văn Mới", "6A"]], False)]))
    assert set(_names(coordinator.unit)) == {"Lê Thị Hoa", "Phạm Văn Mới"}


def test_lists_on_several_sheets_are_refused_naming_them(client: FlaskClient, auth: AuthActions) -> None:
    """One sheet per class: only the first class was imported, and the coordinator told everyone was."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = _workbook(
        [
            ("6A", [HEAD, [1, "Lê Thị Hoa", "6A"]], False),
            ("6B", [HEAD, [1, "Trần Văn Nam", "6B"]], False),
            ("Mẫu", [HEAD], False),  # a heading and nobody under it: not a list
        ]
    )
    page = _import(client, coordinator.unit, data)
    assert "nhiều trang tính (6A, 6B)" in page
    assert _names(coordinator.unit) == {}


def test_excel_errors_and_notes_in_the_read_columns_refuse_their_rows(client: FlaskClient, auth: AuthActions) -> None:
    """A class filled by a lookup that found nothing shows #N/A: it was stored as the class; a note after a name
    became part of the name."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Lê Thị Hoa", None, "#N/A", None],
        [2, "#REF!", None, "6A", None],
        [3, "Trần Văn Nam (lớp trưởng)", None, "6A", None],
        [4, "Phạm Văn Đức", None, "6A", "#N/A"],
        [5, "Vũ Thị Lan", "#VALUE!", "6A", None],
        [6, "1. Đỗ Văn Bình", None, "6A", None],  # the number typed into the name
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    errors = _row_errors(page)
    assert "D" in errors[2] and "#N/A" in errors[2] and "B" in errors[3] and "#REF!" in errors[3]
    assert "( )" in errors[4] and "TCVN3" not in errors[4]
    assert "E" in errors[5] and "C" in errors[6] and "(1)" in errors[7]
    assert _names(coordinator.unit) == {}


def _hiding(rows: list[list[Any]], hidden_rows: tuple[int, ...] = (), hidden_columns: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    for letter in hidden_columns:
        sheet.column_dimensions[letter].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_hidden_rows_or_columns_holding_anything_are_refused(client: FlaskClient, auth: AuthActions) -> None:
    """A school's list filtered to one class shows 1 pupil and imported all 3; a hidden column of last year's
    classes was read before the one on screen."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    school: list[list[Any]] = [HEAD, [1, "Lê Thị Hoa", "6A"], [2, "Trần Văn Nam", "7B"], [3, "Phạm Văn Đức", "7B"]]
    page = _import(client, coordinator.unit, _hiding(school, hidden_rows=(3, 4)))
    assert "Dòng 3, 4 của trang tính đang bị ẩn" in page
    old_classes: list[list[Any]] = [["STT", "Họ và tên", "Lớp", "Lớp"], [1, "Lê Thị Hoa", "5A", "6A"]]
    page = _import(client, coordinator.unit, _hiding(old_classes, hidden_columns=("C",)))
    assert "Cột C của trang tính đang bị ẩn" in page
    assert _names(coordinator.unit) == {}
    # hidden and empty: nothing the person does not see is read
    shown: list[list[Any]] = [["STT", "Họ và tên", None, "Lớp"], [1, "Lê Thị Hoa", None, "6A"], [None] * 4]
    page = _import(client, coordinator.unit, _hiding(shown, hidden_rows=(3,), hidden_columns=("C",)))
    assert _names(coordinator.unit)["Lê Thị Hoa"].class_name == "6A"


def test_dates_excel_read_month_first_are_refused(client: FlaskClient, auth: AuthActions) -> None:
    """Typed day first into an Excel set to English (US): 05/09/2013 became 9 May (a date cell), 25/09/2013 stayed
    text. The 9 May was stored as the pupil's birthday."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Lê Thị Hoa", datetime(2013, 5, 9), "6A", None],  # typed 05/09/2013
        [2, "Trần Văn Nam", "25/09/2013", "6A", None],
    ]
    page = _import(client, coordinator.unit, workbook_bytes(rows))
    assert list(_row_errors(page)) == [2] and "09/05/2013" in _row_errors(page)[2] and "tháng" in _row_errors(page)[2]
    # only date cells, every one on a day up to the 12th: read month first too
    page = _import(
        client,
        coordinator.unit,
        workbook_bytes(
            [[n, f"Học Sinh {chr(65 + n)}", datetime(2013, 1 + n, 1 + n % 12), "6A", None] for n in range(9)]
        ),
    )
    assert len(_row_errors(page)) == 9 and _names(coordinator.unit) == {}
    # date cells on all sorts of days: read as they are
    page = _import(
        client,
        coordinator.unit,
        workbook_bytes([[n, f"Học Sinh {chr(65 + n)}", datetime(2013, 1 + n, 13 + n), "6A", None] for n in range(9)]),
    )
    assert _names(coordinator.unit)["Học Sinh A"].date_of_birth == date(2013, 1, 13)


def test_a_login_excel_stored_as_a_number_is_refused(client: FlaskClient, auth: AuthActions) -> None:
    """A pupil's code 0112345678 typed as the login became the number 112345678: the account got a login nobody
    was told."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [[1, "Lê Thị Hoa", "6A", 112345678], [2, "Trần Văn Nam", "6A", "0112345679"]]
    page = _import(client, coordinator.unit, workbook_bytes(rows, header=["STT", "Họ và tên", "Lớp", "Tên đăng nhập"]))
    assert list(_row_errors(page)) == [2] and "112345678" in _row_errors(page)[2] and "Text" in _row_errors(page)[2]
    assert _names(coordinator.unit) == {}
