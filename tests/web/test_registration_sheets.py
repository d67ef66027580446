"""A coordinator's sheet of logins with bad rows, as schools send them: every bad row refused with a message in
Vietnamese naming it, the whole sheet registering nobody; a well-made sheet with their usual extras registers
everyone."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook

from app.extensions import db
from app.models import ContestKind, Registration, RegistrationMember, Role
from app.timeutil import utcnow
from tests.conftest import AuthActions
from tests.responses import sheet

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory
from .xlsx_helpers import workbook_bytes

HEADER = ["STT", "Họ và tên", "Tên đăng nhập", "Bảng"]


@pytest.fixture
def school(app: object) -> dict[str, Any]:
    unit = SchoolFactory()
    UserFactory(username="dp", unit=unit, roles={Role.COORDINATOR})
    people = {
        "an": UserFactory(username="hs_an", full_name="Lò Văn An", class_name="7A", unit=unit),
        "binh": UserFactory(username="hs_binh", full_name="Quàng Thị Bình", class_name="8B", unit=unit),
        "chi": UserFactory(username="hs_chi", full_name="Cà Thị Chi", class_name="K8", unit=unit),
        "other": UserFactory(username="hs_khac", full_name="Người Trường Khác", class_name="7A"),
    }
    contest = ContestFactory()
    category = CategoryFactory(contest=contest, code="B", name="Bảng B", grades_from=6, grades_to=9)
    db.session.commit()
    return {"contest": contest, "category": category, **people}


def _send(client: FlaskClient, world: dict[str, Any], data: bytes, name: str = "ds.xlsx") -> str:
    response = client.post(
        f"/contests/{world['contest'].id}/register-people/sheet",
        data={"category": world["category"].id, "file": (io.BytesIO(data), name)},
    )
    return response.get_data(as_text=True)


def _refused(page: str) -> dict[int, str]:
    """The refused rows' table: row number -> its person and message."""
    assert 'id="refused-rows"' in page, page.split('class="flash')[1][:400] if 'class="flash' in page else page[:400]
    table = page.split('id="refused-rows"')[1].split("</tbody>")[0]
    rows = {}
    for tr in table.split("<tr>")[2:]:
        cells = [c.split("</td>")[0] for c in tr.split("<td>")[1:]]
        rows[int(cells[0])] = " | ".join(cells[1:])
    return rows


def _registered() -> int:
    return db.session.query(RegistrationMember).count()


def test_each_bad_row_is_named_with_why_and_nobody_is_registered(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any]
) -> None:
    rows: list[list[Any]] = [
        [1, "Lò Văn An", "hs_an", "B"],  # fine
        [2, "Lò Văn An", " HS_AN ", ""],  # the same pupil again, spelt otherwise
        [3, "Người Trường Khác", "hs_khac", "B"],  # another school's pupil
        [4, "Cà Thị Chi", "hs_chi", "B"],  # a class that names no grade
        [5, "Quàng Thị Bình", None, "B"],  # a name without its login
        [6, "Quàng Thị Bình", "#N/A", "B"],  # a lookup that found nothing
        [7, None, None, None],  # an empty numbered line: not a person
    ]
    auth.login("dp")
    refused = _refused(_send(client, school, workbook_bytes(rows, header=HEADER)))
    assert sorted(refused) == [3, 4, 5, 6, 7]  # sheet rows: the heading is row 1
    assert "Đã có ở dòng 2" in refused[3]
    assert "Không có ai trong đơn vị của bạn có tên đăng nhập này" in refused[4]
    # a class written otherwise ("K8": khối 8?) is named, with how to write it (was: "their class is not known")
    assert "Cà Thị Chi" in refused[5] and "6-9" in refused[5] and "“K8” của Cà Thị Chi không bắt đầu" in refused[5]
    assert "Quàng Thị Bình" in refused[6] and "chưa có tên đăng nhập" in refused[6]
    assert "#N/A" in refused[7] and "lỗi" in refused[7]
    assert _registered() == 0


