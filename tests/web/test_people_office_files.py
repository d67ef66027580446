"""The people import given files LibreOffice made from a school's list (tests/web/data/people/README.md): what the
spreadsheet changed is refused row by row, nothing imported; the same list as CSV keeps what the school typed."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from flask.testing import FlaskClient

from app.extensions import db
from app.models import User
from tests.conftest import AuthActions

from .people_helpers import school_coordinator

DATA = Path(__file__).parent / "data" / "people"


def _import(client: FlaskClient, unit_id: int, name: str) -> tuple[str, dict[int, str]]:
    response = client.post(
        "/people/import",
        data={"unit": unit_id, "role": "student", "file": (io.BytesIO((DATA / name).read_bytes()), name)},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    table = page.split('id="import-errors"')[1] if 'id="import-errors"' in page else ""
    return page, {int(n): text for n, text in re.findall(r"<td>(\d+)</td><td>(.*?)</td>", table)}


def test_what_libreoffice_changed_in_a_list_is_refused_row_by_row(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    _page, errors = _import(client, coordinator.unit_id, "lo-vi.xlsx")
    assert sorted(errors) == [3, 4]
    assert "06/01/2026" in errors[3] and "Lớp" in errors[3]  # the class 6/1
    assert "112345678" in errors[4] and "Text" in errors[4]  # the login 0112345678
    _page, errors = _import(client, coordinator.unit_id, "lo-en-us.xlsx")
    assert sorted(errors) == [3, 4, 5]
    assert "09/02/2013" in errors[3] and "tháng trước ngày sau" in errors[3]  # 02/09/2013 read as 9 February
    assert "112345678" in errors[4]
    assert "03/05/2013" in errors[5]  # 05/03/2013 read as 3 May
    assert db.session.query(User).count() == before


def test_the_same_list_as_csv_is_imported_as_typed(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    _page, errors = _import(client, coordinator.unit_id, "hs.csv")
    assert errors == {}
    people = {u.username: u for u in db.session.query(User).filter_by(unit_id=coordinator.unit_id)}
    assert people["annv2013"].class_name == "6/1" and people["annv2013"].date_of_birth == date(2013, 9, 2)
    assert people["0112345678"].full_name == "Trần Thị Bình"
