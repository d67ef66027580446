"""An entry's score as the contest's rules make it of the judges' totals: the mean (the default), the mean without the
highest and the lowest total (a panel of five, as many provincial contests score), or the median. The ranking and
the awards follow the method; the plain mean stays beside it. The organisers set it on the panel page, not while the
results are published."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, AwardLevel, ReviewSettings, ScoreMethod
from app.services.errors import InvalidInput
from app.services.results import awards, publication
from app.services.results.aggregation import combine
from app.services.results.awards import RuleSpec
from app.services.results.ranking import ranked_results
from app.services.reviews import panel
from tests.conftest import AuthActions

from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry

D = Decimal


@pytest.mark.parametrize(
    ("totals", "method", "score"),
    [
        (["80", "90"], ScoreMethod.MEAN, "85.00"),
        (["80", "90"], ScoreMethod.TRIMMED, "85.00"),  # fewer than three: nothing is left out
        (["80", "90", "40"], ScoreMethod.TRIMMED, "80.00"),
        (["70", "72", "74", "76", "100"], ScoreMethod.TRIMMED, "74.00"),
        (["70", "72", "74", "76", "100"], ScoreMethod.MEAN, "78.40"),
        (["70", "72", "74", "76", "100"], ScoreMethod.MEDIAN, "74.00"),
        (["70", "72.5", "75", "100"], ScoreMethod.MEDIAN, "73.75"),
        (["70.01", "70.02"], ScoreMethod.MEDIAN, "70.02"),  # 70.015, half up
        (["66"], ScoreMethod.TRIMMED, "66.00"),
    ],
)
def test_combine(totals: list[str], method: ScoreMethod, score: str) -> None:
    assert combine([D(t) for t in totals], method) == D(score)


def _world() -> tuple[Judged, list[str]]:
    """Two entries, five judges: one judge far too generous with the first, which the plain mean puts first."""
    world = judged_contest()
    world.organiser.username = "btc"
    judges = [judge_of(world.contest) for _ in range(5)]
    scored_entry(world, judges, [flat(70), flat(72), flat(74), flat(76), flat(100)], code="EL-AAAAA")
    scored_entry(world, judges, [flat(76), flat(76), flat(76), flat(78), flat(78)], code="EL-BBBBB")
    panel.set_discrepancy_percent(db.session, world.organiser, world.contest, 100)
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    db.session.commit()
    return world, ["EL-AAAAA", "EL-BBBBB"]


def _board(world: Judged) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(r.entry.code, r.score, r.mean) for g in ranked_results(db.session, world.contest) for r in g.entries]


def test_the_ranking_and_the_awards_follow_the_contests_method(app: Flask) -> None:
    world, (generous, steady) = _world()
    assert _board(world) == [(generous, D("78.40"), D("78.40")), (steady, D("76.80"), D("76.80"))]
    panel.set_score_method(db.session, world.organiser, world.contest, ScoreMethod.TRIMMED)
    assert _board(world) == [(steady, D("76.67"), D("76.80")), (generous, D("74.00"), D("78.40"))]
    panel.set_score_method(db.session, world.organiser, world.contest, ScoreMethod.MEDIAN)
    assert _board(world) == [(steady, D(76), D("76.80")), (generous, D(74), D("78.40"))]
    stored = publication.publish(db.session, world.organiser, world.contest)
    assert [(a.entry.code, a.level, a.score) for a in stored] == [(steady, AwardLevel.FIRST, D(76))]
    with pytest.raises(InvalidInput):
        panel.set_score_method(db.session, world.organiser, world.contest, ScoreMethod.MEAN)
    assert db.session.get(ReviewSettings, world.contest.id).score_method is ScoreMethod.MEDIAN  # type: ignore[union-attr]
    logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "review.score_method")).all()
    assert [e.data["score_method"] for e in logged] == ["trimmed", "median"]


def test_the_organiser_sets_the_method_on_the_panel_page(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    world, (_generous, steady) = _world()
    assert auth.login("btc").status_code == 302
    client.get("/lang/en")
    page = client.get(f"/contests/{world.contest.id}/review/panel").get_data(as_text=True)
    assert 'id="score-method"' in page and "without the highest and the lowest" in page
    response = client.post(f"/contests/{world.contest.id}/review/score-method", data={"score_method": "trimmed"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReviewSettings, world.contest.id).score_method is ScoreMethod.TRIMMED  # type: ignore[union-attr]
    assert _board(world)[0][0] == steady
    client.post(f"/contests/{world.contest.id}/review/score-method", data={"score_method": "best"})
    db.session.expire_all()
    assert db.session.get(ReviewSettings, world.contest.id).score_method is ScoreMethod.TRIMMED  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("totals", "method", "flagged"),
    [
        ([70, 72, 74, 76, 100], ScoreMethod.MEAN, True),  # the generous judge's 100 counts: 30 points apart
        ([70, 72, 74, 76, 100], ScoreMethod.TRIMMED, False),  # it is left out of the score: 72 to 76 count
        ([70, 72, 74, 76, 100], ScoreMethod.MEDIAN, False),
        ([70, 72, 74, 100, 100], ScoreMethod.TRIMMED, True),  # two generous judges: 72, 74, 100 count
        ([60, 72, 86, 88], ScoreMethod.MEDIAN, True),  # the two middle totals are 14 points apart
    ],
)
def test_the_reconciliation_threshold_measures_the_totals_the_score_is_made_of(
    app: Flask, totals: list[int], method: ScoreMethod, flagged: bool
) -> None:
    """The rubric's maximum is 100 and the threshold 10 %: judges more than 10 points apart, among the totals the
    score method counts, need reconciling; one the method leaves out moves neither the score nor the ranking."""
    world = judged_contest()
    judges = [judge_of(world.contest) for _ in totals]
    scored_entry(world, judges, [flat(t) for t in totals], code="EL-AAAAA")
    panel.set_score_method(db.session, world.organiser, world.contest, method)
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    [result] = [r for g in ranked_results(db.session, world.contest) for r in g.entries]
    assert result.agreement.unsettled is flagged
    if flagged:
        with pytest.raises(InvalidInput):
            publication.publish(db.session, world.organiser, world.contest)
    else:
        [award] = publication.publish(db.session, world.organiser, world.contest)
        assert award.score == result.score


def test_a_tie_is_broken_on_the_criterion_as_the_method_combines_it(app: Flask) -> None:
    """Trimmed means tie at 80; on the tie-break criterion the generous and the harsh judge of the first entry
    (left out of its score) would put it below the second (18,33 against 19); as the method counts it, 20 is ahead."""
    world = judged_contest(tie_break=[1])
    judges = [judge_of(world.contest) for _ in range(3)]
    scored_entry(world, judges, [flat(100), flat(80), flat(40)], code="EL-AAAAA")
    scored_entry(world, judges, [["19", "21", "20", "20"]] * 3, code="EL-BBBBB")
    panel.set_score_method(db.session, world.organiser, world.contest, ScoreMethod.TRIMMED)
    ranked = [(r.entry.code, r.score, r.rank) for g in ranked_results(db.session, world.contest) for r in g.entries]
    assert ranked == [("EL-AAAAA", D(80), 1), ("EL-BBBBB", D(80), 2)]


@pytest.mark.parametrize(
    ("totals", "method", "left_out"),
    [
        ([70, 72, 74, 76, 100], ScoreMethod.MEAN, []),
        ([70, 72, 74, 76, 100], ScoreMethod.TRIMMED, [0, 4]),
        ([100, 72, 70, 74], ScoreMethod.MEDIAN, [0, 2]),  # 72 and 74 are the middle ones
        ([80, 90], ScoreMethod.TRIMMED, []),  # fewer than three: the plain mean
        ([80, 80, 80], ScoreMethod.TRIMMED, [0, 2]),  # equal totals: one of each end, whichever moves nothing
    ],
)
def test_the_totals_the_method_leaves_out_are_known_by_their_judges(
    app: Flask, totals: list[int], method: ScoreMethod, left_out: list[int]
) -> None:
    world = judged_contest()
    judges = [judge_of(world.contest) for _ in totals]
    scored_entry(world, judges, [flat(t) for t in totals], code="EL-AAAAA")
    panel.set_score_method(db.session, world.organiser, world.contest, method)
    [result] = [r for g in ranked_results(db.session, world.contest) for r in g.entries]
    assert result.left_out == {judges[i].id for i in left_out}
    counted = [t for judge, t in result.totals.items() if judge not in result.left_out]
    assert combine(counted, ScoreMethod.MEAN) == result.score


def test_the_ranking_page_strikes_the_totals_the_method_leaves_out(client: FlaskClient, auth: AuthActions) -> None:
    world, _codes = _world()
    panel.set_score_method(db.session, world.organiser, world.contest, ScoreMethod.TRIMMED)
    db.session.commit()
    assert auth.login("btc").status_code == 302
    page = client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    assert page.count("<s class=") == 4  # the highest and the lowest of each entry
    assert '">100</s>' in page and '">70</s>' in page
    assert "Các tổng điểm bị gạch không được tính" in page
