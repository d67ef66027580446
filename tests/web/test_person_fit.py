"""A registered pupil's class or school edited by a coordinator: a registration still counting (its contest still
taking registrations, no work sent) must stay one its contest would take. A class of a grade its category does not
take, or a school outside a local round's own, is refused by name, in Vietnamese, and nothing changes; history
(past the deadline, or with work sent) does not hold a correction back."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    Registration,
    RegistrationMember,
    Role,
    Unit,
    User,
)
from app.timeutil import utcnow
from tests import builders
from tests.conftest import AuthActions

from ..factories import CategoryFactory, ContestFactory, DistrictFactory, EntryFactory, SchoolFactory, UserFactory


def _district() -> tuple[Unit, Unit, Unit]:
    """A district office with two schools, its coordinator ``pgd``."""
    office = DistrictFactory()
    UserFactory(username="pgd", unit=office, roles={Role.COORDINATOR})
    return office, SchoolFactory(parent=office, name="Trường THCS Cũ"), SchoolFactory(parent=office, name="Trường Mới")


def _lower_secondary(contest: Contest) -> Category:
    return CategoryFactory(contest=contest, code="B", name="Bảng B", grades_from=6, grades_to=9)


def _edit(client: FlaskClient, pupil: User, *, class_name: str, unit: Unit) -> str:
    data = {
        "full_name": pupil.full_name,
        "username": pupil.username,
        "email": "",
        "date_of_birth": "",
        "class_name": class_name,
        "unit": unit.id,
        "roles": ["student"],
    }
    return client.post(f"/people/{pupil.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)


def _as_stored(pupil: User) -> tuple[str | None, int]:
    db.session.expire_all()
    stored = db.session.get(User, pupil.id)
    assert stored is not None
    return stored.class_name, stored.unit_id


def test_a_class_its_registrations_category_does_not_take_is_refused_naming_it(
    client: FlaskClient, auth: AuthActions
) -> None:
    _office, school, _other = _district()
    contest = ContestFactory(title="Tin học trẻ 2026")
    lower = _lower_secondary(contest)
    pupil = builders.person("hs_an", school, full_name="Nguyễn Văn An", class_name="9A")
    builders.register(contest, pupil, category=lower)
    db.session.commit()
    auth.login("pgd")
    page = _edit(client, pupil, class_name="10A1", unit=school)
    assert "Không thể chuyển Nguyễn Văn An sang lớp 10A1" in page
    assert "Bảng B" in page and "Tin học trẻ 2026" in page and "6-9" in page
    assert "Đã lưu." not in page
    assert _as_stored(pupil) == ("9A", school.id)
    assert "Đã lưu." in _edit(client, pupil, class_name="8C", unit=school)  # a grade the category takes
    assert _as_stored(pupil) == ("8C", school.id)


def test_a_class_is_corrected_freely_where_the_registration_is_history(client: FlaskClient, auth: AuthActions) -> None:
    _office, school, _other = _district()
    past = ContestFactory(registration_closes=utcnow() - timedelta(days=1))
    sent = ContestFactory(kind=ContestKind.CREATIVITY)
    pupil = builders.person("hs_binh", school, full_name="Lê Bình", class_name="9B")
    for contest in (past, sent):
        category = _lower_secondary(contest)
        db.session.add(
            Registration(
                contest_id=contest.id,
                unit_id=school.id,
                registered_by_id=pupil.id,
                category_id=category.id,
                members=[RegistrationMember(contest_id=contest.id, user_id=pupil.id)],
            )
        )
    EntryFactory(contest=sent, unit=school, created_by=pupil, authors=[pupil])
    db.session.commit()
    auth.login("pgd")
    assert "Đã lưu." in _edit(client, pupil, class_name="10B", unit=school)
    assert _as_stored(pupil) == ("10B", school.id)


def test_a_move_out_of_a_local_rounds_reach_is_refused_naming_the_round(client: FlaskClient, auth: AuthActions) -> None:
    _office, school, other = _district()
    own_round = builders.contest(organiser_unit=school, round=ContestRound.SCHOOL, title="Hội thi cấp trường")
    pupil = builders.person("hs_chi", school, full_name="Phạm Chi", class_name="7A")
    builders.register(own_round, pupil)
    db.session.commit()
    auth.login("pgd")
    page = _edit(client, pupil, class_name="7A", unit=other)
    assert "Không thể chuyển Phạm Chi sang Trường Mới" in page
    assert "Hội thi cấp trường" in page and "Trường THCS Cũ" in page
    assert "Đã lưu." not in page
    assert _as_stored(pupil) == ("7A", school.id)


def test_a_move_within_a_district_rounds_district_is_saved_and_the_registration_follows(
    client: FlaskClient, auth: AuthActions
) -> None:
    office, school, other = _district()
    district_round = builders.contest(organiser_unit=office, round=ContestRound.DISTRICT)
    pupil = builders.person("hs_dung", school, full_name="Võ Dũng", class_name="6A")
    [registration] = builders.register(district_round, pupil)
    db.session.commit()
    auth.login("pgd")
    assert "Đã lưu." in _edit(client, pupil, class_name="6A", unit=other)
    assert _as_stored(pupil) == ("6A", other.id)
    db.session.refresh(registration)
    assert registration.unit_id == other.id
