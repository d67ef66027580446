"""Awards of a programming contest from its final scoreboard (issue 11): ranks per board, ties, quotas,
thresholds and who takes part."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask

from app.extensions import db
from app.models import (
    ScoreboardMode,
)
from app.services.programming import awards as programming_awards
from app.services.programming import scoreboard
from app.services.programming.contestant import registration_of
from app.services.results import awards
from tests.builders import present

from ..factories import CategoryFactory
from .programming_award_helpers import (
    CONSOLATION,
    FIRST,
    SECOND,
    THIRD,
    _contest,
    _levels,
    _rules,
    _scored,
)
from .scoreboard.helpers import _contestant, _problem, _submit


def test_equal_scores_share_a_rank_and_the_same_award(app: Flask) -> None:
    contest, organiser = _contest()
    _scored(contest, {"An": 250, "Bình": 200, "Chi": 200, "Dũng": 150, "Giang": 100})
    _rules(contest, organiser, first=1, second=1, third=1)
    assert _levels(contest) == {
        "An": (1, FIRST),
        "Bình": (2, SECOND),
        "Chi": (2, SECOND),  # tied with Bình at the edge of the quota of one: both receive it
        "Dũng": (4, THIRD),  # the next level's quota is counted afresh after them
        "Giang": (5, None),
    }


def test_quotas_percentages_minimum_scores_and_who_takes_part(app: Flask) -> None:
    contest, organiser = _contest()
    _scored(contest, {"An": 280, "Bình": 240, "Chi": 190, "Dũng": 60, "Giang": 0})
    _contestant(contest, "Hà")  # never submitted: not ranked, not counted
    awards.set_rules(
        db.session,
        organiser,
        contest,
        None,
        [
            awards.RuleSpec(FIRST, quota_count=1, min_score=Decimal(250)),
            awards.RuleSpec(SECOND, quota_percent=40),  # 40% of the 5 who took part: 2
            awards.RuleSpec(CONSOLATION, quota_count=10, min_score=Decimal("50.5")),
        ],
    )
    levels = _levels(contest)
    assert "Hà" not in levels
    assert levels == {
        "An": (1, FIRST),
        "Bình": (2, SECOND),
        "Chi": (3, SECOND),
        "Dũng": (4, CONSOLATION),
        "Giang": (5, None),  # a total of 0 wins nothing, whatever the quota
    }
    _rules(contest, organiser, first=1)
    assert [level for _rank, level in _levels(contest).values()] == [FIRST, None, None, None, None]


def test_a_first_prize_below_its_minimum_is_not_given(app: Flask) -> None:
    contest, organiser = _contest()
    _scored(contest, {"An": 120, "Bình": 110})
    awards.set_rules(
        db.session,
        organiser,
        contest,
        None,
        [awards.RuleSpec(FIRST, quota_count=1, min_score=Decimal(200)), awards.RuleSpec(THIRD, quota_count=1)],
    )
    assert _levels(contest) == {"An": (1, THIRD), "Bình": (2, None)}


def test_each_board_is_ranked_apart_with_its_own_rules(app: Flask) -> None:
    contest, organiser = _contest()
    board_b = CategoryFactory(contest=contest, code="B", name="Bảng B")
    board_c = CategoryFactory(contest=contest, code="C", name="Bảng C")
    people = _scored(contest, {"An": 300, "Bình": 250, "Chi": 100, "Dũng": 90})
    for name, category in (("An", board_c), ("Bình", board_b), ("Chi", board_b), ("Dũng", board_c)):
        present(registration_of(db.session, contest, people[name])).category_id = category.id
    db.session.flush()
    _rules(contest, organiser, first=1)  # the contest's rules, followed by Bảng C
    _rules(contest, organiser, board_b.id, first=1, second=1)
    result = {
        (b.category.name if b.category else None): [(p.row.name, p.rank, p.level) for p in b.placings]
        for b in programming_awards.boards(db.session, contest)
    }
    assert result == {
        "Bảng B": [("Bình", 1, FIRST), ("Chi", 2, SECOND)],
        "Bảng C": [("An", 1, FIRST), ("Dũng", 2, None)],
    }


def test_icpc_ties_need_equal_problems_and_penalty(app: Flask) -> None:
    contest, organiser = _contest(ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an, binh, chi, dung = (_contestant(contest, n) for n in ("An", "Bình", "Chi", "Dũng"))
    for user in (an, binh, chi):
        _submit(user, a, 30)
    _submit(an, b, 60)
    _submit(binh, b, 60)
    _submit(chi, b, 90)  # two problems too, but more penalty minutes
    _submit(dung, a, 100)
    _rules(contest, organiser, first=1, second=1)
    assert _levels(contest) == {"An": (1, FIRST), "Bình": (1, FIRST), "Chi": (3, SECOND), "Dũng": (4, None)}


def test_icpc_equal_problems_and_penalty_go_by_the_earlier_last_ac_as_the_scoreboard(app: Flask) -> None:
    """Two problems and 90 penalty minutes each: Bình's last AC (minute 50) came before An's (60), so Bình ranks
    first and alone takes the one first prize, as the scoreboard ranks them (DOMjudge's order)."""
    contest, organiser = _contest(ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an, binh = (_contestant(contest, n) for n in ("An", "Bình"))
    _submit(an, a, 30)
    _submit(an, b, 60)
    _submit(binh, a, 40)
    _submit(binh, b, 50)
    _rules(contest, organiser, first=1, second=1)
    assert _levels(contest) == {"Bình": (1, FIRST), "An": (2, SECOND)}
    assert [(r.name, r.rank) for r in scoreboard.build(db.session, contest, viewer_is_staff=True).rows] == [
        ("Bình", 1),
        ("An", 2),
    ]


@pytest.mark.parametrize("mode", [ScoreboardMode.IOI, ScoreboardMode.ICPC])
def test_a_contestant_whose_only_submissions_did_not_compile_took_part_in_either_mode(
    app: Flask, mode: ScoreboardMode
) -> None:
    """Taking part is having a judged submission in the window, whatever it earned: an IOI contestant whose only
    program did not compile was ranked (0 points) and counted in the percentages, an ICPC one was not (the board
    shows no CE, as DOMjudge's, so nothing on it told them apart from one who never submitted)."""
    contest, organiser = _contest(mode)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an, binh, chi, dung = (_contestant(contest, n) for n in ("An", "Bình", "Chi", "Dũng"))
    _submit(an, a, 10)
    _submit(an, b, 20)
    _submit(binh, a, 30)
    _submit(chi, a, 40, verdict="CE")
    _submit(chi, b, 50, verdict="CE")
    _submit(dung, a, 60, 0, "JE")  # the judge's fault: no judged submission
    awards.set_rules(
        db.session, organiser, contest, None, [awards.RuleSpec(FIRST, quota_percent=67)]
    )  # 67% of the 3 who took part: 2
    assert _levels(contest) == {"An": (1, FIRST), "Bình": (2, FIRST), "Chi": (3, None)}
