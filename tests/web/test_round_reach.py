"""A school's own round takes its own people and a district's round those of the schools under its office; a
province's round takes everyone's. Whoever registers them (themselves, their coordinator, a class at once) and
whatever they enter (a registration, an e-lecture), someone of another school or district is refused by name, in
Vietnamese, and nothing is written."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import ContestKind, ContestRound, Entry, Registration, Role, Unit
from app.services.contests import registration_candidates
from app.services.entries import entering
from app.services.errors import InvalidInput
from tests import builders
from tests.conftest import AuthActions

from ..factories import DistrictFactory, SchoolFactory
from .entries_helpers import lecture


def _province() -> tuple[builders.Units, Unit]:
    """A Sở with a district office and its school, and a second district office's school."""
    tree = builders.unit_tree()
    other_school = SchoolFactory(parent=DistrictFactory(parent=tree.department))
    return tree, other_school


@pytest.mark.parametrize("round_", [ContestRound.SCHOOL, ContestRound.DISTRICT])
def test_a_local_round_refuses_someone_of_another_unit_by_name(app: object, round_: ContestRound) -> None:
    tree, other_school = _province()
    organiser = tree.school if round_ is ContestRound.SCHOOL else tree.office
    contest = builders.contest(organiser_unit=organiser, round=round_)
    ours = builders.person("hs_ours", tree.school, full_name="Nguyễn Văn Nhà")
    theirs = builders.person("hs_theirs", other_school, full_name="Trần Thị Khách")
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        builders.register(contest, theirs)
    message = str(refused.value.message)
    assert "Trần Thị Khách" in message and organiser.name in message
    db.session.rollback()
    builders.register(contest, ours)
    db.session.commit()
    assert [r.unit_id for r in db.session.query(Registration)] == [tree.school.id]


def test_a_province_round_takes_every_school_of_the_province(app: object) -> None:
    tree, other_school = _province()
    contest = builders.contest(organiser_unit=tree.department, round=ContestRound.PROVINCE)
    people = [builders.person("hs_a", tree.school), builders.person("hs_b", other_school)]
    db.session.commit()
    builders.register(contest, *people)
    assert db.session.query(Registration).count() == 2


def test_a_pupil_of_another_school_is_told_why_and_offered_no_registration(
    client: FlaskClient, auth: AuthActions
) -> None:
    tree, other_school = _province()
    contest = builders.contest(organiser_unit=tree.school, round=ContestRound.SCHOOL)
    builders.person("hs_khach", other_school, full_name="Lê Văn Khách")
    coordinator = builders.person("dp_khach", other_school, Role.COORDINATOR)
    builders.person("hs_khach2", other_school, class_name="9A")
    db.session.commit()
    auth.login("hs_khach")
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert f'action="/contests/{contest.id}/register"' not in page
    page = client.post(f"/contests/{contest.id}/register", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Lê Văn Khách không thuộc " + tree.school.name in page
    assert db.session.query(Registration).count() == 0
    # their school's coordinator is offered none of its pupils for another school's own round
    offered = registration_candidates.candidates(db.session, coordinator, contest)
    assert offered.people == []


def test_a_teacher_of_another_school_cannot_enter_a_schools_own_elearning_round(app: object) -> None:
    tree, other_school = _province()
    contest = builders.contest(
        ContestKind.ELEARNING, organiser_unit=tree.school, round=ContestRound.SCHOOL, open_to_teachers=True
    )
    ours = builders.person("gv_nha", tree.school, Role.TEACHER)
    theirs = builders.person("gv_khach", other_school, Role.TEACHER, full_name="Phạm Thị Khách")
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, theirs, contest, lecture())
    assert "Phạm Thị Khách" in str(refused.value.message)
    db.session.rollback()
    entering.create_entry(db.session, ours, contest, lecture())
    db.session.commit()
    assert [e.unit_id for e in db.session.query(Entry)] == [tree.school.id]