def test_a_sheet_with_its_signatures_under_the_list_registers_everyone(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any]
) -> None:
    rows: list[list[Any]] = [[1, "Lò Văn An", "hs_an", "B"], [2, "Quàng Thị Bình", "hs_binh", "B"], [None] * 4]
    rows += [[None, "Người lập biểu", None, "Hiệu trưởng"], [None, "Nguyễn Thị Lập", None, "Trần Văn Trưởng"]]
    auth.login("dp")
    page = _send(client, school, workbook_bytes(rows, header=HEADER))
    assert 'id="refused-rows"' not in page, _refused(page)
    assert {r.members[0].user.username for r in db.session.query(Registration)} == {"hs_an", "hs_binh"}


def _two_sheets(hidden: bool) -> bytes:
    workbook = Workbook()
    shown = sheet(workbook)
    shown.title = "Lớp 7A"
    shown.append(HEADER)
    shown.append([1, "Lò Văn An", "hs_an", "B"])
    old = workbook.create_sheet("Năm ngoái")
    old.append(HEADER)
    old.append([1, "Quàng Thị Bình", "hs_binh", "B"])
    if hidden:
        old.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_two_sheets(hidden=False), "nhiều trang tính"),
        (workbook_bytes([[1, "Lò Văn An", "=B2", "B"]], header=HEADER), "công thức"),
        (b"STT;T\xean \xf0\xe3ng nh\xe2p\n1;hs_an\n", "UTF-8"),
    ],
)
def test_a_sheet_that_cannot_be_read_as_it_shows_is_refused_whole(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any], data: bytes, words: str
) -> None:
    auth.login("dp")
    page = _send(client, school, data)
    assert words in page and _registered() == 0


def test_a_hidden_sheet_is_never_read_in_place_of_the_one_shown(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any]
) -> None:
    auth.login("dp")
    _send(client, school, _two_sheets(hidden=True))
    assert {m.user.username for m in db.session.query(RegistrationMember)} == {"hs_an"}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"registration_closes": utcnow() - timedelta(minutes=1)}, "Đã hết thời gian đăng ký."),
        ({"kind": ContestKind.INFORMATICS, "max_team_size": 2}, "không nhận đăng ký từng người"),
    ],
)
def test_a_sheet_for_a_closed_contest_or_one_of_teams_registers_nobody(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any], change: dict[str, Any], words: str
) -> None:
    """After the deadline the whole sheet is refused (pinned: it was so). A contest of teams registers whole teams
    only: a sheet sent all the same (from a page opened before the contest became one of teams) is refused whole
    saying so (was: each row refused for the team's size, on a page that then lists no refused rows)."""
    for key, value in change.items():
        setattr(school["contest"], key, value)
    db.session.commit()
    auth.login("dp")
    page = _send(client, school, workbook_bytes([[1, "Lò Văn An", "hs_an", "B"]], header=HEADER))
    assert words in page and _registered() == 0


def test_one_pupil_with_two_accounts_is_registered_once(
    client: FlaskClient, auth: AuthActions, school: dict[str, Any]
) -> None:
    """A list imported twice gives a pupil a second account (an, then an2): both on the sheet, or one registered
    before, entered the same child twice. Namesakes told apart by their dates of birth are two pupils."""
    unit = school["an"].unit
    born = date(2013, 9, 2)
    school["an"].date_of_birth = born
    UserFactory(username="hs_an2", full_name="Lò  văn An", class_name="7B", date_of_birth=born, unit=unit)
    UserFactory(username="hs_an3", full_name="Lò Văn An", class_name="7A", date_of_birth=date(2013, 1, 5), unit=unit)
    db.session.commit()
    auth.login("dp")
    rows = [[1, "Lò Văn An", "hs_an", "B"], [2, "Lò Văn An", "hs_an2", "B"], [3, "Lò Văn An", "hs_an3", "B"]]
    refused = _refused(_send(client, school, workbook_bytes(rows, header=HEADER)))
    assert list(refused) == [3] and "Dòng 2 có một người cùng họ tên và ngày sinh" in refused[3]
    assert _registered() == 0

    page = _send(client, school, workbook_bytes([rows[0], rows[2]], header=HEADER))
    assert 'id="refused-rows"' not in page and _registered() == 2
    refused = _refused(_send(client, school, workbook_bytes([rows[1]], header=HEADER)))
    assert "đã đăng ký dự thi hội thi này với tên đăng nhập hs_an" in refused[2] and _registered() == 2
