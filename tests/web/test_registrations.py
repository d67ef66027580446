"""Registering a class at once (pick many, or a sheet of logins), and cancelling until the deadline."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AccountStatus, AuditEntry, ContestKind, Registration, RegistrationMember, Role, Unit, User
from tests.conftest import AuthActions

from ..factories import CategoryFactory, ContestFactory, EntryFactory, SchoolFactory, UserFactory
from .xlsx_helpers import workbook_bytes


def _school_with_class() -> tuple[Unit, list[User], User, User]:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    nine_a = [UserFactory(full_name=f"Nguyễn Văn Chín{i}", class_name="9A", unit=school) for i in range(3)]
    nine_b = UserFactory(full_name="Trần Thị Chín B", class_name="9B", unit=school)
    six_a = UserFactory(full_name="Lê Văn Sáu", class_name="6A", unit=school)
    return school, nine_a, nine_b, six_a


def _pick_list(page: str) -> str:
    return page.split('id="pick-list"')[1].split("</table>")[0]


def _registered_ids() -> set[int]:
    return {m.user_id for m in db.session.query(RegistrationMember)}


def test_a_coordinator_registers_a_class_at_once_and_it_leaves_the_pick_list(
    client: FlaskClient, auth: AuthActions
) -> None:
    _school, nine_a, _nine_b, _six_a = _school_with_class()
    contest = ContestFactory()
    category = CategoryFactory(contest=contest, code="B", name="Bảng B")
    db.session.commit()
    auth.login("dp")
    url = f"/contests/{contest.id}/register-people"
    page = _pick_list(client.get(url, query_string={"class": "9A"}).get_data(as_text=True))
    assert all(p.full_name in page for p in nine_a) and "Lê Văn Sáu" not in page and "Trần Thị Chín B" not in page
    page = _pick_list(client.get(url, query_string={"grade": "9"}).get_data(as_text=True))
    assert "Trần Thị Chín B" in page and "Lê Văn Sáu" not in page
    response = client.post(
        f"{url}/bulk?class=9A",
        data={"category": category.id, "people": [p.id for p in nine_a]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Đã đăng ký 3 người." in page
    assert _registered_ids() == {p.id for p in nine_a}
    assert db.session.query(Registration).count() == 3  # each on their own
    assert {r.category_id for r in db.session.query(Registration)} == {category.id}
    # the registered are no longer offered, in the pick list nor in the team form
    pick = _pick_list(page)
    team = page.split('id="team-form"')[1].split("</form>")[0]
    assert "Chín0" not in pick and "Chín0" not in team
    assert "Nobody left" not in page and "Không còn ai" in client.get(url, query_string={"class": "9A"}).get_data(
        as_text=True
    )


def test_a_refused_row_registers_nobody_and_says_why_keeping_the_ticks(client: FlaskClient, auth: AuthActions) -> None:
    school, nine_a, nine_b, six_a = _school_with_class()
    contest = ContestFactory()
    category = CategoryFactory(contest=contest)
    six_a.status = AccountStatus.DEACTIVATED
    teacher = UserFactory(full_name="Phạm Cô Giáo", unit=school, roles={Role.TEACHER})
    db.session.commit()
    auth.login("dp")
    chosen = [nine_a[0].id, six_a.id, teacher.id, nine_b.id]
    response = client.post(
        f"/contests/{contest.id}/register-people/bulk", data={"category": category.id, "people": chosen}
    )
    page = response.get_data(as_text=True)
    assert _registered_ids() == set()
    assert "Không ai được đăng ký: 2 dòng bị từ chối." in page
    refused = page.split('id="refused-rows"')[1].split("</table>")[0]
    assert "Lê Văn Sáu" in refused and "Phạm Cô Giáo" in refused and nine_a[0].full_name not in refused
    assert "Phạm Cô Giáo không thuộc đối tượng dự thi của hội thi này." in refused
    assert "Tài khoản của Lê Văn Sáu hiện không hoạt động." in refused
    # what was ticked stays ticked (the deactivated account is no longer offered)
    assert f'value="{nine_a[0].id}" id="pick-{nine_a[0].id}" checked' in page
    assert f'value="{nine_b.id}" id="pick-{nine_b.id}" checked' in page


def test_bulk_registration_respects_the_window_the_category_and_the_unit(
    client: FlaskClient, auth: AuthActions
) -> None:
    _school, nine_a, _nine_b, _six_a = _school_with_class()
    closed = ContestFactory(registration_closes=_past())
    contest = ContestFactory()
    CategoryFactory(contest=contest)
    outsider = UserFactory()
    db.session.commit()
    auth.login("dp")
    page = client.post(f"/contests/{closed.id}/register-people/bulk", data={"people": [nine_a[0].id]})
    assert "Đã hết thời gian đăng ký." in page.get_data(as_text=True)
    page = client.post(f"/contests/{contest.id}/register-people/bulk", data={"people": [nine_a[0].id]})
    assert "Vui lòng chọn bảng thi." in page.get_data(as_text=True)
    assert (
        client.post(f"/contests/{contest.id}/register-people/bulk", data={"people": [outsider.id]}).status_code == 403
    )
    assert _registered_ids() == set()


def _past() -> datetime:
    from app.timeutil import utcnow

    return utcnow() - timedelta(seconds=1)


def test_a_sheet_of_logins_registers_each_with_its_category(client: FlaskClient, auth: AuthActions) -> None:
    _school, nine_a, nine_b, _six_a = _school_with_class()
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    c = CategoryFactory(contest=contest, code="C")
    db.session.commit()
    auth.login("dp")
    data = workbook_bytes(
        [[1, nine_a[0].username, ""], [2, nine_a[1].username, "c"], [3, nine_b.username.upper(), "B"]],
        header=["STT", "Tên đăng nhập", "Bảng"],
    )
    response = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "lop.xlsx")},
        follow_redirects=True,
    )
    assert "Đã đăng ký 3 người." in response.get_data(as_text=True)
    by_person = {r.members[0].user_id: r.category_id for r in db.session.query(Registration)}
    assert by_person == {nine_a[0].id: b.id, nine_a[1].id: c.id, nine_b.id: b.id}
    assert db.session.query(AuditEntry).filter_by(action="registration.create").count() == 3


def test_a_sheet_with_bad_rows_registers_nobody_and_reports_each_row(client: FlaskClient, auth: AuthActions) -> None:
    _school, nine_a, _nine_b, six_a = _school_with_class()
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    outsider = UserFactory(username="nguoingoai")
    db.session.commit()
    auth.login("dp")
    client.post(f"/contests/{contest.id}/register-people/bulk", data={"category": b.id, "people": [six_a.id]})
    data = workbook_bytes(
        [
            [1, nine_a[0].username, "B"],  # fine
            [2, outsider.username, "B"],  # another school's
            [3, "khongcoai", ""],  # nobody
            [4, nine_a[1].username, "Z"],  # no such category
            [5, six_a.username, ""],  # already registered
            [6, nine_a[0].username, ""],  # twice in the sheet
        ],
        header=["STT", "Tên đăng nhập", "Bảng"],
    )
    response = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "lop.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert _registered_ids() == {six_a.id}
    refused = page.split('id="refused-rows"')[1].split("</table>")[0]
    for row in (3, 4, 5, 6, 7):
        assert f"<td>{row}</td>" in refused
    assert "<td>2</td>" not in refused
    assert "Không có ai trong đơn vị của bạn có tên đăng nhập này." in refused
    assert "Các bảng thi của hội thi này: B." in refused
    assert "đã đăng ký dự thi hội thi này." in refused
    assert "<td>7</td>" in refused and "Đã có ở dòng 2: một người bị ghi hai lần." in refused  # not "registered"
    wrong = workbook_bytes([[1, "x"]], header=["STT", "Họ và tên"])
    page = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(wrong), "lop.xlsx")},
    ).get_data(as_text=True)
    assert "Tên đăng nhập" in page and _registered_ids() == {six_a.id}


def test_cancelling_until_the_deadline_by_the_student_or_the_coordinator(
    client: FlaskClient, auth: AuthActions
) -> None:
    _school, nine_a, _nine_b, _six_a = _school_with_class()
    contest = ContestFactory()
    db.session.commit()
    auth.login("dp")
    client.post(f"/contests/{contest.id}/register-people/bulk", data={"people": [p.id for p in nine_a]})
    registrations = {r.members[0].user_id: r for r in db.session.query(Registration)}
    page = client.get(f"/contests/{contest.id}/register-people").get_data(as_text=True)
    assert page.count('data-cancel="') == 3 and "Có thể huỷ đăng ký đến" in page
    first = registrations[nine_a[0].id]
    response = client.post(f"/contests/{contest.id}/registrations/{first.id}/cancel", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert nine_a[0].full_name in page.split('id="pick-list"')[1]  # offered again
    assert nine_a[0].id not in _registered_ids()
    # the student cancels their own
    auth.logout()
    auth.login(nine_a[1].username)
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert 'id="cancel-registration"' in page
    second = registrations[nine_a[1].id]
    page = client.post(f"/contests/{contest.id}/registrations/{second.id}/cancel", follow_redirects=True).get_data(
        as_text=True
    )
    assert nine_a[1].id not in _registered_ids() and 'id="register-self"' in page
    # nobody cancels someone else's
    third = registrations[nine_a[2].id]
    assert client.post(f"/contests/{contest.id}/registrations/{third.id}/cancel").status_code == 403
    # after the deadline: refused, with the date
    contest.registration_closes = _past()
    db.session.commit()
    auth.logout()
    auth.login("dp")
    page = client.post(f"/contests/{contest.id}/registrations/{third.id}/cancel", follow_redirects=True).get_data(
        as_text=True
    )
    assert "không thể huỷ đăng ký nữa" in page
    assert nine_a[2].id in _registered_ids()
    assert db.session.query(AuditEntry).filter_by(action="registration.cancel").count() == 2


def test_a_registration_with_work_sent_is_not_cancelled(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    student = UserFactory(username="hs", unit=school)
    contest = ContestFactory(kind=ContestKind.CREATIVITY)
    db.session.commit()
    auth.login("hs")
    client.post(f"/contests/{contest.id}/register", data={})
    registration = db.session.query(Registration).one()
    EntryFactory(contest=contest, unit=school, created_by=student, authors=[student])
    db.session.commit()
    page = client.post(
        f"/contests/{contest.id}/registrations/{registration.id}/cancel", follow_redirects=True
    ).get_data(as_text=True)
    assert "Đã có bài dự thi được nộp theo đăng ký này" in page
    assert _registered_ids() == {student.id}


def test_a_team_member_asks_the_coordinator(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    a, b = UserFactory(username="hsa", unit=school), UserFactory(unit=school)
    contest = ContestFactory(max_team_size=2)
    db.session.commit()
    auth.login("dp")
    client.post(f"/contests/{contest.id}/register-people", data={"members": [a.id, b.id], "team_name": "Đội 1"})
    registration = db.session.query(Registration).one()
    auth.logout()
    auth.login("hsa")
    assert 'id="cancel-registration"' not in client.get(f"/contests/{contest.id}").get_data(as_text=True)
    page = client.post(
        f"/contests/{contest.id}/registrations/{registration.id}/cancel", follow_redirects=True
    ).get_data(as_text=True)
    assert "Đăng ký của một đội do cán bộ phụ trách đơn vị huỷ." in page
    assert _registered_ids() == {a.id, b.id}


def test_a_sheet_in_the_words_schools_use_registers_each_in_its_own_category(
    client: FlaskClient, auth: AuthActions
) -> None:
    """A heading “Bảng dự thi” and cells such as “Bảng C” name each row's category (before, the column went unseen
    and everyone was silently registered in the form's category); the unused lines of a form numbered in advance
    are not refused rows."""
    _school, nine_a, nine_b, _six_a = _school_with_class()
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    c = CategoryFactory(contest=contest, code="C")
    db.session.commit()
    auth.login("dp")
    rows: list[list[object]] = [[1, nine_a[0].username, "Bảng C"], [2, nine_b.username, "bảng b"], [3, None, None]]
    rows += [[n, None, None] for n in range(4, 41)]
    data = workbook_bytes(rows, header=["STT", "Tên đăng nhập", "Bảng dự thi"], title_rows=2, merges=("A1:C1",))
    response = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "lop.xlsx")},
        follow_redirects=True,
    )
    assert "Đã đăng ký 2 người." in response.get_data(as_text=True)
    by_person = {r.members[0].user_id: r.category_id for r in db.session.query(Registration)}
    assert by_person == {nine_a[0].id: c.id, nine_b.id: b.id}


def test_a_login_excel_turned_into_a_number_is_refused_saying_why(client: FlaskClient, auth: AuthActions) -> None:
    """A pupil's code 0112345678 as login, kept by Excel as 112345678: the row said only that nobody has it."""
    school, _nine_a, _nine_b, _six_a = _school_with_class()
    UserFactory(username="0112345678", unit=school)
    contest = ContestFactory()
    b = CategoryFactory(contest=contest, code="B")
    db.session.commit()
    auth.login("dp")
    data = workbook_bytes([[1, 112345678, ""]], header=["STT", "Tên đăng nhập", "Bảng"])
    page = client.post(
        f"/contests/{contest.id}/register-people/sheet",
        data={"category": b.id, "file": (io.BytesIO(data), "lop.xlsx")},
    ).get_data(as_text=True)
    refused = page.split('id="refused-rows"')[1].split("</table>")[0]
    assert "<td>2</td>" in refused and "Excel đã bỏ mất số 0" in refused
    assert _registered_ids() == set()


@pytest.mark.parametrize("extra", [{"contest_id": "2"}, {"_external": "1", "_scheme": "javascript"}, {"_anchor": "x"}])
def test_bulk_registration_goes_back_to_the_pick_list_with_its_filters_only(
    client: FlaskClient, auth: AuthActions, extra: dict[str, str]
) -> None:
    """The page sent back to keeps the list's own filters (class, grade) and nothing else of the address: a link
    carrying ``contest_id`` made the registration's answer a server error after it was saved, and ``url_for``'s
    own words (``_external``, ``_scheme``, ``_anchor``) reached the return address."""
    _school, nine_a, _nine_b, _six_a = _school_with_class()
    contest = ContestFactory()
    category = CategoryFactory(contest=contest, code="B", name="Bảng B")
    db.session.commit()
    auth.login("dp")
    response = client.post(
        f"/contests/{contest.id}/register-people/bulk",
        query_string={"class": "9A", **extra},
        data={"category": category.id, "people": [nine_a[0].id]},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contests/{contest.id}/register-people?class=9A"
