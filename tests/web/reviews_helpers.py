"""Shared builders for the review tests: a contest with its organiser, a rubric, a panel and entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extensions import db
from app.models import Contest, ContestKind, Entry, PanelMember, Role, Rubric, Unit, User

from .. import builders
from ..factories import EntryFactory, RubricFactory


@dataclass
class ReviewWorld:
    department: Unit
    office: Unit
    school: Unit  # under ``office``
    other_school: Unit  # under another office
    contest: Contest
    organiser: User
    rubric: Rubric
    judges: list[User] = field(default_factory=list)
    members: list[PanelMember] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


def review_world(judges: int = 2, entries: int = 1, *, closed: bool = True) -> ReviewWorld:
    """An e-Learning contest of the Sở with the standard four-criterion rubric (25 points each, step 0.5), a panel
    of ``judges`` judges working at the Sở (the first is the head judge) and ``entries`` entries of a school; its
    submission window has ``closed`` (see ``close_submissions``) unless told otherwise."""
    units = builders.unit_tree()
    other_school = builders.unit_tree(units.department).school
    elearning = builders.contest(ContestKind.ELEARNING, units.department, open_to_teachers=True)
    organiser = builders.person("org", units.department, Role.ORGANISER)
    rubric = RubricFactory(contest=elearning)
    members = builders.panel(elearning, judges)
    world = ReviewWorld(
        department=units.department,
        office=units.office,
        school=units.school,
        other_school=other_school,
        contest=elearning,
        organiser=organiser,
        rubric=rubric,
        judges=[m.user for m in members],
        members=members,
        entries=[EntryFactory(contest=elearning, unit=units.school) for _ in range(entries)],
    )
    if closed:
        builders.close_submissions(elearning)
    db.session.flush()
    return world
