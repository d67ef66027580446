"""Shared builders for the review tests: a contest with its organiser, a rubric, a panel and entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from app.extensions import db
from app.models import Contest, ContestKind, Entry, PanelMember, Role, Rubric, Unit, User
from app.timeutil import utcnow

from ..factories import (
    ContestFactory,
    DepartmentFactory,
    DistrictFactory,
    EntryFactory,
    PanelMemberFactory,
    RubricFactory,
    SchoolFactory,
    UserFactory,
)


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


def close_submissions(contest: Contest) -> None:
    """Put the contest's submission window in the past: judges score, and results are published, only once entries
    can no longer change."""
    contest.submission_opens = utcnow() - timedelta(days=2)
    contest.submission_closes = utcnow() - timedelta(minutes=1)


def review_world(judges: int = 2, entries: int = 1, *, closed: bool = True) -> ReviewWorld:
    """An e-Learning contest of the Sở with the standard four-criterion rubric (25 points each, step 0.5), a panel
    of ``judges`` judges working at the Sở (the first is the head judge) and ``entries`` entries of a school; its
    submission window has ``closed`` (see ``close_submissions``) unless told otherwise."""
    department = DepartmentFactory()
    office = DistrictFactory(parent=department)
    school = SchoolFactory(parent=office)
    other_school = SchoolFactory(parent=DistrictFactory(parent=department))
    contest = ContestFactory(organiser_unit=department, kind=ContestKind.ELEARNING, open_to_teachers=True)
    organiser = UserFactory(username="org", unit=department, roles={Role.ORGANISER})
    world = ReviewWorld(
        department=department,
        office=office,
        school=school,
        other_school=other_school,
        contest=contest,
        organiser=organiser,
        rubric=RubricFactory(contest=contest),
    )
    for i in range(judges):
        judge = UserFactory(username=f"judge{i}", unit=department, roles={Role.JUDGE}, full_name=f"Giám khảo {i}")
        world.judges.append(judge)
        world.members.append(PanelMemberFactory(contest=contest, user=judge, is_head=i == 0))
    for _i in range(entries):
        world.entries.append(EntryFactory(contest=contest, unit=school))
    if closed:
        close_submissions(contest)
    db.session.flush()
    return world
