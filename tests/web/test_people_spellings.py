"""The same pupil, the same class, spelled the ways Vietnamese schools type them.

Vietnamese has two accepted places for the tone mark of "oa", "oe", "uy" (the old style "hoà", "thuỷ" and the new
"hòa", "thủy"): Unikey lets each teacher choose, so the same pupil's name comes both ways from two lists. Classes
are typed "6A1" on one list and "6a1" on another.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import insert, select

from app.extensions import db
from app.models import AccountStatus, Registration, Role, User, UserRole
from app.vnsort import sort_key
from tests.conftest import AuthActions
from tests.responses import sheet as active_sheet

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory
from .people_helpers import school_coordinator
from .xlsx_helpers import workbook_bytes


def _import(client: FlaskClient, unit_id: int, data: bytes) -> str:
    response = client.post(
        "/people/import", data={"unit": unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _row_errors(page: str) -> dict[int, str]:
    return {int(n): text for n, text in re.findall(r"<td>(\d+)</td>\s*<td>(.*?)</td>", page, re.S)}


def _pupils(unit_id: int) -> list[str]:
    return sorted(u.full_name for u in db.session.query(User).filter_by(unit_id=unit_id) if u.username != "dp")


def test_a_tone_mark_placed_the_old_or_the_new_way_is_the_same_pupil(client: FlaskClient, auth: AuthActions) -> None:
    """The names "Hoà" and "Hòa", "Thuỷ" and "Thủy" are one: on two rows of a sheet, the second is refused naming the
    first; against an account made by an earlier import, the row names its login; nothing is imported."""
    coordinator = school_coordinator()
    UserFactory(full_name="Nguyễn Thị Hoà", username="hoant", unit=coordinator.unit, date_of_birth=date(2012, 9, 5))
    db.session.commit()
    auth.login("dp")
    rows = [
        [1, "Trần Thanh Thuỷ", "05/09/2012", "6A1", None],
        [2, "Nguyễn Thị Hòa", "05/09/2012", "6A1", None],
        [3, "TRẦN THANH THỦY", "05/09/2012", "6a1", None],
        [4, "Lê Quý Khoa", "01/02/2012", "6A1", None],
    ]
    page = _import(client, coordinator.unit_id, workbook_bytes(rows))
    errors = _row_errors(page)
    assert list(errors) == [3, 4], errors
    assert "hoant" in errors[3] and "dòng 2" in errors[4]
    assert _pupils(coordinator.unit_id) == ["Nguyễn Thị Hoà"]
    # a namesake born another day is still imported
    _import(client, coordinator.unit_id, workbook_bytes([[1, "Nguyễn Thị Hòa", "06/09/2012", "6A1", None]]))
    assert _pupils(coordinator.unit_id) == ["Nguyễn Thị Hoà", "Nguyễn Thị Hòa"]


def _pick_list(page: str) -> str:
    return page.split('id="pick-list"')[1].split("</table>")[0]


def test_a_class_typed_in_lower_case_is_the_same_class_in_the_pick_list(client: FlaskClient, auth: AuthActions) -> None:
    """Pupils imported from two lists, one typing "6A1" and one "6a1", are one class: offered once in the class
    filter, and all of them listed when it is chosen."""
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    UserFactory(full_name="Nguyễn Văn Một", class_name="6A1", unit=school)
    UserFactory(full_name="Trần Thị Hai", class_name="6a1", unit=school)
    UserFactory(full_name="Lê Văn Ba", class_name="6A2", unit=school)
    contest = ContestFactory()
    db.session.commit()
    auth.login("dp")
    url = f"/contests/{contest.id}/register-people"
    page = client.get(url).get_data(as_text=True)
    offered = re.findall(r'<option value="(6[aA]\d)"', page)
    assert sorted(offered) == ["6A1", "6A2"], offered
    for chosen in ("6A1", "6a1"):
        pick = _pick_list(client.get(url, query_string={"class": chosen}).get_data(as_text=True))
        assert "Nguyễn Văn Một" in pick and "Trần Thị Hai" in pick and "Lê Văn Ba" not in pick


def test_a_formula_whose_result_the_file_does_not_keep_is_refused_naming_its_cells(
    client: FlaskClient, auth: AuthActions
) -> None:
    """A list made by a program (school software, a script) rather than saved by Excel keeps its formulas without
    their results: Excel computes them on opening and shows the names, the import read empty cells and refused
    every row for a missing name. It names the cells and says to save the file in Excel or LibreOffice; saved by
    Excel, the same file is imported with the names its formulas make."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    header = ["STT", "Họ đệm", "Tên", "Họ và tên", "Ngày sinh", "E-mail"]
    rows = [
        [1, "Nguyễn Văn", "An", '=B2&" "&C2', "05/09/2012", '=IF(A2>1,"x@y.vn","")'],
        [2, "Trần Thị", "Bình", '=B3&" "&C3', "06/09/2012"],
    ]
    made = workbook_bytes(rows, header=header)
    page = _import(client, coordinator.unit_id, made)
    assert "Các ô D2, F2, D3 chứa công thức" in page and "LibreOffice" in page and "Vui lòng nhập họ và tên" not in page
    assert _pupils(coordinator.unit_id) == []
    # saved by Excel: each formula keeps its result, an empty text as an empty <v> of type "str"
    saved = _with_sheet_xml(
        made,
        lambda xml: (
            xml.replace(b'<c r="D2"><f>', b'<c r="D2" t="str"><f>')
            .replace(b'<c r="D3"><f>', b'<c r="D3" t="str"><f>')
            .replace(b"C2</f><v></v>", "C2</f><v>Nguyễn Văn An</v>".encode())
            .replace(b"C3</f><v></v>", "C3</f><v>Trần Thị Bình</v>".encode())
            .replace(b'<c r="F2"><f>', b'<c r="F2" t="str"><f>')
        ),
    )
    _import(client, coordinator.unit_id, saved)
    assert _pupils(coordinator.unit_id) == ["Nguyễn Văn An", "Trần Thị Bình"]


