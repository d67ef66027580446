"""Coordinators manage their unit's people; nobody reaches another unit's people."""

from datetime import date
from typing import Any

from flask.testing import FlaskClient

from app.extensions import db
from app.models import AccountStatus, AuditEntry, Role, User
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .people_helpers import school_coordinator


def _person_form(unit_id: int, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": "Lê Thị Hoa",
        "username": "lethihoa",
        "email": "hoa@example.edu.vn",
        "date_of_birth": "2011-09-02",
        "class_name": "9A",
        "unit": unit_id,
        "roles": ["student"],
    }
    data.update(changes)
    return data


def test_people_list_is_sorted_the_vietnamese_way(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    for name in ["Trần Văn Đức", "Nguyễn Thị An", "Lê Dũng", "Phạm Văn Anh", "Hoàng Ân"]:
        UserFactory(full_name=name, unit=coordinator.unit)
    db.session.commit()
    auth.login("dp")
    page = client.get("/people/").get_data(as_text=True)
    order = [n for n in ["Nguyễn Thị An", "Phạm Văn Anh", "Hoàng Ân", "Lê Dũng", "Trần Văn Đức"]]
    positions = [page.index(n) for n in order]
    assert positions == sorted(positions)


def test_coordinator_adds_edits_deactivates(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    page = client.post("/people/new", data=_person_form(coordinator.unit_id)).get_data(as_text=True)
    person = db.session.query(User).filter_by(username="lethihoa").one()
    assert person.date_of_birth == date(2011, 9, 2) and person.must_change_password
    assert "lethihoa" in page  # the credentials page
    response = client.post(
        f"/people/{person.id}/edit",
        data=_person_form(coordinator.unit_id, full_name="Lê Thị Hoà", class_name="9B"),
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.class_name == "9B" and person.full_name == "Lê Thị Hoà"
    client.post(f"/people/{person.id}/status/deactivated")
    db.session.refresh(person)
    assert person.status is AccountStatus.DEACTIVATED
    assert db.session.query(AuditEntry).filter_by(object_id=person.id).count() == 3


def test_coordinator_resets_a_password(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    person = UserFactory(unit=coordinator.unit)
    old = person.password_hash
    db.session.commit()
    auth.login("dp")
    listing = client.get("/people/").get_data(as_text=True)
    assert f'href="/people/{person.id}/reset-password"' in listing  # a link to a confirmation, not a button
    confirm = client.get(f"/people/{person.id}/reset-password").get_data(as_text=True)
    assert person.full_name in confirm and "Đồng ý đặt lại mật khẩu của người này" in confirm
    unticked = client.post(f"/people/{person.id}/reset-password", data={})
    assert unticked.status_code == 200
    assert "Hãy đánh dấu vào ô để xác nhận" in unticked.get_data(as_text=True)
    db.session.refresh(person)
    assert person.password_hash == old and not person.must_change_password  # nothing changed
    page = client.post(f"/people/{person.id}/reset-password", data={"confirm": "y"}).get_data(as_text=True)
    db.session.refresh(person)
    assert person.password_hash != old and person.must_change_password
    assert person.username in page


def test_bad_input_changes_nothing(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    UserFactory(username="taken", email="taken@example.edu.vn")
    db.session.commit()
    auth.login("dp")
    before = db.session.query(User).count()
    for changes in [
        {"username": "taken"},
        {"email": "taken@example.edu.vn"},
        {"email": "a@@b"},
        {"date_of_birth": "2999-01-01"},
        {"full_name": "   "},
        {"username": "Có Dấu"},
    ]:
        response = client.post("/people/new", data=_person_form(coordinator.unit_id, **changes))
        assert response.status_code == 200, changes
    assert db.session.query(User).count() == before


def test_a_date_of_birth_is_refused_with_what_is_wrong_with_it(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    for born, message in [
        ("2999-01-01", "Ngày sinh không thể là một ngày trong tương lai."),
        ("1850-03-01", "Ngày sinh phải sau năm 1900: hãy kiểm tra lại năm sinh."),
    ]:
        page = client.post("/people/new", data=_person_form(coordinator.unit_id, date_of_birth=born))
        assert message in page.get_data(as_text=True), born
    assert db.session.query(User).filter_by(username="lethihoa").count() == 0


def test_a_coordinator_never_reaches_another_units_people(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    stranger = UserFactory(username="stranger")  # in another school
    db.session.commit()
    auth.login("dp")
    assert client.get(f"/people/{stranger.id}/edit").status_code == 403
    assert client.post(f"/people/{stranger.id}/status/deactivated").status_code == 403
    assert client.post(f"/people/{stranger.id}/reset-password").status_code == 403
    assert client.get("/people/999999/edit").status_code == 403
    assert "stranger" not in client.get("/people/").get_data(as_text=True)
    response = client.post("/people/new", data=_person_form(stranger.unit_id))
    assert response.status_code == 200  # the other unit is not a choice
    db.session.refresh(stranger)
    assert stranger.status is AccountStatus.ACTIVE
    assert coordinator.unit_id != stranger.unit_id


def test_a_coordinator_cannot_grant_powerful_roles(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = school_coordinator()
    db.session.commit()
    auth.login("dp")
    client.post("/people/new", data=_person_form(coordinator.unit_id, roles=["admin"]))
    assert db.session.query(User).filter_by(username="lethihoa").count() == 0


def test_district_coordinator_manages_the_schools_under_it(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    district_coordinator = UserFactory(username="pgd", unit=school.parent, roles={Role.COORDINATOR})
    pupil = UserFactory(unit=school)
    db.session.commit()
    auth.login("pgd")
    assert client.get(f"/people/{pupil.id}/edit").status_code == 200
    assert district_coordinator.unit.kind.value == "district_office"


def test_fellow_coordinators_of_a_unit_do_not_control_each_others_accounts(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = school_coordinator()
    fellow = UserFactory(username="dp2", unit=coordinator.unit, roles={Role.COORDINATOR, Role.TEACHER})
    district_coordinator = UserFactory(username="pgd", unit=coordinator.unit.parent, roles={Role.COORDINATOR})
    db.session.commit()
    old = fellow.password_hash
    auth.login("dp")
    listing = client.get("/people/").get_data(as_text=True)
    assert "dp2" in listing and f"/people/{fellow.id}/reset-password" not in listing
    assert "điều phối viên cùng đơn vị" in listing  # says who manages them instead
    assert client.get(f"/people/{fellow.id}/edit").status_code == 403
    assert client.post(f"/people/{fellow.id}/status/deactivated").status_code == 403
    assert client.post(f"/people/{fellow.id}/reset-password", data={"confirm": "y"}).status_code == 403
    assert client.get(f"/people/{coordinator.id}/edit").status_code == 200  # their own details
    db.session.refresh(fellow)
    assert fellow.password_hash == old and fellow.status is AccountStatus.ACTIVE

    auth.logout()
    auth.login("pgd")  # the unit above manages them
    assert client.post(f"/people/{fellow.id}/reset-password", data={"confirm": "y"}).status_code == 200
    db.session.refresh(fellow)
    assert fellow.password_hash != old and district_coordinator.unit_id != fellow.unit_id


def test_a_coordinator_cannot_take_over_a_powerful_account(client: FlaskClient, auth: AuthActions) -> None:
    """A coordinator manages students, teachers and coordinators only, even in their own unit."""
    coordinator = school_coordinator()
    judge = UserFactory(username="giamkhao.truong", unit=coordinator.unit, roles={Role.JUDGE})
    old = judge.password_hash
    db.session.commit()
    auth.login("dp")
    assert client.post(f"/people/{judge.id}/reset-password").status_code == 403
    assert client.post(f"/people/{judge.id}/status/deactivated").status_code == 403
    page = client.get("/people/").get_data(as_text=True)
    assert 'data-username="dp"' in page and "giamkhao.truong" not in page and judge.full_name not in page
    db.session.refresh(judge)
    assert judge.password_hash == old and judge.status is AccountStatus.ACTIVE
