"""Control characters in a list that reaches a workbook hoithi writes: Word writes a manual line break as a vertical
tab and its fields leave other C0 characters in what is copied from it into a list, which a CSV keeps. An .xlsx
cannot hold them (openpyxl refuses the cell), so one pupil's name holding one broke every export that names them;
now a list's cells are read with each control character as a space, and a text stored before (or from a package)
is written with them as spaces."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.models import User
from app.services.xlsx_text import append_row
from tests.conftest import AuthActions
from tests.responses import sheet as active_sheet

from ..factories import UserFactory
from .people_helpers import school_coordinator


def test_a_csv_list_with_words_control_characters_is_imported_without_them(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = "STT,Họ và tên,Lớp\r\n1,Nguyễn Văn\x0bẤn,6A\x01\r\n2,Trần\x0cThị Bình\x07,6B\r\n".encode()
    response = client.post(
        "/people/import", data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.csv")}
    )
    assert response.status_code == 200
    people = {u.full_name: u.class_name for u in db.session.query(User).filter_by(unit_id=coordinator.unit_id)}
    assert people == {"Nguyễn Văn Ấn": "6A", "Trần Thị Bình": "6B", coordinator.full_name: coordinator.class_name}


def test_a_stored_name_with_a_control_character_is_exported(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    UserFactory(full_name="Lê\x0bVăn\x01Cường", class_name="6A\x1f", unit=coordinator.unit)
    db.session.commit()
    auth.login("dp")
    response = client.get("/people/export.xlsx")
    assert response.status_code == 200
    sheet = active_sheet(load_workbook(io.BytesIO(response.data)))
    rows = [row[1:5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(row[0] == "Lê Văn Cường" and row[3] == "6A " for row in rows), rows


def test_a_row_keeps_tabs_and_line_breaks_and_writes_other_controls_as_spaces() -> None:
    book = Workbook(write_only=True)
    append_row(book.create_sheet(), ["dòng 1\ndòng 2\tcột", "a\x00b\x0bc", "=1+1\x08"])
    out = io.BytesIO()
    book.save(out)
    written = next(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert written == ("dòng 1\ndòng 2\tcột", "a b c", "=1+1 ")
