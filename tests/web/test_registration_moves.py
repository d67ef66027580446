"""A pupil moved to another school: their registrations in contests still taking registrations move with them; a
team of the old school keeps them until its coordinator cancels it; contests past their deadline keep history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AuditEntry, Contest, ContestKind, Registration, RegistrationMember, Role, Sheet, Unit, User
from app.services.contests import cancelling, registration_moves, registrations
from app.services.errors import InvalidInput
from app.services.quizzes import sheets as quiz_sheets
from app.timeutil import utcnow
from tests.conftest import AuthActions

from ..factories import ContestFactory, DistrictFactory, EntryFactory, SchoolFactory, UserFactory
from . import quiz_helpers

_Row = TypeVar("_Row", User, Registration)


def _district_with_two_schools() -> tuple[Unit, Unit, User]:
    district = DistrictFactory()
    UserFactory(username="pgd", unit=district, roles={Role.COORDINATOR})
    old, new = SchoolFactory(parent=district), SchoolFactory(parent=district)
    pupil = UserFactory(username="hsan", full_name="Nguyễn Văn An", class_name="9A", unit=old)
    return old, new, pupil


def _registration(contest: Contest, members: list[User], unit: Unit, registrar: User, **extra: Any) -> Registration:
    registration = Registration(
        contest_id=contest.id,
        unit_id=unit.id,
        registered_by_id=registrar.id,
        members=[RegistrationMember(contest_id=contest.id, user_id=m.id) for m in members],
        **extra,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def _fresh(row: _Row) -> _Row:
    """``row`` as the database now holds it."""
    db.session.refresh(row)
    return row


def _move(client: FlaskClient, pupil: User, unit: Unit) -> str:
    data = {
        "full_name": pupil.full_name,
        "username": pupil.username,
        "email": "",
        "date_of_birth": "",
        "class_name": "9A",
        "unit": unit.id,
        "roles": ["student"],
    }
    return client.post(f"/people/{pupil.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)


def test_a_moved_pupils_own_registrations_in_open_contests_move_and_closed_ones_stay(
    client: FlaskClient, auth: AuthActions
) -> None:
    old, new, pupil = _district_with_two_schools()
    open_contest = ContestFactory(allows_supervisor=True)
    running = ContestFactory(registration_closes=utcnow() - timedelta(seconds=1))
    teacher = UserFactory(unit=old, roles={Role.TEACHER})
    pgd = db.session.query(User).filter_by(username="pgd").one()
    moving = _registration(open_contest, [pupil], old, pgd, supervisor_id=teacher.id)
    staying = _registration(running, [pupil], old, pgd)
    db.session.commit()
    auth.login("pgd")
    page = _move(client, pupil, new)
    assert "Đã lưu." in page
    assert _fresh(pupil).unit_id == new.id
    moved = _fresh(moving)
    assert moved.unit_id == new.id
    assert moved.supervisor_id is None  # a teacher of the old school no longer supervises them
    assert _fresh(staying).unit_id == old.id  # past its deadline: as it was
    entry = db.session.query(AuditEntry).filter_by(action="registration.move").one()
    assert entry.object_id == moving.id
    assert entry.data["from_unit"] == old.id and entry.data["to_unit"] == new.id
    # the new school's coordinator now sees and may cancel it
    UserFactory(username="dpmoi", unit=new, roles={Role.COORDINATOR})
    db.session.commit()
    auth.logout()
    auth.login("dpmoi")
    page = client.get(f"/contests/{open_contest.id}/register-people").get_data(as_text=True)
    assert f'data-cancel="{moving.id}"' in page


def test_a_pupil_in_a_team_of_an_open_contest_is_not_moved_and_the_contest_is_named(
    client: FlaskClient, auth: AuthActions
) -> None:
    old, new, pupil = _district_with_two_schools()
    mate = UserFactory(unit=old)
    contest = ContestFactory(max_team_size=2, title="Tin học trẻ cấp huyện")
    past = ContestFactory(max_team_size=2, title="Hội thi năm trước", registration_closes=utcnow() - timedelta(days=1))
    pgd = db.session.query(User).filter_by(username="pgd").one()
    team = _registration(contest, [pupil, mate], old, pgd, team_name="Đội 1", team_code="T01")
    _registration(past, [pupil, mate], old, pgd, team_name="Đội cũ", team_code="T01")
    db.session.commit()
    auth.login("pgd")
    page = _move(client, pupil, new)
    assert "Tin học trẻ cấp huyện" in page and "Hội thi năm trước" not in page
    assert "huỷ đăng ký của đội trước" in page
    assert _fresh(pupil).unit_id == old.id
    assert _fresh(team).unit_id == old.id
    # once the old school's team is cancelled, the move goes through
    client.post(f"/contests/{contest.id}/registrations/{team.id}/cancel")
    page = _move(client, pupil, new)
    assert "Đã lưu." in page
    assert _fresh(pupil).unit_id == new.id
    assert {r.unit_id for r in db.session.query(Registration)} == {old.id}  # the past contest's team keeps history


def test_a_registration_with_work_sent_stays_with_the_school_it_was_sent_for(
    client: FlaskClient, auth: AuthActions
) -> None:
    old, new, pupil = _district_with_two_schools()
    contest = ContestFactory(kind=ContestKind.CREATIVITY)
    pgd = db.session.query(User).filter_by(username="pgd").one()
    sent = _registration(contest, [pupil], old, pgd)
    EntryFactory(contest=contest, unit=old, created_by=pupil, authors=[pupil])
    db.session.commit()
    auth.login("pgd")
    assert "Đã lưu." in _move(client, pupil, new)
    assert _fresh(pupil).unit_id == new.id
    assert _fresh(sent).unit_id == old.id  # the entry was sent for the old school: only the organisers change it
    assert db.session.query(AuditEntry).filter_by(action="registration.move").count() == 0


def test_a_started_theory_test_is_work_sent_the_registration_is_neither_cancelled_nor_moved(app: object) -> None:
    """A pupil of Bảng A began the theory test while registration was still open: cancelling their registration
    deleted their sheet and answers with it (the sheet belongs to the registration), and moving them took it to the
    new school. A sheet is work sent, as a submission or an entry is."""
    world = quiz_helpers.board_world()
    test = quiz_helpers.quiz(world["organiser"], world["contest"], world["board"], [("Tin học", 1, 2)])
    pupil = world["pupils"][0]
    quiz_sheets.start(db.session, world["contest"], test, pupil)
    registration = registrations.registration_for(db.session, world["contest"], pupil)
    assert registration is not None
    with pytest.raises(InvalidInput, match="Đã có bài dự thi được nộp theo đăng ký này"):
        cancelling.cancel(db.session, pupil, registration)
    assert db.session.query(Sheet).count() == 1
    assert registration_moves.work_sent(db.session, registration)
