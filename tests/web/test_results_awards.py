"""Ranking (ties broken by criteria, else shared) and awards by quotas (counts, percentages) and minimum scores."""

from collections.abc import Sequence
from decimal import Decimal

import pytest
from flask import Flask

from app.extensions import db
from app.models import AuditEntry, AwardLevel, AwardRule, Role
from app.services.errors import InvalidInput, NotAllowed
from app.services.results import awards
from app.services.results.awards import RuleSpec
from app.services.results.ranking import ranked_results

from ..factories import CategoryFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry

FIRST, SECOND, THIRD, CONSOLATION = AwardLevel.FIRST, AwardLevel.SECOND, AwardLevel.THIRD, AwardLevel.CONSOLATION


def _ranking(world: Judged) -> list[tuple[str, int | None]]:
    (group,) = ranked_results(db.session, world.contest)
    return [(r.entry.code, r.rank) for r in group.entries]


def _contest_with_totals(totals: Sequence[int | list[str]], tie_break: list[int | None] | None = None) -> Judged:
    """A contest whose entries T01, T02, … have the given totals from two judges who agree."""
    world = judged_contest(tie_break)
    a, b = judge_of(world.contest), judge_of(world.contest)
    for i, total in enumerate(totals, start=1):
        points = total if isinstance(total, list) else flat(total)
        scored_entry(world, [a, b], [points, points], code=f"T{i:02d}")
    return world


def _awards(world: Judged, *specs: RuleSpec, category: bool = True) -> dict[str, AwardLevel | None]:
    awards.set_rules(db.session, world.organiser, world.contest, world.category.id if category else None, list(specs))
    (group,) = ranked_results(db.session, world.contest)
    computed = awards.compute(
        group.entries, awards.rules_for(awards.contest_rules(db.session, world.contest), world.category.id)
    )
    return {r.entry.code: computed.get(r.entry.id) for r in group.entries}


def test_entries_rank_by_score_and_equal_ones_share_a_rank(app: Flask) -> None:
    world = _contest_with_totals([70, 90, 80, 90, 60])
    assert _ranking(world) == [("T02", 1), ("T04", 1), ("T03", 3), ("T01", 4), ("T05", 5)]


def test_ties_are_broken_by_the_criteria_in_the_organisers_order(app: Flask) -> None:
    # the second criterion breaks ties first, then the first; T01 and T02 differ on the second
    world = _contest_with_totals(
        [["20", "20", "20", "20"], ["25", "15", "20", "20"], ["20", "20", "20", "20"]], tie_break=[2, 1, None, None]
    )
    assert _ranking(world) == [("T01", 1), ("T03", 1), ("T02", 3)]


def test_an_entry_without_a_submitted_sheet_is_not_ranked(app: Flask) -> None:
    world = _contest_with_totals([70])
    scored_entry(world, [], [], code="T99")
    assert _ranking(world) == [("T01", 1), ("T99", None)]


def test_quotas_by_count_go_down_the_ranking(app: Flask) -> None:
    world = _contest_with_totals([95, 90, 85, 80, 75, 70])
    result = _awards(
        world,
        RuleSpec(FIRST, quota_count=1),
        RuleSpec(SECOND, quota_count=2),
        RuleSpec(THIRD, quota_count=2),
    )
    assert result == {"T01": FIRST, "T02": SECOND, "T03": SECOND, "T04": THIRD, "T05": THIRD, "T06": None}


def test_quotas_by_percentage_of_the_ranked_entries_round_down(app: Flask) -> None:
    world = _contest_with_totals([99, 98, 97, 96, 95, 94, 93, 92, 91, 90])
    result = _awards(world, RuleSpec(FIRST, quota_percent=15), RuleSpec(SECOND, quota_percent=25))
    assert [code for code, level in result.items() if level is FIRST] == ["T01"]  # 15 % of 10 is 1.5
    assert [code for code, level in result.items() if level is SECOND] == ["T02", "T03"]  # 25 % is 2.5


