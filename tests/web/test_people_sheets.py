"""People in and out of Excel: the import (its template, roles, units, bad rows: all or nothing) and the export."""

import io
import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.extensions import db
from app.models import Role, User
from app.services.people import password_policy
from tests.conftest import AuthActions
from tests.responses import sheet as active_sheet

from ..factories import SchoolFactory, UserFactory
from .people_helpers import school_coordinator
from .xlsx_helpers import padded, workbook_bytes


def test_import_creates_everyone_and_lists_the_passwords(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = workbook_bytes(
        [
            [1, "Nguyễn Văn An", "02/09/2011", "9A", "an@example.edu.vn"],
            [2, "Trần Thị Bình", date(2011, 3, 4), "9A", None],
        ],
        title_rows=2,
        merges=("A1:E1",),
    )
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "annv" in page and "binhtt" in page
    an = db.session.query(User).filter_by(username="annv").one()
    assert an.date_of_birth == date(2011, 9, 2) and an.class_name == "9A" and an.roles == {Role.STUDENT}
    # each temporary password satisfies the policy, logs in, and leads to the change form only
    listed = dict(re.findall(r"<td>(\w+)</td><td><code>(\w+)</code>", page))
    for username in ("annv", "binhtt"):
        person = db.session.query(User).filter_by(username=username).one()
        password_policy.check(listed[username], person.username, person.full_name, person.email)
    auth.logout()
    assert auth.login("annv", listed["annv"]).headers["Location"].endswith("/password")
    assert client.get("/home").headers["Location"].endswith("/password")
    new = {"current": listed["annv"], "new": "cay-bang-xanh-7", "confirm": "cay-bang-xanh-7"}
    assert client.post("/password", data=new).status_code == 302
    assert client.get("/home").status_code == 200


def test_import_with_bad_rows_imports_nothing_and_reports_each_row(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    UserFactory(email="taken@example.edu.vn")
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    data = workbook_bytes(
        [
            [1, "Nguyễn Văn An", "02/09/2011", "9A", "an@example.edu.vn"],
            [2, "", "02/09/2011", "9A", None],
            [3, "Lê Văn C", "31/02/2011", "9A", None],
            [4, "Lê Văn D", "01/01/2999", "9A", None],
            [5, "Lê Văn E", None, "9A", "taken@example.edu.vn"],
            [6, "Lê Văn G", None, "9A", "not an email"],
        ]
    )
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert db.session.query(User).count() == before
    for row in (3, 4, 5, 6, 7):
        assert f"<td>{row}</td>" in page
    assert "<td>2</td>" not in page  # the first person's row is fine


def test_import_takes_known_roles_and_refuses_an_unknown_one(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    header = ["STT", "Họ và tên", "Vai trò"]

    def imported(rows: list[list[object]]) -> str:
        data = workbook_bytes(rows, header=header)
        form = {"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "ds.xlsx")}
        return client.post("/people/import", data=form).get_data(as_text=True)

    before = db.session.query(User).count()
    page = imported([[1, "Lê Văn A", "GV chủ nhiệm"], [2, "Lê Văn B", "quản trị"], [3, "Lê Văn C", "Giáo viên"]])
    assert "Vai trò “GV chủ nhiệm” không có trong danh sách" in page and "“quản trị”" in page
    assert db.session.query(User).count() == before  # all or nothing

    imported([[1, "Lê Văn A", "GV"], [2, "Lê Thị B", "HỌC SINH"], [3, "Lê Văn C", None]])
    roles = {u.full_name: u.roles for u in db.session.query(User).filter(User.full_name.like("Lê %"))}
    assert roles == {"Lê Văn A": {Role.TEACHER}, "Lê Thị B": {Role.STUDENT}, "Lê Văn C": {Role.STUDENT}}


def test_import_with_vertically_merged_class_cells(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = workbook_bytes(
        [[1, "Nguyễn Văn An", None, "6A", None], [2, "Trần Văn Bình", None, None, None]], merges=("D2:D3",)
    )
    client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
    )
    assert db.session.query(User).filter_by(username="binhtv").one().class_name == "6A"


def test_import_refuses_wrong_columns_non_xlsx_and_huge_files(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    wrong_columns = workbook_bytes([["x", "y"]], header=["Tên trường", "Địa chỉ"])
    not_xlsx = b"PK\x03\x04 this is not really a workbook"
    huge = padded(workbook_bytes([[1, "Nguyễn Văn An", None, "6A", None]]), 20 * 1024 * 1024)
    assert len(huge) > 20 * 1024 * 1024
    for data, word in [(wrong_columns, "Họ và tên"), (not_xlsx, "xlsx"), (huge, "MB")]:
        response = client.post(
            "/people/import",
            data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "hs.xlsx")},
        )
        assert response.status_code == 200
        assert word in response.get_data(as_text=True)
    assert db.session.query(User).count() == before


def test_export_is_a_sorted_workbook(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    for name in ["Trần Văn Đức", "Nguyễn Thị An"]:
        UserFactory(full_name=name, unit=coordinator.unit)
    db.session.commit()
    auth.login("dp")
    response = client.get("/people/export.xlsx")
    assert response.status_code == 200
    sheet = active_sheet(load_workbook(io.BytesIO(response.data)))
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[0] == "Nguyễn Thị An" and "Trần Văn Đức" in names


def test_export_writes_typed_text_as_text_never_as_a_formula(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    UserFactory(full_name='=HYPERLINK("http://evil.example","An")', class_name="=1+1", unit=coordinator.unit)
    db.session.commit()
    auth.login("dp")
    sheet = active_sheet(load_workbook(io.BytesIO(client.get("/people/export.xlsx").data)))
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[1].value).startswith("=HYPERLINK"))
    assert (row[1].data_type, row[4].data_type, row[4].value) == ("s", "s", "=1+1")


def test_the_import_template_is_filled_and_imported(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = client.get("/people/import").get_data(as_text=True)
    assert "/people/import/template.xlsx" in page and "Tải mẫu Excel" in page
    response = client.get("/people/import/template.xlsx")
    assert response.status_code == 200 and "mau-nhap-danh-sach.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    template = active_sheet(workbook)
    rows = [list(r) for r in template.iter_rows(values_only=True)]
    assert rows[1] == ["STT", "Họ và tên", "Ngày sinh", "Lớp", "E-mail", "Tên đăng nhập", "Vai trò"]
    assert rows[2][1] == "Nguyễn Văn An"  # the example, left in place
    template.append([2, "Trần Thị Bình", "05/10/2013", "6B", "binh@example.edu.vn", "", "học sinh"])
    template.append([3, "Lê Văn Cường", None, None, None, "cuonglv", "giáo viên"])
    filled = io.BytesIO()
    workbook.save(filled)
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(filled.getvalue()), "mau.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "binhtt" in page and "cuonglv" in page
    binh = db.session.query(User).filter_by(username="binhtt").one()
    assert binh.date_of_birth == date(2013, 10, 5) and binh.class_name == "6B" and binh.roles == {Role.STUDENT}
    assert db.session.query(User).filter_by(username="cuonglv").one().roles == {Role.TEACHER}
    assert db.session.query(User).filter_by(full_name="Nguyễn Văn An").count() == 0  # the example is skipped


def test_the_template_alone_has_nobody_to_import(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    data = client.get("/people/import/template.xlsx").data
    response = client.post(
        "/people/import",
        data={"unit": coordinator.unit_id, "role": "student", "file": (io.BytesIO(data), "mau.xlsx")},
    )
    assert "Bảng tính không có dữ liệu nào." in response.get_data(as_text=True)
    assert db.session.query(User).count() == 1


def test_import_refuses_rows_naming_a_unit_that_is_no_longer_active(client: FlaskClient, auth: AuthActions) -> None:
    """A district's coordinator may place each row in one of its schools (column “Đơn vị”, a code or a name); a
    school deactivated or merged into another takes nobody, and the report says so in Vietnamese."""
    from ..factories import DistrictFactory

    district = DistrictFactory()
    open_school = SchoolFactory(parent=district, code="THCS-AN", name="Trường THCS An Bình")
    merged = SchoolFactory(parent=district, code="THCS-CU", name="Trường THCS Cũ", active=False)
    elsewhere = SchoolFactory(code="THCS-KHAC")
    school_coordinator(district)
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    header = ["STT", "Họ và tên", "Lớp", "Đơn vị"]
    rows = [
        [1, "Nguyễn Văn An", "9A", "thcs-an"],
        [2, "Trần Thị Bình", "9A", "Trường THCS Cũ"],
        [3, "Lê Văn Cường", "9A", "THCS-CU"],
        [4, "Phạm Thị Dung", "9A", elsewhere.code],
    ]
    response = client.post(
        "/people/import",
        data={"unit": district.id, "role": "student", "file": (io.BytesIO(workbook_bytes(rows, header)), "hs.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert db.session.query(User).count() == before  # nothing changed
    assert page.count("Đơn vị Trường THCS Cũ không còn hoạt động (đã bị ngừng hoạt động hoặc đã sáp nhập") == 2
    assert f"Không có đơn vị nào do bạn quản lý có mã hoặc tên “{elsewhere.code}”" in page
    assert "<td>2</td>" not in page and all(f"<td>{n}</td>" in page for n in (3, 4, 5))

    good = workbook_bytes([rows[0], [2, "Trần Thị Bình", "9B", ""]], header)
    response = client.post(
        "/people/import", data={"unit": district.id, "role": "student", "file": (io.BytesIO(good), "hs.xlsx")}
    )
    assert response.status_code == 200
    placed = {u.full_name: u.unit_id for u in db.session.query(User).filter(User.class_name.isnot(None))}
    assert placed == {"Nguyễn Văn An": open_school.id, "Trần Thị Bình": district.id}
    assert merged.id not in placed.values()


def test_an_inactive_unit_takes_nobody_even_when_asked_directly(app: Flask) -> None:
    from app.services.errors import InvalidInput
    from app.services.people import accounts, people_xlsx

    coordinator = school_coordinator()
    closed = SchoolFactory(parent=coordinator.unit.parent, active=False)
    admin = UserFactory(username="ad", roles={Role.ADMIN})
    db.session.commit()
    before = db.session.query(User).count()
    sheet = workbook_bytes([[1, "Nguyễn Văn An", "02/09/2011", "9A", None]])
    with app.test_request_context():
        for call in (
            lambda: people_xlsx.import_people(db.session, admin, closed.id, io.BytesIO(sheet)),
            lambda: accounts.create_person(
                db.session, admin, closed.id, accounts.PersonDetails("Lê Văn B", "levanb"), {Role.STUDENT}
            ),
        ):
            with pytest.raises(InvalidInput) as refused:
                call()
            assert "không còn hoạt động" in str(refused.value.message)
    db.session.rollback()
    assert db.session.query(User).count() == before


def test_import_refuses_a_unit_name_that_two_schools_share_and_asks_for_the_code(
    client: FlaskClient, auth: AuthActions
) -> None:
    """Two schools of a district may have one name; a row naming it is placed in neither, and is told the codes."""
    from ..factories import DistrictFactory

    district = DistrictFactory()
    first = SchoolFactory(parent=district, code="TH-KD1", name="Trường Tiểu học Kim Đồng")
    SchoolFactory(parent=district, code="TH-KD2", name="Trường Tiểu học Kim Đồng")
    SchoolFactory(parent=district, code="TH-CU", name="Trường Tiểu học Lê Lợi", active=False)
    only = SchoolFactory(parent=district, code="TH-LL", name="Trường Tiểu học Lê Lợi")  # the closed one's successor
    school_coordinator(district)
    db.session.commit()
    auth.login("dp")
    header = ["STT", "Họ và tên", "Lớp", "Đơn vị"]

    def imported(rows: list[list[object]]) -> str:
        form = {"unit": district.id, "role": "student", "file": (io.BytesIO(workbook_bytes(rows, header)), "hs.xlsx")}
        return client.post("/people/import", data=form).get_data(as_text=True)

    page = imported([[1, "Nguyễn Văn An", "1A", "trường tiểu học kim đồng"]])
    assert "Có nhiều đơn vị bạn quản lý cùng tên “trường tiểu học kim đồng”" in page and "TH-KD1, TH-KD2" in page
    assert db.session.query(User).filter_by(full_name="Nguyễn Văn An").count() == 0

    imported([[1, "Nguyễn Văn An", "1A", "TH-KD1"], [2, "Trần Văn Bình", "1A", "Trường Tiểu học Lê Lợi"]])
    placed = {u.full_name: u.unit_id for u in db.session.query(User).filter(User.class_name == "1A")}
    assert placed == {"Nguyễn Văn An": first.id, "Trần Văn Bình": only.id}
