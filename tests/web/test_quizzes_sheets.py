"""Pupils' sheets: the draw per pupil (its plan, shuffled, the same again for the same pupil), answers saved until
the server's end plus the grace and refused after, closing on hand-in, on read and by the worker's sweep, and
scoring (all or nothing, or partial)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.grading.worker import close_quiz_sheets
from app.models import Answer, Contest, Quiz, Sheet, User
from app.services.errors import InvalidInput
from app.services.quizzes import scoring, sheets
from app.timeutil import utcnow
from tests.builders import row_of

from .. import builders
from .quiz_helpers import board_world, question, quiz
from .test_races import _in_own_session, race  # noqa: F401 (race: a fixture)


def _start(world: dict[str, Any], **quiz_fields: Any) -> tuple[Quiz, Sheet]:
    made = quiz(
        world["organiser"], world["contest"], world["board"], [("Tin học", 1, 2), ("Tin học", 3, 1)], **quiz_fields
    )
    return made, sheets.start(db.session, world["contest"], made, world["pupils"][0])


def test_a_sheet_holds_the_plan_shuffled_and_the_draw_is_the_pupils_own(app: Flask) -> None:
    world = board_world()
    made, sheet = _start(world)
    ids = scoring.item_ids(sheet)
    easy, hard = {q.id for q in world["easy"]}, {q.id for q in world["hard"]}
    assert len(ids) == 3 and len(set(ids) & easy) == 2 and len(set(ids) & hard) == 1
    bank = world["easy"] + world["hard"]
    assert sheets.draw(made, world["pupils"][0].id, bank) == sheet.items  # deterministic per pupil
    for item in sheet.items:
        options = item["o"]
        assert isinstance(options, list) and sorted(options) == [0, 1, 2, 3]
    # across many pupils both questions and options come in several orders
    orders = {tuple(str(i) for i in sheets.draw(made, pupil_id, bank)) for pupil_id in range(1, 40)}
    assert len(orders) > 10
    assert sheet.max_score == 3
    assert sheets.start(db.session, world["contest"], made, world["pupils"][0]).id == sheet.id  # once


def test_only_pupils_of_the_board_start_while_it_is_open(app: Flask) -> None:
    world = board_world()
    made = quiz(world["organiser"], world["contest"], world["board"], [("Tin học", 1, 1)], opens_in=timedelta(hours=1))
    with pytest.raises(InvalidInput, match="chưa mở"):
        sheets.start(db.session, world["contest"], made, world["pupils"][0])
    made.opens_at = utcnow() - timedelta(hours=1)
    stranger = builders.person("other")
    builders.register(world["contest"], stranger, category=builders.categories(world["contest"], "B")["B"])
    with pytest.raises(InvalidInput, match="Chỉ thí sinh đăng ký ở bảng này"):
        sheets.start(db.session, world["contest"], made, stranger)


def test_answers_are_saved_and_replaced_then_refused_after_the_end_and_grace(app: Flask) -> None:
    world = board_world()
    _made, sheet = _start(world)
    first = scoring.item_ids(sheet)[0]
    sheets.save_answer(db.session, sheet, first, [1])
    sheets.save_answer(db.session, sheet, first, [0])
    assert [(a.question_id, a.chosen) for a in sheet.answers] == [(first, [0])]
    late = sheet.ends_at + timedelta(seconds=sheets.GRACE_SECONDS - 1)
    sheets.save_answer(db.session, sheet, first, [2], now=late)  # within the grace: kept
    after = sheet.ends_at + timedelta(seconds=sheets.GRACE_SECONDS + 1)
    with pytest.raises(InvalidInput, match="Đã hết giờ"):
        sheets.save_answer(db.session, sheet, first, [3], now=after)
    assert db.session.query(Answer).filter_by(sheet_id=sheet.id).one().chosen == [2]


def test_bad_answers_change_nothing(app: Flask) -> None:
    world = board_world()
    _made, sheet = _start(world)
    ids = scoring.item_ids(sheet)
    single = next(i for i in ids if i in {q.id for q in world["easy"]})
    not_drawn = next(q.id for q in world["easy"] if q.id not in ids)
    for question_id, chosen in ((single, [0, 1]), (single, [7]), (not_drawn, [0])):
        with pytest.raises(InvalidInput):
            sheets.save_answer(db.session, sheet, question_id, chosen)
    assert sheet.answers == []


def test_a_sheet_closes_when_handed_in_or_when_its_time_is_over(app: Flask) -> None:
    world = board_world()
    made, sheet = _start(world)
    sheets.submit(db.session, sheet)
    assert sheet.closed_at is not None and sheet.submitted
    with pytest.raises(InvalidInput):
        sheets.save_answer(db.session, sheet, scoring.item_ids(sheet)[0], [0])
    other = sheets.start(db.session, world["contest"], made, world["pupils"][1])
    other.ends_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert close_quiz_sheets(app) == 1  # the worker's sweep
    db.session.expire_all()
    assert other.closed_at == other.ends_at and not other.submitted and other.score == 0


def test_the_end_is_the_start_plus_the_length_but_never_after_the_close(app: Flask) -> None:
    world = board_world()
    made = quiz(world["organiser"], world["contest"], world["board"], [("Tin học", 1, 1)], minutes=30)
    now = utcnow().replace(microsecond=0)
    sheet = sheets.start(db.session, world["contest"], made, world["pupils"][0], now=now)
    assert sheet.ends_at == now + timedelta(minutes=30)
    made.closes_at = now + timedelta(minutes=40)
    late = sheets.start(db.session, world["contest"], made, world["pupils"][1], now=now + timedelta(minutes=25))
    assert late.ends_at == made.closes_at


@pytest.mark.parametrize(
    ("chosen", "partial", "earned"),
    [
        ([0, 2], False, 2.0),
        ([0], False, 0.0),
        ([0], True, 1.0),  # one of two right: half
        ([0, 1], True, 0.0),  # one right, one wrong
        ([0, 2, 3], True, 1.0),
        ([], True, 0.0),
    ],
)
def test_a_multiple_answer_question_scores_all_or_nothing_or_in_part(
    app: Flask, chosen: list[int], partial: bool, earned: float
) -> None:
    world = board_world()
    asked = question(world["contest"], correct=(0, 2), multiple=True, points=2)
    assert scoring.question_score(asked, chosen, partial) == earned


def test_a_closed_sheet_is_scored_by_its_test_rule(app: Flask) -> None:
    world = board_world()
    _made, sheet = _start(world, partial=True)
    for question_id in scoring.item_ids(sheet):
        sheets.save_answer(db.session, sheet, question_id, [0])  # right on the easy ones; half the hard one
    sheets.submit(db.session, sheet)
    assert (sheet.score, sheet.max_score) == (2.5, 3)


def test_a_first_answer_and_a_start_sent_several_times_at_once_make_one_row_each(
    app: Flask,
    race: Callable[[Callable[[int], Any]], list[Any]],  # noqa: F811
) -> None:
    world = board_world()
    made = quiz(world["organiser"], world["contest"], world["board"], [("Tin học", 1, 1)])
    contest_id, quiz_id, pupil_id = world["contest"].id, made.id, world["pupils"][0].id
    db.session.commit()

    def start(_i: int) -> int:
        def action() -> int:
            contest, pupil = row_of(Contest, contest_id), row_of(User, pupil_id)
            return sheets.start(db.session, contest, row_of(Quiz, quiz_id), pupil).id

        return _in_own_session(app, action)

    started = race(start)
    won = [r for r in started if isinstance(r, int)]
    assert won and all(isinstance(r, (int, IntegrityError)) for r in started)  # losers: the page says "at once"
    sheet_id = won[0]
    question_id = scoring.item_ids(row_of(Sheet, sheet_id))[0]

    def answer(i: int) -> list[int]:
        def action() -> list[int]:
            return sheets.save_answer(db.session, row_of(Sheet, sheet_id), question_id, [i % 4]).chosen

        return _in_own_session(app, action)

    answered = race(answer)
    assert all(isinstance(r, list) for r in answered), answered
    assert db.session.query(Answer).filter_by(sheet_id=sheet_id).count() == 1


def test_an_answer_from_another_tab_after_the_hand_in_is_refused_and_never_left_unscored(app: Flask) -> None:
    """One tab hands the sheet in while another, which read the sheet open, saves an answer: the answer is refused
    (the sheet is read again, locked, before it is taken), so no answer stands on a sheet that did not score it."""
    world = board_world()
    _made, sheet = _start(world)
    sheet_id, first = sheet.id, scoring.item_ids(sheet)[0]
    db.session.commit()
    stale = db.session.get(Sheet, sheet_id)
    assert stale is not None and stale.closed_at is None  # this tab read the sheet open

    def hand_in() -> None:
        other_tab = db.session.get(Sheet, sheet_id)
        assert other_tab is not None
        sheets.submit(db.session, other_tab)

    _in_own_session(app, hand_in)
    with pytest.raises(InvalidInput, match="Đã hết giờ"):
        sheets.save_answer(db.session, stale, first, [0])
    db.session.rollback()
    assert db.session.query(Answer).filter_by(sheet_id=sheet_id).count() == 0
    closed = db.session.get(Sheet, sheet_id)
    assert closed is not None and closed.submitted and closed.score == 0


def test_a_contest_of_teams_has_no_theory_test(app: Flask) -> None:
    """A sheet is one pupil's, and a board's result takes one sheet per entrant: a team's two members would each
    take the test and the result would count one of them at random. So a contest of teams is refused a test, and
    a test set before the contest turned to teams is not started."""
    world = board_world()
    contest = world["contest"]
    contest.max_team_size = 2
    with pytest.raises(InvalidInput, match="đội"):
        quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 1)])
    assert db.session.query(Quiz).count() == 0
    contest.max_team_size = 1
    made = quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 1)])
    contest.max_team_size = 2
    with pytest.raises(InvalidInput, match="đội"):
        sheets.start(db.session, contest, made, world["pupils"][0])
    assert db.session.query(Sheet).count() == 0