def test_entries_below_the_minimum_score_get_nothing(app: Flask) -> None:
    world = _contest_with_totals([95, 88, 70, 60])
    result = _awards(
        world,
        RuleSpec(FIRST, quota_count=2, min_score=Decimal(90)),
        RuleSpec(SECOND, quota_count=1, min_score=Decimal(80)),
        RuleSpec(CONSOLATION, quota_count=5, min_score=Decimal("65.5")),
    )
    # T02 misses the First prize's minimum but reaches the Second's; T04 is below every minimum
    assert result == {"T01": FIRST, "T02": SECOND, "T03": CONSOLATION, "T04": None}


def test_entries_tied_at_a_quota_boundary_both_receive_the_award(app: Flask) -> None:
    world = _contest_with_totals([95, 90, 90, 85, 80])
    result = _awards(world, RuleSpec(FIRST, quota_count=2), RuleSpec(SECOND, quota_count=1))
    assert result == {"T01": FIRST, "T02": FIRST, "T03": FIRST, "T04": SECOND, "T05": None}


def test_a_tie_broken_by_a_criterion_is_no_tie_at_the_boundary(app: Flask) -> None:
    world = _contest_with_totals([["25", "25", "20", "20"], ["25", "20", "25", "20"]], tie_break=[None, 1, None, None])
    assert _awards(world, RuleSpec(FIRST, quota_count=1)) == {"T01": FIRST, "T02": None}


def test_a_category_follows_the_contests_rules_unless_it_has_its_own(app: Flask) -> None:
    world = _contest_with_totals([95, 90])
    assert _awards(world, RuleSpec(FIRST, quota_count=2), category=False) == {"T01": FIRST, "T02": FIRST}
    assert _awards(world, RuleSpec(THIRD, quota_count=1)) == {"T01": THIRD, "T02": None}


def test_rules_are_replaced_and_audit_logged(app: Flask) -> None:
    world = judged_contest()
    awards.set_rules(db.session, world.organiser, world.contest, world.category.id, [RuleSpec(FIRST, quota_count=1)])
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        world.category.id,
        [RuleSpec(SECOND, quota_percent=20, min_score=Decimal("50.5"))],
    )
    (rule,) = db.session.query(AwardRule).all()
    assert (rule.level, rule.quota_percent, rule.min_score) == (SECOND, 20, Decimal("50.5"))
    assert db.session.query(AuditEntry).filter_by(action="results.award_rules").count() == 2


@pytest.mark.parametrize(
    "spec",
    [
        RuleSpec(FIRST),
        RuleSpec(FIRST, quota_count=1, quota_percent=10),
        RuleSpec(FIRST, quota_count=-1),
        RuleSpec(FIRST, quota_percent=101),
        RuleSpec(FIRST, quota_count=1, min_score=Decimal(-1)),
        RuleSpec(FIRST, quota_count=1, min_score=Decimal("1.005")),
    ],
)
def test_a_bad_rule_is_refused_and_changes_nothing(app: Flask, spec: RuleSpec) -> None:
    world = judged_contest()
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(THIRD, quota_count=3)])
    with pytest.raises(InvalidInput):
        awards.set_rules(db.session, world.organiser, world.contest, None, [spec])
    assert [(r.level, r.quota_count) for r in db.session.query(AwardRule)] == [(THIRD, 3)]


def test_rules_for_someone_elses_category_or_by_a_non_organiser_are_refused(app: Flask) -> None:
    world = judged_contest()
    other = CategoryFactory()
    with pytest.raises(InvalidInput):
        awards.set_rules(db.session, world.organiser, world.contest, other.id, [RuleSpec(FIRST, quota_count=1)])
    with pytest.raises(InvalidInput):
        awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(FIRST, quota_count=1)] * 2)
    stranger = UserFactory(roles={Role.ORGANISER})  # of another unit
    for actor in (stranger, judge_of(world.contest, head=True)):
        with pytest.raises(NotAllowed):
            awards.set_rules(db.session, actor, world.contest, None, [RuleSpec(FIRST, quota_count=1)])
    assert db.session.query(AwardRule).count() == 0
