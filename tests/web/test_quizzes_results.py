"""The item analysis of a test, and a board's combined result: theory and practice each normalised to its
maximum, weighed by the organiser's weights, ranked, awarded and certified like the other boards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AwardLevel, ProgrammingAward, Quiz, Sheet, User
from app.services.errors import InvalidInput
from app.services.programming import awards as programming_awards
from app.services.programming import grading_admin
from app.services.quizzes import combined, item_analysis, scoring, sheets
from app.services.results import awards
from app.timeutil import utcnow
from app.vnsort import sort_key
from tests.conftest import AuthActions

from .. import builders
from .quiz_helpers import board_world, quiz
from .scoreboard.helpers import START, _problem, _submit


def _sit(world: dict[str, Any], made: Quiz, pupil: User, right: int) -> None:
    """``pupil`` answers right (option 0) the ``right`` questions of their sheet added first to the bank, the
    rest wrong, and hands in."""
    sheet = sheets.start(db.session, world["contest"], made, pupil)
    for n, question_id in enumerate(sorted(scoring.item_ids(sheet))):
        sheets.save_answer(db.session, sheet, question_id, [0] if n < right else [1])
    sheets.submit(db.session, sheet)


def test_item_analysis_gives_difficulty_and_discrimination(app: Flask) -> None:
    world = board_world()
    contest = world["contest"]
    more = [builders.person(f"p{i}", world["pupils"][0].unit) for i in range(4)]
    builders.register(contest, *more, category=world["board"])
    made = quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 3)])
    # everyone has the same three questions; the stronger a pupil, the more they get right
    for pupil, right in zip([*world["pupils"], *more], [3, 3, 2, 1, 0, 0], strict=True):
        _sit(world, made, pupil, right)
    stats = item_analysis.analyse(db.session, made)
    assert [s.sheets for s in stats] == [6, 6, 6]
    assert sorted(round(s.difficulty, 2) for s in stats) == [0.33, 0.5, 0.67]
    for s in stats:
        # each right answer came from the top: the upper group (2 sheets) got it, the lower group (2) did not
        assert s.upper_lower == 1.0
        assert s.point_biserial is not None and s.point_biserial > 0.6


def test_a_board_ranks_by_theory_and_practice_weighed(app: Flask) -> None:
    world = board_world()
    contest, organiser = world["contest"], world["organiser"]
    contest.submission_opens, contest.submission_closes = START, START + timedelta(hours=3)
    problem = _problem(contest, "A")  # 100 points
    an, binh = world["pupils"]
    chi = builders.person("chi", an.unit)
    builders.register(contest, chi, category=world["board"])
    made = quiz(organiser, contest, world["board"], [("Tin học", 1, 2)], theory_weight=30)
    _sit(world, made, an, 2)  # theory 100 %
    _sit(world, made, binh, 0)  # theory 0 %
    _sit(world, made, chi, 1)  # theory 50 %, and no program
    _submit(an, problem, 10, score=50, verdict="WA")  # practice 50 %
    _submit(binh, problem, 20)  # practice 100 %
    awards.set_rules(db.session, organiser, contest, None, [awards.RuleSpec(AwardLevel.FIRST, quota_count=1)])

    (board,) = programming_awards.boards(db.session, contest)
    table = [(p.row.name, p.rank, p.row.total, p.level) for p in board.placings]
    assert table == [
        (binh.full_name, 1, 70.0, AwardLevel.FIRST),
        (an.full_name, 2, 65.0, None),
        (chi.full_name, 3, 15.0, None),
    ]
    parts = board.parts[board.placings[2].row.registration_id]
    assert (parts.theory, parts.practice) == (0.5, 0.0)

    # published: the awards are fixed from the combined result, with certificates
    made.closes_at = START
    grading_admin.publish_results(db.session, organiser, contest)
    (award,) = db.session.query(ProgrammingAward).filter_by(contest_id=contest.id).all()
    assert (award.registration.members[0].user_id, award.total, award.penalty) == (binh.id, 70.0, None)
    pdf = programming_awards.certificate(db.session, binh, contest, award.registration_id, binh.id)
    assert pdf.startswith(b"%PDF")


def test_the_combined_result_page_writes_shares_and_results_in_vietnamese(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """Two questions of three right is 66,7 % of the theory, and 30 x 2/3 = 20 with 62,5 % of the practice
    (x 70 = 43,75) makes 63,75: written with the decimal comma, not 66.7% and 63.75."""
    world = board_world()
    contest, organiser = world["contest"], world["organiser"]
    contest.submission_opens, contest.submission_closes = START, START + timedelta(hours=3)
    problem = _problem(contest, "A")
    an = world["pupils"][0]
    made = quiz(organiser, contest, world["board"], [("Tin học", 1, 3)], theory_weight=30)
    _sit(world, made, an, 2)
    _submit(an, problem, 10, score=62.5, verdict="WA")
    db.session.commit()
    auth.login("btc")
    page = client.get(f"/contests/{contest.id}/manage/quiz/result").get_data(as_text=True)
    assert ">66,7%<" in page and ">62,5%<" in page and ">63,75<" in page
    assert "66.7" not in page and "63.75" not in page


def test_equal_combined_results_are_listed_by_name(app: Flask) -> None:
    """Vũ Văn An (all theory, no practice) and Trần Văn Bình (no theory, all practice) both make 50 at equal weights:
    they share the rank and are listed by name, An first, as the scoreboard lists equals; they were listed by
    practice, Bình first."""
    world = board_world()
    contest, organiser = world["contest"], world["organiser"]
    contest.submission_opens, contest.submission_closes = START, START + timedelta(hours=3)
    problem = _problem(contest, "A")
    an, binh = world["pupils"]
    an.full_name, an.sort_key = "Vũ Văn An", sort_key("Vũ Văn An")
    binh.full_name, binh.sort_key = "Trần Văn Bình", sort_key("Trần Văn Bình")
    made = quiz(organiser, contest, world["board"], [("Tin học", 1, 2)], theory_weight=50)
    _sit(world, made, an, 2)
    _sit(world, made, binh, 0)
    _submit(an, problem, 10, score=0, verdict="WA")
    _submit(binh, problem, 20)
    (board,) = programming_awards.boards(db.session, contest)
    assert [(p.row.name, p.rank, p.row.total) for p in board.placings] == [
        ("Vũ Văn An", 1, 50.0),
        ("Trần Văn Bình", 1, 50.0),
    ]


def test_results_wait_for_the_theory_test_to_close(app: Flask) -> None:
    world = board_world()
    contest = world["contest"]
    contest.submission_opens, contest.submission_closes = START, START + timedelta(hours=3)
    quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 1)])
    with pytest.raises(InvalidInput, match="Bài thi lý thuyết của Bảng A"):
        grading_admin.publish_results(db.session, world["organiser"], contest)


def test_results_wait_for_the_last_answers_of_the_theory_test(app: Flask) -> None:
    """A sheet takes answers for ``GRACE_SECONDS`` after the test closes and is scored only then: publishing in
    those seconds fixed the awards with the sheet not yet closed, its pupil's theory counted as 0."""
    world = board_world()
    contest, organiser = world["contest"], world["organiser"]
    contest.submission_opens, contest.submission_closes = START, START + timedelta(hours=3)
    an = world["pupils"][0]
    made = quiz(organiser, contest, world["board"], [("Tin học", 1, 2)], theory_weight=100)
    awards.set_rules(db.session, organiser, contest, None, [awards.RuleSpec(AwardLevel.FIRST, quota_count=1)])
    sheet = sheets.start(db.session, contest, made, an)
    for question_id in scoring.item_ids(sheet):
        sheets.save_answer(db.session, sheet, question_id, [0])  # all right, and still open when the test closes
    made.closes_at = sheet.ends_at = utcnow() - timedelta(seconds=5)  # closed 5 s ago: its grace runs
    with pytest.raises(InvalidInput, match="Bài thi lý thuyết của Bảng A"):
        grading_admin.publish_results(db.session, organiser, contest)
    assert db.session.query(ProgrammingAward).filter_by(contest_id=contest.id).count() == 0

    made.closes_at = sheet.ends_at = utcnow() - timedelta(seconds=sheets.GRACE_SECONDS + 1)
    grading_admin.publish_results(db.session, organiser, contest)
    (award,) = db.session.query(ProgrammingAward).filter_by(contest_id=contest.id).all()
    assert (award.registration.members[0].user_id, award.total) == (an.id, 100.0)


@pytest.mark.parametrize(
    ("score", "maximum", "practice", "practice_max", "weight", "total"),
    [(3, 4, 40, 80, 30, 57.5), (0, 4, 80, 80, 0, 100.0), (4, 4, 0, 0, 100, 100.0)],
)
def test_parts_are_shares_of_their_maximum(
    app: Flask, score: float, maximum: float, practice: float, practice_max: float, weight: int, total: float
) -> None:
    sheet = Sheet(score=score, max_score=maximum)
    assert combined.parts(sheet, practice, practice_max, weight).total == total
