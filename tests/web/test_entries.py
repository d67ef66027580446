"""Entries judged by people, through their services: creating and editing them, who may be an author, the
window, neutral codes, and who sees what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Assignment,
    AuditEntry,
    ContestKind,
    Entry,
    EntryAuthor,
    EntrySettings,
    Licence,
    Role,
)
from app.policies import entries as entry_policy
from app.services.contests import registrations
from app.services.entries import entering
from app.services.errors import InvalidInput, NotAllowed
from app.timeutil import utcnow
from tests.builders import row_of

from ..factories import (
    CategoryFactory,
    ContestFactory,
    PanelMemberFactory,
    UserFactory,
)
from . import entries_helpers
from .entries_helpers import World, lecture

world = entries_helpers.world  # two schools, their people, a contest of each kind


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry)) or 0


def test_a_teacher_creates_an_elearning_entry_with_a_colleague(world: World) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.teacher2.id]))
    db.session.commit()
    assert re.fullmatch(r"EL-[A-Z2-9]{5}", entry.code)
    assert [a.user for a in entry.authors] == [world.teacher, world.teacher2]
    assert entry.unit_id == world.school.id and entry.licence is Licence.CC_BY
    assert entry.title == "Bài giảng: Thuật toán sắp xếp"
    logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "entry.create")).one()
    assert logged.object_id == entry.id and logged.actor_id == world.teacher.id


def test_codes_are_drawn_at_random_by_kind_never_from_authors_or_order(world: World) -> None:
    """Like a marking board's blind numbers (số phách): two entries of one school entered one after the other had
    neighbouring numbers (EL-0001, EL-0002), and a number told how many entries came before it."""
    first = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    second = entering.create_entry(db.session, world.teacher2, world.elearning, lecture())
    project = entering.create_entry(db.session, world.student, world.creativity, lecture(licence=None))
    assert first.unit_id == second.unit_id
    for code, prefix in ((first.code, "EL"), (second.code, "EL"), (project.code, "ST")):
        assert re.fullmatch(rf"{prefix}-[{entering.CODE_ALPHABET}]{{{entering.CODE_LENGTH}}}", code), code
        assert not re.search(r"[01OIL]", code.split("-")[1])
    assert first.code != second.code and "0001" not in first.code + second.code
    assert all(world.teacher.username not in e.code for e in (first, second))
    drawn = {entering.next_code(db.session, world.elearning) for _ in range(200)}
    assert len(drawn) == 200 and first.code not in drawn and second.code not in drawn


def test_a_licence_is_required_by_default_in_elearning_only(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, world.teacher, world.elearning, lecture(licence=None))
    assert refused.value.field == "licence"
    assert entry_count() == 0
    entering.create_entry(db.session, world.student, world.creativity, lecture(licence=None))
    db.session.add(EntrySettings(contest_id=world.creativity.id, licence_required=True))
    with pytest.raises(InvalidInput):
        entering.create_entry(db.session, world.student2, world.creativity, lecture(licence=None))
    assert entry_count() == 1


def test_more_authors_than_allowed_is_refused(world: World) -> None:
    details = lecture(coauthor_ids=[world.teacher2.id, world.teacher3.id])
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, world.teacher, world.elearning, details)
    assert refused.value.field == "authors"
    assert entry_count() == 0


def test_an_author_is_in_at_most_one_entry_per_contest(world: World) -> None:
    entering.create_entry(db.session, world.teacher2, world.elearning, lecture())
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.teacher2.id]))
    assert world.teacher2.full_name in str(refused.value.message)
    with pytest.raises(InvalidInput):
        entering.create_entry(db.session, world.teacher2, world.elearning, lecture())
    assert entry_count() == 1
    assert db.session.scalar(select(func.count()).select_from(EntryAuthor)) == 1


def test_coauthors_come_from_the_entrants_unit(world: World) -> None:
    with pytest.raises(InvalidInput):
        entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.stranger.id]))
    with pytest.raises(InvalidInput):  # a student cannot be an author of an entry of a contest for teachers
        entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.student.id]))
    assert entry_count() == 0
    candidates = entering.coauthor_candidates(db.session, world.elearning, world.teacher)
    assert set(candidates) == {world.teacher2, world.teacher3}


def test_only_eligible_people_enter(world: World) -> None:
    with pytest.raises(NotAllowed):
        entering.create_entry(db.session, world.student, world.elearning, lecture())
    with pytest.raises(NotAllowed):
        entering.create_entry(db.session, world.organiser, world.elearning, lecture())


def test_entries_are_taken_only_in_the_submission_window(world: World) -> None:
    world.elearning.submission_opens = utcnow() + timedelta(days=1)
    with pytest.raises(InvalidInput):
        entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    world.elearning.submission_opens = utcnow() - timedelta(days=2)
    world.elearning.submission_closes = utcnow() - timedelta(minutes=1)
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    assert "deadline" in str(refused.value.message) or "hạn" in str(refused.value.message)
    assert entry_count() == 0


def test_editing_stops_at_the_deadline_and_changes_nothing(world: World) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    entering.update_entry(db.session, world.teacher, entry, lecture(title="Tên mới", coauthor_ids=[world.teacher2.id]))
    db.session.commit()
    assert entry.title == "Tên mới" and len(entry.authors) == 2
    world.elearning.submission_closes = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(InvalidInput):
        entering.update_entry(db.session, world.teacher, entry, lecture(title="Quá hạn"))
    db.session.rollback()
    db.session.refresh(entry)
    assert entry.title == "Tên mới"
    with pytest.raises(NotAllowed):
        entering.update_entry(db.session, world.stranger, entry, lecture())


def test_editing_checks_authors_as_creating_does(world: World) -> None:
    entering.create_entry(db.session, world.teacher2, world.elearning, lecture())
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    with pytest.raises(InvalidInput):
        entering.update_entry(db.session, world.teacher, entry, lecture(coauthor_ids=[world.teacher2.id]))
    with pytest.raises(InvalidInput):
        entering.update_entry(db.session, world.teacher, entry, lecture(licence=None))


def test_only_the_creator_or_an_organiser_changes_the_authors(world: World) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.teacher2.id]))
    db.session.commit()
    # a co-author cannot drop the creator, nor bring someone in
    for coauthors in ([], [world.teacher3.id], [world.teacher2.id, world.teacher3.id]):
        with pytest.raises(InvalidInput) as refused:
            entering.update_entry(db.session, world.teacher2, entry, lecture(title="Của tôi", coauthor_ids=coauthors))
        assert refused.value.field == "authors"
        db.session.rollback()
        assert [a.user_id for a in entry.authors] == [world.teacher.id, world.teacher2.id]
        assert entry.title != "Của tôi"
    # but edits the other details, the authors as they are
    entering.update_entry(db.session, world.teacher2, entry, lecture(title="Tên mới", coauthor_ids=[world.teacher2.id]))
    assert entry.title == "Tên mới" and [a.user_id for a in entry.authors] == [world.teacher.id, world.teacher2.id]
    # the contest's organiser changes them around the creator, who stays first; so does the creator
    entering.update_entry(db.session, world.organiser, entry, lecture(coauthor_ids=[world.teacher3.id]))
    assert [a.user_id for a in entry.authors] == [world.teacher.id, world.teacher3.id]
    entering.update_entry(db.session, world.teacher, entry, lecture(coauthor_ids=[world.teacher2.id]))
    assert [a.user_id for a in entry.authors] == [world.teacher.id, world.teacher2.id]
    assert entry_policy.may_change_authors(world.teacher, entry) and entry_policy.may_change_authors(
        world.organiser, entry
    )
    assert not entry_policy.may_change_authors(world.teacher2, entry)
    with pytest.raises(NotAllowed):  # neither an author nor an organiser of the contest
        entering.update_entry(db.session, world.coordinator, entry, lecture())


def test_supervisors_where_the_contest_allows_them(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, world.teacher, world.elearning, lecture(supervisor_id=world.teacher2.id))
    assert refused.value.field == "supervisor"
    with pytest.raises(InvalidInput):  # a teacher of another school
        entering.create_entry(db.session, world.student, world.creativity, lecture(supervisor_id=world.stranger.id))
    project = entering.create_entry(
        db.session,
        world.student,
        world.creativity,
        lecture(coauthor_ids=[world.student2.id], supervisor_id=world.teacher.id),
    )
    assert project.supervisor_id == world.teacher.id
    assert entry_policy.may_view(db.session, world.teacher, project)


def test_young_informatics_takes_entries_in_bang_d_from_those_registered_there(world: World) -> None:
    assert entering.takes_entries(world.informatics)
    assert entering.entry_categories(world.informatics) == [world.bang_d]
    registrations.register(
        db.session, world.student, world.informatics, member_ids=[world.student.id], category_id=world.bang_b.id
    )
    registrations.register(
        db.session, world.student2, world.informatics, member_ids=[world.student2.id], category_id=world.bang_d.id
    )
    with pytest.raises(InvalidInput):  # Bảng B is not judged by people
        entering.create_entry(
            db.session, world.student2, world.informatics, lecture(licence=None, category_id=world.bang_b.id)
        )
    with pytest.raises(InvalidInput):  # registered in Bảng B
        entering.create_entry(
            db.session, world.student, world.informatics, lecture(licence=None, category_id=world.bang_d.id)
        )
    entry = entering.create_entry(
        db.session, world.student2, world.informatics, lecture(licence=None, category_id=world.bang_d.id)
    )
    assert entry.code.startswith("TH-") and entry.category_id == world.bang_d.id
    plain = ContestFactory(kind=ContestKind.INFORMATICS)
    CategoryFactory(contest=plain, code="B")
    assert not entering.takes_entries(plain)


def test_who_sees_an_entry_and_who_sees_its_authors(world: World) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    other_judge = UserFactory(roles={Role.JUDGE})
    head = PanelMemberFactory(contest=world.elearning, is_head=True).user
    db.session.add(Assignment(contest_id=world.elearning.id, entry_id=entry.id, judge_id=world.judge.id))
    db.session.flush()
    assert entry_policy.may_view(db.session, world.teacher, entry)
    assert entry_policy.may_view(db.session, world.coordinator, entry)
    assert entry_policy.may_view(db.session, world.organiser, entry)
    assert entry_policy.may_view(db.session, world.judge, entry) and entry_policy.may_view(db.session, head, entry)
    assert not entry_policy.sees_authors(db.session, world.judge, entry)
    assert not entry_policy.sees_authors(db.session, head, entry)
    assert entry_policy.sees_authors(db.session, world.coordinator, entry)
    for outsider in (world.teacher2, world.stranger, world.other_coordinator, world.student, other_judge):
        assert not entry_policy.may_view(db.session, outsider, entry), outsider
    assert entry_policy.visible_entries(db.session, world.elearning, world.judge) == [entry]
    assert entry_policy.visible_entries(db.session, world.elearning, other_judge) == []
    assert entry_policy.visible_entries(db.session, world.elearning, world.other_coordinator) == []
    assert entry_policy.visible_entries(db.session, world.elearning, world.organiser) == [entry]


def test_settings_are_the_organisers(world: World) -> None:
    assert entering.settings_for(db.session, world.elearning).licence_required
    assert not entering.settings_for(db.session, world.creativity).licence_required
    with pytest.raises(NotAllowed):
        entering.save_settings(db.session, world.teacher, world.elearning, upload_cap_mb=10, licence_required=False)
    with pytest.raises(InvalidInput):
        entering.save_settings(db.session, world.organiser, world.elearning, upload_cap_mb=0, licence_required=False)
    entering.save_settings(db.session, world.organiser, world.elearning, upload_cap_mb=10, licence_required=False)
    db.session.commit()
    saved = row_of(EntrySettings, world.elearning.id)
    assert saved.upload_cap_mb == 10 and not saved.licence_required
