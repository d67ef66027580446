"""Score sheets: bounds and steps in exact decimals, drafts, submission, locking, reopening by the head judge."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEntry, Criterion, CriterionScore, ReopenRecord, ScoreSheet, SheetStatus
from app.services.errors import InvalidInput, NotAllowed
from app.services.reviews import assignment, rubrics, score_sheets
from app.timeutil import utcnow
from tests.builders import present

from .reviews_helpers import ReviewWorld, review_world


@pytest.fixture
def world(app: Flask) -> ReviewWorld:
    world = review_world(judges=2, entries=2)
    assignment.add(db.session, world.organiser, world.entries[0], world.judges[1].id)
    return world


def typed(world: ReviewWorld, values: list[str], comment: str = "") -> dict:
    return {c.id: (v, comment) for c, v in zip(world.rubric.criteria, values, strict=True)}


def count(model: type[object]) -> int:
    return db.session.scalars(select(func.count()).select_from(model)).one()


def test_draft_then_submit_computes_the_weighted_total(world: ReviewWorld) -> None:
    judge, entry = world.judges[1], world.entries[0]
    world.rubric.criteria[0].weight = Decimal("1.5")
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["20.5", "", "", ""], "Tốt"), "Nháp")
    assert (sheet.status, sheet.total) == (SheetStatus.DRAFT, None)
    assert {s.points for s in sheet.scores} == {Decimal("20.5"), None}
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["20,5", "24", "0", "25"]), "Bài tốt", submit=True)
    assert sheet.status is SheetStatus.SUBMITTED and sheet.submitted_at is not None
    assert sheet.total == Decimal("20.5") * Decimal("1.5") + 24 + 0 + 25 == Decimal("79.75")
    assert sheet.overall_comment == "Bài tốt"
    assert db.session.scalars(select(AuditEntry.action)).all()[-1] == "sheet.submit"


def test_the_weighted_total_is_rounded_half_up_like_the_mean(world: ReviewWorld) -> None:
    """20.25 x 0.5 = 10.125 is stored to the hundredth as a school rounds a mark (10.13), as the entry's mean is,
    not to the even hundredth (10.12), which would put this sheet below one of 10.13 it equals."""
    judge, entry = world.judges[1], world.entries[0]
    world.rubric.criteria[0].step = Decimal("0.25")
    world.rubric.criteria[0].weight = Decimal("0.5")
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["20,25", "0", "0", "0"]), "", submit=True)
    assert sheet.total == Decimal("10.13")
    assert rubrics.max_total(world.rubric) == Decimal("12.5") + 75


def test_nothing_is_scored_while_entries_can_still_change_but_judges_are_assigned(app: Flask) -> None:
    world = review_world(judges=2, entries=1, closed=False)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)  # preparing the panel before the deadline
    assert score_sheets.is_assigned(db.session, judge.id, entry.id)
    for submit in (False, True):
        with pytest.raises(InvalidInput) as refused:
            score_sheets.save(db.session, judge, entry, typed(world, ["10", "10", "10", "10"]), "", submit=submit)
        assert world.contest.submission_closes.strftime("%Y") in str(refused.value.message)
    assert count(ScoreSheet) == 0
    world.contest.submission_closes = utcnow() - timedelta(seconds=1)  # the deadline, by the server's clock
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["10", "10", "10", "10"]), "", submit=True)
    assert sheet.total == 40


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25.5", "điểm phải từ 0 đến 25."),
        ("-0.5", "điểm phải từ 0 đến 25."),
        ("10.25", "điểm phải là bội số của 0,5."),
        ("1.001", "Chỉ dùng tối đa hai chữ số thập phân."),
        ("mười", "“mười” không phải là số."),
        ("NaN", "“NaN” không phải là số."),
    ],
)
def test_bad_scores_are_refused_and_nothing_changes(world: ReviewWorld, value: str, message: str) -> None:
    judge, entry = world.judges[1], world.entries[0]
    score_sheets.save(db.session, judge, entry, typed(world, ["10", "", "", ""]), "first")
    db.session.commit()
    with pytest.raises(InvalidInput) as error:
        score_sheets.save(db.session, judge, entry, typed(world, ["12", value, "", ""]), "second")
    text = str(error.value.message)
    assert text == f"{world.rubric.criteria[1].name}: {message}"
    db.session.rollback()
    sheet = present(score_sheets.sheet_of(db.session, judge.id, entry.id))
    assert sheet.overall_comment == "first" and {s.points for s in sheet.scores} == {Decimal(10), None}


def test_the_step_grid_is_exact(world: ReviewWorld) -> None:
    criterion = world.rubric.criteria[0]
    criterion.step = Decimal("0.25")
    sheet = score_sheets.save(db.session, world.judges[1], world.entries[0], typed(world, ["0.75", "", "", ""]), "")
    assert sheet.scores[0].points == Decimal("0.75")
    with pytest.raises(InvalidInput):
        score_sheets.save(db.session, world.judges[1], world.entries[0], typed(world, ["0.3", "", "", ""]), "")


def test_submitting_needs_every_criterion(world: ReviewWorld) -> None:
    with pytest.raises(InvalidInput) as error:
        score_sheets.save(
            db.session, world.judges[1], world.entries[0], typed(world, ["1", "2", "", "4"]), "", submit=True
        )
    missing = world.rubric.criteria[2].name
    assert f"Hãy chấm đủ mọi tiêu chí trước khi nộp. Còn thiếu: {missing}." in str(error.value.message)
    assert count(ScoreSheet) == 0


def test_a_submitted_sheet_is_locked_and_cannot_be_submitted_twice(world: ReviewWorld) -> None:
    judge, entry = world.judges[1], world.entries[0]
    score_sheets.save(db.session, judge, entry, typed(world, ["1", "2", "3", "4"]), "ok", submit=True)
    db.session.commit()
    for submit in (True, False):
        with pytest.raises(InvalidInput) as error:
            score_sheets.save(db.session, judge, entry, typed(world, ["5", "5", "5", "5"]), "changed", submit=submit)
        assert "Phiếu chấm này đã nộp và đã khoá." in str(error.value.message)
    db.session.rollback()
    sheet = present(score_sheets.sheet_of(db.session, judge.id, entry.id))
    assert sheet.total == Decimal(10) and sheet.overall_comment == "ok"
    assert count(AuditEntry) and db.session.scalars(select(AuditEntry.action)).all().count("sheet.submit") == 1


def test_only_assigned_judges_score(world: ReviewWorld) -> None:
    with pytest.raises(NotAllowed):  # on the panel, but not assigned to this entry
        score_sheets.save(db.session, world.judges[0], world.entries[0], typed(world, ["1", "", "", ""]), "")
    with pytest.raises(NotAllowed):  # assigned elsewhere
        score_sheets.save(db.session, world.judges[1], world.entries[1], typed(world, ["1", "", "", ""]), "")
    assert count(ScoreSheet) == 0


def test_unknown_criteria_and_missing_rubric_are_refused(world: ReviewWorld) -> None:
    with pytest.raises(InvalidInput):
        score_sheets.save(db.session, world.judges[1], world.entries[0], {999999: ("1", "")}, "")
    for criterion in list(world.rubric.criteria):
        rubrics.remove_criterion(db.session, world.organiser, criterion)
    with pytest.raises(InvalidInput) as error:
        score_sheets.save(db.session, world.judges[1], world.entries[0], {}, "")
    assert str(error.value.message) == "Ban tổ chức chưa thiết lập tiêu chí chấm cho bài này."


def test_comments_are_bounded(world: ReviewWorld) -> None:
    with pytest.raises(InvalidInput):
        score_sheets.save(db.session, world.judges[1], world.entries[0], typed(world, ["1", "", "", ""]), "x" * 5001)


def test_the_head_judge_reopens_with_a_reason(world: ReviewWorld) -> None:
    head, judge, entry = world.judges[0], world.judges[1], world.entries[0]
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["1", "2", "3", "4"]), "", submit=True)
    with pytest.raises(NotAllowed):  # a judge who is not the head
        score_sheets.reopen(db.session, judge, sheet, "I want to change it")
    with pytest.raises(NotAllowed):  # even the organiser
        score_sheets.reopen(db.session, world.organiser, sheet, "please")
    with pytest.raises(InvalidInput):
        score_sheets.reopen(db.session, head, sheet, "  ")
    assert (sheet.status, count(ReopenRecord)) == (SheetStatus.SUBMITTED, 0)
    score_sheets.reopen(db.session, head, sheet, "Chấm nhầm tiêu chí 2")
    assert sheet.status is SheetStatus.DRAFT and sheet.total is None
    record = score_sheets.reopenings(db.session, sheet)[0]
    assert record.reason == "Chấm nhầm tiêu chí 2" and record.reopened_by_id == head.id
    logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "sheet.reopen")).one()
    assert logged.actor_id == head.id and logged.reason == "Chấm nhầm tiêu chí 2"
    with pytest.raises(InvalidInput):  # a draft is not reopened
        score_sheets.reopen(db.session, head, sheet, "again")
    sheet = score_sheets.save(db.session, judge, entry, typed(world, ["5", "2", "3", "4"]), "", submit=True)
    assert sheet.total == Decimal(14)


def test_removing_a_criterion_removes_its_draft_scores(world: ReviewWorld) -> None:
    score_sheets.save(db.session, world.judges[1], world.entries[0], typed(world, ["1", "2", "", ""]), "")
    rubrics.remove_criterion(db.session, world.organiser, world.rubric.criteria[0])
    db.session.flush()
    assert count(Criterion) == 3 and count(CriterionScore) == 3


def test_the_queue_lists_assigned_entries_with_their_state(world: ReviewWorld) -> None:
    judge = world.judges[1]
    assignment.add(db.session, world.organiser, world.entries[1], judge.id)
    score_sheets.save(db.session, judge, world.entries[0], typed(world, ["1", "2", "3", "4"]), "", submit=True)
    items = {item.entry.id: item.status for item in score_sheets.queue(db.session, judge)}
    assert items == {world.entries[0].id: SheetStatus.SUBMITTED, world.entries[1].id: None}
    assert score_sheets.queue(db.session, world.judges[0]) == []
