"""Aggregation of judges' sheets, the flag for reconciliation, settling it, and per-judge normalisation."""

from decimal import Decimal

import pytest
from flask import Flask

from app.extensions import db
from app.models import (
    Assignment,
    AssignmentOrigin,
    AuditEntry,
    DeclaredConflict,
    Entry,
    Reconciliation,
    ReviewSettings,
    Role,
    ScoreSheet,
    User,
)
from app.policies import entries as entry_policy
from app.services.errors import InvalidInput, NotAllowed
from app.services.records import audit
from app.services.results import reconciliation
from app.services.results.aggregation import Agreement, entry_result, mean
from app.services.results.normalisation import normalise
from app.services.results.ranking import ranked_results
from app.services.reviews import score_sheets
from tests.builders import present

from ..factories import DistrictFactory, SchoolFactory, UserFactory
from .results_helpers import Judged, entry_of, flat, judge_of, judged_contest, scored_entry, sheet


def test_the_score_is_the_mean_of_submitted_sheets_rounded_half_up(app: Flask) -> None:
    world = judged_contest()
    a, b, c = (judge_of(world.contest) for _ in range(3))
    entry = entry_of(world)
    sheet(entry, a, ["17.51", "17.5", "17.5", "17.5"])  # 70.01
    sheet(entry, b, ["17.5", "17.5", "17.5", "17.5"])  # 70.00
    sheet(entry, c, ["25", "25", "25", "25"], submitted=False)  # a draft does not count
    result = entry_result(db.session, entry)
    assert result.mean == Decimal("70.01")  # 70.005 rounds half up, not to even
    assert (result.submitted, result.assigned, result.missing) == (2, 3, 1)
    assert result.agreement is Agreement.AGREED
    assert mean([Decimal("1"), Decimal("2")]) == Decimal("1.50")


def test_totals_further_apart_than_the_threshold_flag_the_entry(app: Flask) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    at_threshold = scored_entry(world, [a, b], [flat(80), flat(90)])
    beyond = scored_entry(world, [a, b], [flat(80), flat("90.5")])
    assert entry_result(db.session, at_threshold).agreement is Agreement.AGREED
    flagged = entry_result(db.session, beyond)
    assert flagged.discrepant and flagged.agreement is Agreement.FLAGGED
    db.session.add(ReviewSettings(contest_id=world.contest.id, discrepancy_percent=20))
    db.session.flush()
    assert entry_result(db.session, beyond).agreement is Agreement.AGREED


def _flagged() -> tuple[Judged, User, User, User, Entry]:
    world = judged_contest()
    head = judge_of(world.contest, head=True, full_name="Trần Thị Trưởng")
    a, b = judge_of(world.contest), judge_of(world.contest)
    entry = scored_entry(world, [a, b], [flat(60), flat(90)])
    return world, head, a, b, entry


def test_a_further_judge_is_assigned_and_the_mean_then_includes_their_sheet(app: Flask) -> None:
    world, head, a, _b, entry = _flagged()
    further = judge_of(world.contest)
    assert further in reconciliation.further_judge_choices(db.session, entry)
    assert a not in reconciliation.further_judge_choices(db.session, entry)
    reconciliation.assign_further_judge(db.session, head, entry, further.id, "Hai giám khảo lệch 30 điểm")
    assignment = db.session.query(Assignment).filter_by(entry_id=entry.id, judge_id=further.id).one()
    assert assignment.origin is AssignmentOrigin.RECONCILIATION
    result = entry_result(db.session, entry)
    assert result.agreement is Agreement.AWAITING_FURTHER and result.missing == 1
    with pytest.raises(InvalidInput):  # one further judge at a time
        reconciliation.assign_further_judge(db.session, head, entry, judge_of(world.contest).id)
    sheet(entry, further, flat(72), assigned=False)
    result = entry_result(db.session, entry)
    assert result.agreement is Agreement.FURTHER_JUDGED
    assert result.score == Decimal("74.00")  # (60 + 90 + 72) / 3
    logged = db.session.query(AuditEntry).filter_by(action="entry.reconcile.further_judge").one()
    assert (logged.actor_id, logged.object_id, logged.data["judge_id"]) == (head.id, entry.id, further.id)
    assert audit.verify(db.session) == []


def test_the_organiser_may_assign_a_further_judge_but_not_decide(app: Flask) -> None:
    world, _head, _a, _b, entry = _flagged()
    further = judge_of(world.contest)
    reconciliation.assign_further_judge(db.session, world.organiser, entry, further.id)
    with pytest.raises(NotAllowed):
        reconciliation.decide(db.session, world.organiser, entry, Decimal(70), "Quyết định")


def test_a_judge_who_is_not_head_may_not_reconcile(app: Flask) -> None:
    world, _head, a, _b, entry = _flagged()
    further = judge_of(world.contest)
    with pytest.raises(NotAllowed):
        reconciliation.assign_further_judge(db.session, a, entry, further.id)
    with pytest.raises(NotAllowed):
        reconciliation.decide(db.session, a, entry, Decimal(70), "Tôi quyết")
    head_elsewhere = judge_of(judged_contest().contest, head=True)
    with pytest.raises(NotAllowed):
        reconciliation.decide(db.session, head_elsewhere, entry, Decimal(70), "Tôi quyết")
    assert db.session.query(Reconciliation).count() == 0


