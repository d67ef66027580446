"""Rubrics: organisers define criteria per contest or category; templates; locked once a sheet is submitted."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, AuditEntry, Criterion, Role
from app.services.errors import InvalidInput, NotAllowed
from app.services.reviews import rubrics, score_sheets
from app.services.reviews.rubrics import CriterionSpec
from tests.builders import present

from ..factories import CategoryFactory, EntryFactory, UserFactory
from .reviews_helpers import ReviewWorld, review_world


def spec(**changes: Any) -> CriterionSpec:
    return replace(CriterionSpec(name="Sáng tạo", max_points=Decimal(10), step=Decimal("0.5")), **changes)


def submit_one(world: ReviewWorld) -> None:
    entry, judge = world.entries[0], world.judges[0]
    db.session.add(Assignment(contest_id=world.contest.id, entry_id=entry.id, judge_id=judge.id))
    db.session.flush()
    typed = {c.id: ("10", "") for c in score_sheets.scoring_rubric(db.session, entry).criteria}
    score_sheets.save(db.session, judge, entry, typed, "", submit=True)


def test_add_edit_reorder_and_remove_criteria(app: Flask) -> None:
    world = review_world()
    added = rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(tie_break=1))
    assert [c.name for c in world.rubric.criteria][-1] == "Sáng tạo" and added.position == 4
    rubrics.update_criterion(db.session, world.organiser, added, spec(name="Tính mới", weight=Decimal("1.5")))
    assert added.name == "Tính mới" and added.weight == Decimal("1.5")
    rubrics.move_criterion(db.session, world.organiser, added, -1)
    assert [c.position for c in sorted(world.rubric.criteria, key=lambda c: c.position)] == [0, 1, 2, 3, 4]
    assert added.position == 3
    rubrics.move_criterion(db.session, world.organiser, world.rubric.criteria[0], -1)  # at the top it stays
    rubrics.remove_criterion(db.session, world.organiser, added)
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 4
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "rubric.criterion_add" in actions and "rubric.criterion_remove" in actions


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"max_points": Decimal(0)}, "max_points"),
        ({"max_points": Decimal(5000)}, "max_points"),
        ({"step": Decimal(0)}, "step"),
        ({"step": Decimal(20)}, "step"),
        ({"max_points": Decimal(10), "step": Decimal(3)}, "step"),
        ({"weight": Decimal(0)}, "weight"),
        ({"tie_break": 0}, "tie_break"),
    ],
)
def test_bad_criteria_are_refused(app: Flask, changes: dict[str, object], field: str) -> None:
    world = review_world()
    with pytest.raises(InvalidInput) as error:
        rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(**changes))
    assert error.value.field == field
    assert len(world.rubric.criteria) == 4


def test_a_rubric_whose_highest_total_reaches_the_columns_limit_is_refused(app: Flask) -> None:
    world = review_world()  # four criteria of 25 points: a highest total of 100
    big = {"name": "Lớn", "max_points": Decimal(1000), "step": Decimal(1)}
    with pytest.raises(InvalidInput) as refused:  # 100 + 1000 × 99.9 = 100,000: no longer fits Numeric(7, 2)
        rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(**big, weight=Decimal("99.9")))
    assert refused.value.field == "weight" and "100000" in str(refused.value.message)
    assert len(world.rubric.criteria) == 4
    added = rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(**big, weight=Decimal("99.8")))
    assert rubrics.max_total(world.rubric) == Decimal("99900")
    with pytest.raises(InvalidInput):
        rubrics.update_criterion(db.session, world.organiser, added, spec(**big, weight=Decimal("99.9")))
    assert added.weight == Decimal("99.8") and rubrics.max_total(world.rubric) < rubrics.LIMIT
    rubrics.update_criterion(db.session, world.organiser, added, spec(**big, weight=Decimal("99.85")))


def test_two_criteria_may_not_share_a_tie_break_order(app: Flask) -> None:
    world = review_world()
    rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(tie_break=1))
    with pytest.raises(InvalidInput):
        rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec(name="B", tie_break=1))


@pytest.mark.parametrize(
    ("raw", "expected"), [("2,5", Decimal("2.50")), (" 10 ", Decimal("10.00")), (Decimal("0.25"), Decimal("0.25"))]
)
def test_parse_decimal(raw: str | Decimal, expected: Decimal) -> None:
    assert rubrics.parse_decimal(raw, "x") == expected


@pytest.mark.parametrize("raw", ["abc", "NaN", "Infinity", "1.005", "1e400000", "-1e400000", "100000"])
def test_parse_decimal_refuses(app: Flask, raw: str) -> None:
    with pytest.raises(InvalidInput):
        rubrics.parse_decimal(raw, "x")


def test_only_the_contest_organisers_manage_rubrics(app: Flask) -> None:
    world = review_world()
    for user in (
        UserFactory(roles={Role.ORGANISER}),  # an organiser of another unit
        UserFactory(unit=world.department, roles={Role.JUDGE}),
        world.judges[0],
    ):
        with pytest.raises(NotAllowed):
            rubrics.add_criterion(db.session, user, world.contest, None, spec())
    admin = UserFactory(roles={Role.ADMIN})
    rubrics.add_criterion(db.session, admin, world.contest, None, spec())


def test_templates_in_vietnamese_replace_the_criteria(app: Flask) -> None:
    world = review_world()
    rubric = rubrics.apply_template(db.session, world.organiser, world.contest, None, "creativity")
    assert [c.name for c in rubric.criteria] == [
        "Tính mới và tính sáng tạo",
        "Vật liệu và sử dụng năng lượng",
        "Tính hiệu quả và khả năng ứng dụng",
        "Tính thẩm mỹ, tự động hoá và thông minh",
    ]
    assert rubrics.max_total(rubric) == Decimal(100)
    rubric = rubrics.apply_template(db.session, world.organiser, world.contest, None, "elearning")
    assert rubric.criteria[0].name == "Nội dung" and all(c.guidance for c in rubric.criteria)
    with pytest.raises(InvalidInput):
        rubrics.apply_template(db.session, world.organiser, world.contest, None, "nope")


def test_a_category_rubric_overrides_the_contests(app: Flask) -> None:
    world = review_world()
    category = CategoryFactory(contest=world.contest, code="THCS")
    entry = EntryFactory(contest=world.contest, unit=world.school, category=category)
    assert rubrics.rubric_for_entry(db.session, entry) is world.rubric
    rubrics.add_criterion(db.session, world.organiser, world.contest, category.id, spec())
    own = present(rubrics.rubric_for_entry(db.session, entry))
    assert own is not world.rubric and [c.name for c in own.criteria] == ["Sáng tạo"]
    assert rubrics.rubric_for_entry(db.session, world.entries[0]) is world.rubric
    other = CategoryFactory()  # of another contest
    with pytest.raises(InvalidInput):
        rubrics.add_criterion(db.session, world.organiser, world.contest, other.id, spec())


def test_a_submitted_sheet_locks_the_rubric(app: Flask) -> None:
    world = review_world()
    submit_one(world)
    criterion = world.rubric.criteria[0]
    for change in (
        lambda: rubrics.add_criterion(db.session, world.organiser, world.contest, None, spec()),
        lambda: rubrics.update_criterion(db.session, world.organiser, criterion, spec()),
        lambda: rubrics.remove_criterion(db.session, world.organiser, criterion),
        lambda: rubrics.move_criterion(db.session, world.organiser, criterion, 1),
        lambda: rubrics.apply_template(db.session, world.organiser, world.contest, None, "elearning"),
    ):
        with pytest.raises(InvalidInput) as error:
            change()
        assert str(error.value.message) == "Giám khảo đã nộp phiếu chấm theo bộ tiêu chí này: không thể thay đổi nữa."
    assert criterion.name == "Nội dung" and len(world.rubric.criteria) == 4


def test_a_category_of_its_own_is_locked_by_its_entries_sheets_only(app: Flask) -> None:
    world = review_world()
    category = CategoryFactory(contest=world.contest, code="THPT")
    rubrics.add_criterion(db.session, world.organiser, world.contest, category.id, spec())
    submit_one(world)  # an entry without category: the contest's rubric
    assert rubrics.is_locked(db.session, world.contest, None)
    assert not rubrics.is_locked(db.session, world.contest, category.id)
