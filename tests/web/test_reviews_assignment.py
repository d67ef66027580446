"""The panel, the automatic balanced assignment, conflicts of interest and organisers' changes by hand."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Assignment,
    AssignmentOrigin,
    AuditEntry,
    DeclaredConflict,
    Entry,
    PanelMember,
    Role,
    ScoreSheet,
    UnitKind,
    User,
)
from app.services.errors import InvalidInput, NotAllowed
from app.services.reviews import assignment, conflicts, panel, score_sheets
from tests.builders import present, table_of

from ..factories import EntryFactory, PanelMemberFactory, SchoolFactory, UserFactory
from .reviews_helpers import review_world


def pairs() -> set[tuple[int, int]]:
    return set(db.session.execute(select(Assignment.entry_id, Assignment.judge_id)).all())


def loads_of() -> Counter[int]:
    return Counter(j for _e, j in pairs())


def submit(judge: User, entry: Entry) -> None:
    typed = {c.id: ("20", "") for c in score_sheets.scoring_rubric(db.session, entry).criteria}
    score_sheets.save(db.session, judge, entry, typed, "", submit=True)


def test_every_entry_gets_two_judges_and_loads_are_even(app: Flask) -> None:
    world = review_world(judges=6, entries=20)
    report = assignment.run(db.session, world.organiser, world.contest)
    assert report.added == 40 and report.short == [] and report.removed == 0
    by_entry = Counter(e for e, _j in pairs())
    assert set(by_entry.values()) == {2}
    loads = loads_of()
    assert max(loads.values()) - min(loads.values()) <= 1 and len(loads) == 6
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "assignment.run"))
    again = assignment.run(db.session, world.organiser, world.contest)
    assert (again.added, again.removed) == (0, 0)


def test_conflicts_by_unit_and_people_are_never_assigned(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    own_school = UserFactory(unit=world.school, roles={Role.JUDGE})
    office = UserFactory(unit=world.office, roles={Role.JUDGE})
    author = UserFactory(unit=world.department, roles={Role.JUDGE, Role.TEACHER})
    declares = UserFactory(unit=world.department, roles={Role.JUDGE})
    free = [UserFactory(unit=world.department, roles={Role.JUDGE}) for _ in range(2)]
    for judge in (own_school, office, author, declares, *free):
        PanelMemberFactory(contest=world.contest, user=judge)
    at_school = EntryFactory(contest=world.contest, unit=world.school)
    by_author = EntryFactory(contest=world.contest, unit=world.other_school, authors=[author])
    declared = EntryFactory(contest=world.contest, unit=world.other_school)
    db.session.add(DeclaredConflict(contest_id=world.contest.id, entry_id=declared.id, judge_id=declares.id))
    # an office's own entry and an entry of a school straight under the Sở (the Sở is no district office)
    at_office = EntryFactory(contest=world.contest, unit=world.office)
    under_so = EntryFactory(contest=world.contest, unit=SchoolFactory(parent=world.department))
    db.session.flush()
    assert world.office.kind is UnitKind.DISTRICT_OFFICE
    assignment.run(db.session, world.organiser, world.contest)
    got = pairs()
    for entry, judge in [
        (at_school, own_school),
        (at_school, office),
        (at_office, office),
        (by_author, author),
        (declared, declares),
    ]:
        assert (entry.id, judge.id) not in got
    assert {e for e, _j in got} == {at_school.id, by_author.id, declared.id, at_office.id, under_so.id}
    assert conflicts.conflict_of(db.session, office, at_school) is conflicts.ConflictReason.UNDER_OWN_OFFICE
    assert conflicts.conflict_of(db.session, own_school, at_school) is conflicts.ConflictReason.OWN_UNIT
    assert conflicts.conflict_of(db.session, author, by_author) is conflicts.ConflictReason.AUTHOR
    assert conflicts.conflict_of(db.session, declares, declared) is conflicts.ConflictReason.DECLARED
    assert conflicts.conflict_of(db.session, free[0], at_school) is None


def test_entries_that_cannot_get_enough_judges_are_reported(app: Flask) -> None:
    world = review_world(judges=0, entries=0)
    only = UserFactory(unit=world.department, roles={Role.JUDGE})
    blocked = UserFactory(unit=world.school, roles={Role.JUDGE})
    for judge in (only, blocked):
        PanelMemberFactory(contest=world.contest, user=judge)
    entry = EntryFactory(contest=world.contest, unit=world.school, code="EL-0007")
    report = assignment.run(db.session, world.organiser, world.contest)
    assert report.short == [("EL-0007", 1)] and report.wanted == 2
    assert pairs() == {(entry.id, only.id)}


def test_rerun_keeps_sheets_and_manual_choices_and_evens_loads_for_new_judges(app: Flask) -> None:
    world = review_world(judges=1, entries=9)
    panel.set_judges_per_entry(db.session, world.organiser, world.contest, 1)
    assignment.run(db.session, world.organiser, world.contest)
    first = world.judges[0]
    assert loads_of() == Counter({first.id: 9})
    score_sheets.save(db.session, first, world.entries[0], {}, "draft")  # a draft keeps the assignment too
    submit(first, world.entries[1])
    manual = world.entries[2]
    newcomers = [UserFactory(unit=world.department, roles={Role.JUDGE}) for _ in range(2)]
    for judge in newcomers:
        PanelMemberFactory(contest=world.contest, user=judge)
    db.session.execute(
        table_of(Assignment)
        .update()
        .where(Assignment.entry_id == manual.id)
        .values(origin=AssignmentOrigin.MANUAL.value)
    )
    report = assignment.run(db.session, world.organiser, world.contest)
    assert report.removed == report.added == 6
    got = pairs()
    for entry in world.entries[:3]:
        assert (entry.id, first.id) in got
    assert sorted(loads_of().values()) == [3, 3, 3]


def test_plan_evens_loads_through_a_chain_of_judges() -> None:
    # Judge 1 holds three entries only judge 2 could also take; judge 3 may take only judge 2's entries: the
    # loads 4, 2, 0 even out to 2, 2, 2 by chains 1 -> 2 -> 3; a fixed pair never moves.
    eligible = {1: {1, 2}, 2: {1, 2}, 3: {1, 2}, 4: {2, 3}, 5: {2, 3}, 6: {1, 3}}
    movable = {1: {1}, 2: {1}, 3: {1}, 4: {2}, 5: {2}}
    result = assignment.plan(eligible, {6: {1}}, movable, [1, 2, 3], 1)
    loads = Counter({1: 0, 2: 0, 3: 0}) + Counter(j for js in result.judges.values() for j in js)
    assert sorted(loads.values()) == [2, 2, 2]
    assert all(j in eligible[e] for e, js in result.judges.items() for j in js)
    assert result.judges[6] == {1} and len(result.dropped) == len(result.added) == 4


@pytest.mark.parametrize("seed", range(5))
def test_plan_is_balanced_and_respects_eligibility_on_random_instances(seed: int) -> None:
    rng = random.Random(seed)
    judges = list(range(1, 13))
    eligible = {e: {j for j in judges if rng.random() > 0.15} for e in range(200)}
    result = assignment.plan(eligible, {}, {}, judges, 3)
    for entry, chosen in result.judges.items():
        assert chosen <= eligible[entry] and len(chosen) == min(3, len(eligible[entry]))
    loads = Counter(j for js in result.judges.values() for j in js)
    assert len(loads) == len(judges) and max(loads.values()) - min(loads.values()) <= 1


def test_manual_add_and_remove(app: Flask) -> None:
    world = review_world(judges=2, entries=1)
    entry = world.entries[0]
    local = UserFactory(unit=world.school, roles={Role.JUDGE}, full_name="Trần Thị Cục Bộ")
    PanelMemberFactory(contest=world.contest, user=local)
    stranger = UserFactory(unit=world.department, roles={Role.JUDGE})
    with pytest.raises(InvalidInput) as error:
        assignment.add(db.session, world.organiser, entry, local.id)
    own_unit = f"Trần Thị Cục Bộ không thể chấm bài {entry.code}: Bài dự thi thuộc chính đơn vị của giám khảo."
    assert str(error.value.message) == own_unit
    with pytest.raises(InvalidInput):
        assignment.add(db.session, world.organiser, entry, stranger.id)  # not on the panel
    added = assignment.add(db.session, world.organiser, entry, world.judges[1].id)
    assert added.origin is AssignmentOrigin.MANUAL
    with pytest.raises(InvalidInput):
        assignment.add(db.session, world.organiser, entry, world.judges[1].id)
    with pytest.raises(NotAllowed):
        assignment.add(db.session, world.judges[0], entry, world.judges[0].id)
    score_sheets.save(db.session, world.judges[1], entry, {}, "a draft")
    assignment.remove(db.session, world.organiser, added)
    assert pairs() == set() and db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0
    again = assignment.add(db.session, world.organiser, entry, world.judges[1].id)
    submit(world.judges[1], entry)
    with pytest.raises(InvalidInput):
        assignment.remove(db.session, world.organiser, again)
    assert pairs() == {(entry.id, world.judges[1].id)}


def test_declaring_a_conflict_releases_the_judge_unless_submitted(app: Flask) -> None:
    world = review_world(judges=2, entries=2)
    judge = world.judges[1]
    for entry in world.entries:
        assignment.add(db.session, world.organiser, entry, judge.id)
    score_sheets.save(db.session, judge, world.entries[0], {}, "draft")
    assert conflicts.declare(db.session, judge, world.entries[0], "Tôi là người hướng dẫn bài này") is True
    assert (world.entries[0].id, judge.id) not in pairs()
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0
    submit(judge, world.entries[1])
    assert conflicts.declare(db.session, judge, world.entries[1], "Người quen") is False
    assert (world.entries[1].id, judge.id) in pairs()
    with pytest.raises(InvalidInput):
        conflicts.declare(db.session, judge, world.entries[1], "again")
    with pytest.raises(InvalidInput):
        conflicts.declare(db.session, world.judges[0], world.entries[1], "   ")
    with pytest.raises(NotAllowed):
        conflicts.declare(db.session, UserFactory(roles={Role.JUDGE}), world.entries[1], "not on the panel")
    with pytest.raises(InvalidInput):  # a declared conflict is refused by hand too
        assignment.add(db.session, world.organiser, world.entries[0], judge.id)


def test_panel_members_head_and_settings(app: Flask) -> None:
    world = review_world(judges=2, entries=1)
    teacher = UserFactory(roles={Role.TEACHER})
    with pytest.raises(InvalidInput):
        panel.add_member(db.session, world.organiser, world.contest, teacher.id)
    with pytest.raises(InvalidInput):
        panel.add_member(db.session, world.organiser, world.contest, world.judges[0].id)
    newcomer = UserFactory(roles={Role.JUDGE})
    assert newcomer in panel.candidates(db.session, world.contest)
    added = panel.add_member(db.session, world.organiser, world.contest, newcomer.id)
    assert newcomer not in panel.candidates(db.session, world.contest)
    panel.set_head(db.session, world.organiser, added, True)
    heads = db.session.scalars(select(PanelMember.user_id).where(PanelMember.is_head.is_(True))).all()
    assert heads == [newcomer.id] and panel.is_head(db.session, newcomer, world.contest.id)
    assert not panel.is_head(db.session, world.judges[0], world.contest.id)
    for bad in (0, 11):
        with pytest.raises(InvalidInput):
            panel.set_judges_per_entry(db.session, world.organiser, world.contest, bad)
    panel.set_judges_per_entry(db.session, world.organiser, world.contest, 3)
    assert panel.settings_for(db.session, world.contest).judges_per_entry == 3
    with pytest.raises(NotAllowed):
        panel.add_member(db.session, newcomer, world.contest, newcomer.id)
    judge = world.judges[1]
    assignment.add(db.session, world.organiser, world.entries[0], judge.id)
    submit(judge, world.entries[0])
    member = present(panel.member(db.session, world.contest, judge.id))
    with pytest.raises(InvalidInput):
        panel.remove_member(db.session, world.organiser, member)
    panel.remove_member(db.session, world.organiser, added)
    assert panel.member(db.session, world.contest, newcomer.id) is None


def test_loads_count_assignments_and_submitted_sheets(app: Flask) -> None:
    world = review_world(judges=2, entries=3)
    assignment.run(db.session, world.organiser, world.contest)
    submit(world.judges[0], world.entries[0])
    loads = {
        load.member.user_id: (load.assigned, load.submitted) for load in assignment.loads(db.session, world.contest)
    }
    assert loads == {world.judges[0].id: (3, 1), world.judges[1].id: (3, 0)}