@pytest.mark.parametrize("conflict", ["declared", "own_unit"])
def test_a_head_judge_in_conflict_neither_sees_nor_settles_the_entry(app: Flask, conflict: str) -> None:
    world, head, _a, _b, entry = _flagged()
    if conflict == "declared":
        db.session.add(DeclaredConflict(contest_id=world.contest.id, entry_id=entry.id, judge_id=head.id, reason="x"))
    else:
        head.unit = entry.unit
    db.session.flush()
    further = judge_of(world.contest)
    assert not entry_policy.may_view(db.session, head, entry)
    assert reconciliation.hidden_from(db.session, head, world.contest) == {entry.id}
    with pytest.raises(NotAllowed):
        reconciliation.decide(db.session, head, entry, Decimal(70), "Tôi quyết")
    with pytest.raises(NotAllowed):
        reconciliation.assign_further_judge(db.session, head, entry, further.id)
    with pytest.raises(NotAllowed):
        score_sheets.reopen(
            db.session, head, present(db.session.query(ScoreSheet).filter_by(entry_id=entry.id).first()), "x"
        )
    assert db.session.query(Reconciliation).count() == 0
    # the organisers settle it instead; the head judge still sees the contest's other entries
    reconciliation.assign_further_judge(db.session, world.organiser, entry, further.id)
    other = scored_entry(world, [_a, _b], [flat(60), flat(90)])
    assert entry_policy.may_view(db.session, head, other)
    reconciliation.decide(db.session, head, other, Decimal(70), "Thống nhất")


def test_the_further_judge_must_be_free_of_conflict_and_on_the_panel(app: Flask) -> None:
    world, head, a, _b, entry = _flagged()
    district = DistrictFactory()
    school = SchoolFactory(parent=district)
    entry.unit = school
    same_school = judge_of(world.contest, unit=school)
    district_officer = judge_of(world.contest, unit=district)
    declared = judge_of(world.contest)
    db.session.add(DeclaredConflict(contest_id=world.contest.id, entry_id=entry.id, judge_id=declared.id))
    outsider = UserFactory(roles={Role.JUDGE})
    db.session.flush()
    for judge in (same_school, district_officer, declared, outsider, a):
        with pytest.raises(InvalidInput):
            reconciliation.assign_further_judge(db.session, head, entry, judge.id)
    assert db.session.query(Reconciliation).count() == 0
    assert db.session.query(Assignment).filter_by(origin=AssignmentOrigin.RECONCILIATION).count() == 0


def test_the_head_judge_decides_within_bounds_with_a_reason(app: Flask) -> None:
    _world, head, _a, _b, entry = _flagged()
    for score, reason in [
        (Decimal("-0.5"), "Lý do"),
        (Decimal("100.01"), "Lý do"),
        (Decimal("70.005"), "Lý do"),
        (Decimal("70"), "   "),
        (Decimal("70"), "x" * 2001),
    ]:
        with pytest.raises(InvalidInput):
            reconciliation.decide(db.session, head, entry, score, reason)
    assert db.session.query(Reconciliation).count() == 0
    assert entry_result(db.session, entry).agreement is Agreement.FLAGGED

    reconciliation.decide(db.session, head, entry, Decimal("82.5"), "Xem lại sản phẩm: nội dung tốt")
    result = entry_result(db.session, entry)
    assert result.agreement is Agreement.HEAD_DECIDED
    assert (result.mean, result.score) == (Decimal("75.00"), Decimal("82.5"))
    logged = db.session.query(AuditEntry).filter_by(action="entry.reconcile.head_decision").one()
    assert logged.reason == "Xem lại sản phẩm: nội dung tốt" and logged.data["score"] == "82.5"


def test_an_entry_whose_judges_agree_needs_no_reconciliation(app: Flask) -> None:
    world = judged_contest()
    head = judge_of(world.contest, head=True)
    a, b = judge_of(world.contest), judge_of(world.contest)
    entry = scored_entry(world, [a, b], [flat(80), flat(84)])
    with pytest.raises(InvalidInput):
        reconciliation.decide(db.session, head, entry, Decimal(82), "Không cần")
    with pytest.raises(InvalidInput):
        reconciliation.assign_further_judge(db.session, head, entry, judge_of(world.contest).id)


def test_normalisation_puts_a_lenient_and_a_severe_judge_on_one_scale() -> None:
    lenient = {(1, 10): Decimal(90), (2, 10): Decimal(80), (3, 10): Decimal(70)}
    severe = {(1, 20): Decimal(60), (2, 20): Decimal(50), (3, 20): Decimal(40)}
    lone = {(4, 30): Decimal(77)}
    flat_judge = {(5, 40): Decimal(50), (6, 40): Decimal(50)}
    result = normalise(lenient | severe | lone | flat_judge)
    assert result[(1, 10)] == result[(1, 20)] > Decimal(80)
    assert result[(2, 10)] == result[(2, 20)]
    assert result[(4, 30)] == Decimal(77)  # one sheet: left raw
    assert result[(5, 40)] == Decimal(50)  # no spread: left raw


def test_the_normalised_mean_is_shown_beside_the_raw_one(app: Flask) -> None:
    world = judged_contest()
    lenient, severe = judge_of(world.contest), judge_of(world.contest)
    entries = [scored_entry(world, [lenient, severe], [flat(t), flat(t - 30)]) for t in (90, 80, 70)]
    (group,) = ranked_results(db.session, world.contest)
    by_id = {r.entry.id: r for r in group.entries}
    first, middle, last = (by_id[e.id] for e in entries)
    assert (first.mean, middle.mean, last.mean) == (Decimal(75), Decimal(65), Decimal(55))
    assert middle.normalised == Decimal("65.00")
    assert first.normalised is not None and first.mean is not None and first.normalised > first.mean
    assert last.normalised is not None and last.mean is not None and last.normalised < last.mean
    assert first.score == first.mean  # shown only: the raw mean counts