def _with_sheet_xml(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook ``data`` with its sheet's XML changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as changed:
        for name in source.namelist():
            part = source.read(name)
            changed.writestr(name, change(part) if name == "xl/worksheets/sheet1.xml" else part)
    return out.getvalue()


def test_the_export_says_roles_and_states_in_vietnamese_and_its_roles_import_again(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The exported list wrote the codes ("student", "active", "pending") in a Vietnamese sheet; its "Vai trò"
    column now says học sinh, giáo viên as the import reads them."""
    coordinator = school_coordinator()
    UserFactory(full_name="Nguyễn Văn An", unit=coordinator.unit, roles={Role.STUDENT})
    UserFactory(full_name="Trần Thị Bình", unit=coordinator.unit, roles={Role.TEACHER}, status=AccountStatus.PENDING)
    db.session.commit()
    auth.login("dp")
    sheet = active_sheet(load_workbook(io.BytesIO(client.get("/people/export.xlsx").data)))
    rows = list(sheet.iter_rows(values_only=True))
    by_name = {row[1]: row for row in rows[1:]}
    assert (by_name["Nguyễn Văn An"][7], by_name["Nguyễn Văn An"][8]) == ("học sinh", "đang hoạt động")
    assert (by_name["Trần Thị Bình"][7], by_name["Trần Thị Bình"][8]) == ("giáo viên", "chờ xác nhận")
    assert rows[0][7] == "Vai trò"


def test_logins_copied_with_invisible_characters_register_their_people(client: FlaskClient, auth: AuthActions) -> None:
    """Logins pasted from a web page or a Word table carry a zero-width space or a no-break space: the sheet shows
    an.nguyen, and the registration said nobody has that login. So does a category typed "Bảng\u00a0B"."""
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    an = UserFactory(username="an.nguyen", full_name="Nguyễn Văn An", unit=school)
    binh = UserFactory(username="binh.tran", full_name="Trần Thị Bình", unit=school)
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    c = CategoryFactory(contest=contest, code="C")
    db.session.commit()
    auth.login("dp")
    data = workbook_bytes(
        [[1, "an.nguyen\u200b", "Bảng\u00a0C"], [2, "\u2060binh.tran\u00a0", ""]],
        header=["STT", "Tên đăng nhập", "Bảng"],
    )
    response = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "lop.xlsx")},
        follow_redirects=True,
    )
    assert "Đã đăng ký 2 người." in response.get_data(as_text=True)
    by_person = {r.members[0].user_id: r.category_id for r in db.session.query(Registration)}
    assert by_person == {an.id: c.id, binh.id: b.id}


def test_a_login_and_an_address_copied_with_invisible_characters_are_imported_as_shown(
    client: FlaskClient, auth: AuthActions
) -> None:
    """A typed login followed by a zero-width space was refused as not a login; an address, as not an address."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    header = ["STT", "Họ và tên", "Ngày sinh", "Lớp", "E-mail", "Tên đăng nhập"]
    rows = [[1, "Trần Văn An", "05/09/2012", "6A1", "an.tran@truong.edu.vn\u200b", "\ufeffan.tran\u200b"]]
    _import(client, coordinator.unit_id, workbook_bytes(rows, header=header))
    person = db.session.query(User).filter_by(full_name="Trần Văn An").one()
    assert (person.username, person.email) == ("an.tran", "an.tran@truong.edu.vn")


def test_a_class_is_found_in_a_unit_of_more_people_than_the_pick_list_shows(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The pick list reads at most 2,000 people; the class and grade filters were applied to those 2,000 (the first
    by name), so in a district office of 2,001 pupils class 9A's Trần Thị Yến was offered in no filter at all."""
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    yen = UserFactory(full_name="Trần Thị Yến", class_name="9A", unit=school, roles={Role.STUDENT})
    db.session.flush()
    many = [
        {
            "username": f"hs{i:05d}",
            "full_name": f"Nguyễn {chr(97 + i // 26 % 26)}{chr(97 + i % 26)} An",
            "sort_key": sort_key(f"Nguyễn {chr(97 + i // 26 % 26)}{chr(97 + i % 26)} An"),
            "class_name": "6A",
            "password_hash": "x",
            "unit_id": school.id,
            "status": AccountStatus.ACTIVE,
        }
        for i in range(2000)
    ]
    db.session.execute(insert(User), many)
    ids = db.session.scalars(select(User.id).where(User.username.like("hs%"))).all()
    db.session.execute(insert(UserRole), [{"user_id": i, "role": Role.STUDENT} for i in ids])
    contest = ContestFactory()
    db.session.commit()
    assert all(sort_key(yen.full_name) > sort_key(str(row["full_name"])) for row in many)  # listed after them
    auth.login("dp")
    url = f"/contests/{contest.id}/register-people"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="9A"' in page
    assert "Chỉ liệt kê 2000 người đầu tiên" in page  # and the page says so
    for query in ({"class": "9A"}, {"grade": "9"}):
        page = client.get(url, query_string=query).get_data(as_text=True)
        assert "Trần Thị Yến" in _pick_list(page) and 'id="pick-more"' not in page, query


def test_a_date_of_birth_in_three_columns_under_a_merged_heading_is_read_whole(
    client: FlaskClient, auth: AuthActions
) -> None:
    """Official lists split "Ngày sinh" into Ngày | Tháng | Năm under a merged heading: the import read the day
    alone, refused "5" as not a date on every row, and took the line of sub-headings for a person."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows: list[list[Any]] = [
        ["STT", "Họ và tên", "Ngày sinh", None, None, "Lớp"],
        [None, None, "Ngày", "Tháng", "Năm", None],
        [1, "Nguyễn Văn An", 5, 9, 2012, "6A1"],
        [2, "Trần Thị Bình", "05", "09", "2012", "6A1"],
    ]
    data = workbook_bytes(rows, header=None, merges=("A1:A2", "B1:B2", "C1:E1", "F1:F2"))
    page = _import(client, coordinator.unit_id, data)
    assert "Nguyễn Văn An" in page
    born = {u.full_name: u.date_of_birth for u in db.session.query(User).filter(User.username != "dp")}
    assert born == {"Nguyễn Văn An": date(2012, 9, 5), "Trần Thị Bình": date(2012, 9, 5)}


def test_a_date_typed_month_first_is_refused_saying_so(client: FlaskClient, auth: AuthActions) -> None:
    """ "9/25/2012", typed or exported the American way, was refused as "not a date": the row now says the month
    comes second in Vietnam, and nothing is imported."""
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    rows = [[1, "Nguyễn Văn An", "9/25/2012", "6A1", None], [2, "Trần Thị Bình", "05/09/2012", "6A1", None]]
    errors = _row_errors(_import(client, coordinator.unit_id, workbook_bytes(rows)))
    assert list(errors) == [2] and "9/25/2012" in errors[2] and "tháng trước" in errors[2], errors
    assert _pupils(coordinator.unit_id) == []
