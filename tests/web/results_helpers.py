"""Building judged contests for the results tests: a contest with a category and the e-Learning-shaped rubric
(four criteria of 25 points: a maximum total of 100), judges, and submitted sheets written directly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.extensions import db
from app.models import (
    Assignment,
    AssignmentOrigin,
    Category,
    Contest,
    ContestKind,
    CriterionScore,
    Entry,
    Role,
    Rubric,
    ScoreSheet,
    SheetStatus,
    User,
)
from app.timeutil import utcnow

from .. import builders
from ..factories import DepartmentFactory, EntryFactory, PanelMemberFactory, RubricFactory


@dataclass
class Judged:
    contest: Contest
    category: Category
    rubric: Rubric
    organiser: User


def judged_contest(tie_break: list[int | None] | None = None) -> Judged:
    """A published e-Learning contest of the Sở, its submission window closed, with one category and its rubric;
    ``tie_break`` sets the criteria's tie-break order."""
    department = DepartmentFactory()
    judged = builders.contest(ContestKind.ELEARNING, department, closed=True, open_to_teachers=True)
    category = builders.categories(judged, GV="Giáo viên THCS")["GV"]
    rubric = RubricFactory(contest=judged, category=category)
    for criterion, order in zip(rubric.criteria, tie_break or [], strict=False):
        criterion.tie_break = order
    organiser = builders.person(None, department, Role.ORGANISER)
    db.session.flush()
    return Judged(judged, category, rubric, organiser)


def judge_of(contest: Contest, head: bool = False, **user: object) -> User:
    """A judge on the contest's panel (``user`` sets fields of their account), by default from the organising unit
    (so never in conflict with a school's entry)."""
    fields = {"unit": contest.organiser_unit, **user}
    return PanelMemberFactory(contest=contest, is_head=head, **{f"user__{k}": v for k, v in fields.items()}).user


def entry_of(world: Judged, **fields: object) -> Entry:
    return EntryFactory(contest=world.contest, category=world.category, **fields)


def assign(entry: Entry, judge: User, origin: AssignmentOrigin = AssignmentOrigin.AUTOMATIC) -> Assignment:
    row = Assignment(contest_id=entry.contest_id, entry_id=entry.id, judge_id=judge.id, origin=origin)
    db.session.add(row)
    db.session.flush()
    return row


def sheet(
    entry: Entry, judge: User, points: list[str], *, assigned: bool = True, comment: str = "", submitted: bool = True
) -> ScoreSheet:
    """``judge``'s sheet for ``entry`` with one score per criterion in order (weights are 1), assigned first."""
    if assigned:
        assign(entry, judge)
    rubric = db.session.query(Rubric).filter_by(contest_id=entry.contest_id).first()
    assert rubric is not None
    values = [Decimal(p) for p in points]
    row = ScoreSheet(
        contest_id=entry.contest_id,
        entry_id=entry.id,
        judge_id=judge.id,
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
        total=sum(v * c.weight for v, c in zip(values, rubric.criteria, strict=True)) if submitted else None,
        submitted_at=utcnow() if submitted else None,
        overall_comment=comment,
        scores=[
            CriterionScore(criterion_id=c.id, points=v, comment=f"Nhận xét {c.name}")
            for v, c in zip(values, rubric.criteria, strict=True)
        ],
    )
    db.session.add(row)
    db.session.flush()
    return row


def scored_entry(world: Judged, judges: list[User], totals: list[list[str]], **fields: object) -> Entry:
    """An entry with one submitted sheet per judge."""
    entry = entry_of(world, **fields)
    for judge, points in zip(judges, totals, strict=True):
        sheet(entry, judge, points)
    return entry


def flat(total: int | str) -> list[str]:
    """Four equal criterion scores adding up to ``total`` (a multiple of 2)."""
    quarter = Decimal(total) / 4
    return [str(quarter)] * 4
