"""Contests: creating them, listing them, and whether (and why not) registration is open."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...extensions import DbSession
from ...models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Proposal,
    ProposalStatus,
    Role,
    User,
)
from ...policies.contests import is_staff, may_organise
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..proposals import refused_attempts, workflow
from ..proposals.screening import PartyKind
from ..records import audit
from . import contest_changes, grade_rules, teams


class RegistrationState(enum.StrEnum):
    OPEN = "open"
    DRAFT = "draft"
    PROPOSAL_NOT_APPROVED = "proposal_not_approved"
    NOT_YET = "not_yet"
    CLOSED = "closed"


STATE_MESSAGES = {
    RegistrationState.OPEN: _l("Registration is open."),
    RegistrationState.DRAFT: _l("This contest has not been published yet."),
    RegistrationState.PROPOSAL_NOT_APPROVED: _l(
        "Registration is not open: the contest's proposal has not been approved by the Department yet."
    ),
    RegistrationState.NOT_YET: _l("Registration has not opened yet."),
    RegistrationState.CLOSED: _l("Registration has closed."),
}


def registration_state(contest: Contest, now: datetime | None = None) -> RegistrationState:
    """Whether registration is open at ``now`` (server time, UTC), and if not, the first reason why."""
    now = now or utcnow()
    if contest.status is not ContestStatus.PUBLISHED:
        return RegistrationState.DRAFT
    if contest.proposal is None or not contest.proposal.approved:
        return RegistrationState.PROPOSAL_NOT_APPROVED
    if now < contest.registration_opens:
        return RegistrationState.NOT_YET
    if now >= contest.registration_closes:
        return RegistrationState.CLOSED
    return RegistrationState.OPEN


def require_registration_open(session: DbSession, actor: User, contest: Contest) -> None:
    """Raise InvalidInput with the first reason why registration is not open; ``actor``'s attempt on a contest whose
    proposal the Sở has not approved is kept for the Sở's reviewers (``proposals.refused_attempts``)."""
    state = registration_state(contest)
    if state is RegistrationState.PROPOSAL_NOT_APPROVED:
        refused_attempts.note_unapproved(session, actor, contest, _l("Registration"))
    if state is not RegistrationState.OPEN:
        raise InvalidInput(STATE_MESSAGES[state])


CATEGORY_CODE_LENGTH = 10
CATEGORY_NAME_LENGTH = 120


@dataclass(frozen=True)
class CategoryLine:
    """A category as the organiser writes it, one a line: ``code | name | grades`` (``B | Bảng B – THCS | 6-9``);
    ``grades`` empty for a category that takes everyone the contest takes (``grade_rules.parse``)."""

    code: str
    name: str
    grades: str = ""


@dataclass
class ContestDetails:
    """What an organiser sets on a contest; the four times are naive UTC."""

    title: str
    kind: ContestKind
    round: ContestRound
    school_year: str
    registration_opens: datetime
    registration_closes: datetime
    submission_opens: datetime
    submission_closes: datetime
    description: str = ""
    max_team_size: int = 1
    allows_supervisor: bool = False
    open_to_students: bool = True
    open_to_teachers: bool = False
    categories: list[CategoryLine] = field(default_factory=list)


def _check(details: ContestDetails) -> None:
    if not details.title.strip():
        raise InvalidInput(_l("The title is required."), "title")
    if details.registration_opens >= details.registration_closes:
        raise InvalidInput(_l("Registration must open before it closes."), "registration_closes")
    if details.submission_opens >= details.submission_closes:
        raise InvalidInput(_l("Submission must open before it closes."), "submission_closes")
    if not 1 <= details.max_team_size <= 10:
        raise InvalidInput(_l("A team has between 1 and 10 people."), "max_team_size")
    years = re.fullmatch(r"(\d{4})-(\d{4})", details.school_year, re.ASCII)
    if years is None or int(years[2]) != int(years[1]) + 1:
        raise InvalidInput(_l("Write the school year as two years in a row, such as 2026-2027."), "school_year")
    _check_categories(details.categories)


def _check_categories(categories: list[CategoryLine]) -> None:
    for line in categories:
        code, name = line.code, line.name
        if not code:
            raise InvalidInput(
                _l("Each category line begins with its code, then | and its name: “%(name)s” has no code.", name=name),
                "categories",
            )
        if len(code) > CATEGORY_CODE_LENGTH or len(name) > CATEGORY_NAME_LENGTH:
            raise InvalidInput(
                _l(
                    "The category %(code)s is too long: a code has at most %(code_length)d characters, a name at most "
                    "%(name_length)d.",
                    code=code,
                    code_length=CATEGORY_CODE_LENGTH,
                    name_length=CATEGORY_NAME_LENGTH,
                ),
                "categories",
            )
        grade_rules.parse(line.grades, code)
    codes = [c.code for c in categories]
    if len(codes) != len(set(codes)):
        raise InvalidInput(_l("Two categories have the same code."), "categories")


def create_contest(session: DbSession, actor: User, details: ContestDetails) -> Contest:
    """A new contest organised by ``actor``'s unit, published, with its proposal submitted and screened (the
    reviewers are mailed about a flagged one)."""
    if not may_organise(actor):
        raise NotAllowed()
    _check(details)
    # The contest's proposal, submitted at once: screening approves an education unit's plain contest and
    # sends one that names a brand to the Sở (Section 8).
    unit = {"name": actor.unit.name, "kind": PartyKind.EDUCATION_UNIT.value}
    content = {
        "title": details.title.strip(),
        "summary": details.description,
        "proposer": unit,
        "organisers": [unit],
        "categories": [c.name.strip() for c in details.categories if c.code.strip()],
    }
    proposal = workflow.create_draft(session, actor, content, None, None)
    contest = Contest(
        title=details.title.strip(),
        description=details.description,
        kind=details.kind,
        round=details.round,
        school_year=details.school_year,
        status=ContestStatus.PUBLISHED,
        organiser_unit_id=actor.unit_id,
        proposal=proposal,
        registration_opens=details.registration_opens,
        registration_closes=details.registration_closes,
        submission_opens=details.submission_opens,
        submission_closes=details.submission_closes,
        max_team_size=details.max_team_size,
        allows_supervisor=details.allows_supervisor,
        open_to_students=details.open_to_students,
        open_to_teachers=details.open_to_teachers,
        created_by_id=actor.id,
        categories=[new_category(c) for c in details.categories if c.code.strip()],
    )
    session.add(contest)
    session.flush()
    audit.record(session, "contest.create", actor_id=actor.id, object_type="contest", object_id=contest.id)
    workflow.submit(session, actor, proposal)
    return contest


def update_contest(session: DbSession, actor: User, contest: Contest, details: ContestDetails) -> None:
    """Change a contest's settings; nothing changes when the change is refused (InvalidInput): its kind once it has
    work, a programming contest's submission window once it has submissions, a removed category something refers to
    (``contest_changes``), grades for a category that someone registered in it is not of (``grade_rules``). A
    category left out of ``details`` is removed. A changed title, description or category name goes through
    screening again (``workflow.contest_text_changed``): while its proposal is not approved again, registration is
    closed."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    details = _as_stored_when_unchanged(contest, details)
    _check(details)
    teams.check_size_change(session, contest, details.kind, details.max_team_size)
    contest_changes.check_kind_change(session, contest, details.kind)
    contest_changes.check_window_change(session, contest, details.submission_opens, details.submission_closes)
    by_code = {c.code: c for c in contest.categories}
    for line in details.categories:
        if (kept := by_code.get(line.code)) is not None:
            grade_rules.check_change(session, kept, grade_rules.parse(line.grades, line.code))
    categories_before = [category.name for category in contest.categories]
    for category in contest_changes.removed_categories(session, contest, (c.code for c in details.categories)):
        contest.categories.remove(category)
    for name in (
        "title",
        "description",
        "kind",
        "round",
        "school_year",
        "registration_opens",
        "registration_closes",
        "submission_opens",
        "submission_closes",
        "max_team_size",
        "allows_supervisor",
        "open_to_students",
        "open_to_teachers",
    ):
        setattr(contest, name, getattr(details, name))
    contest.title = details.title.strip()
    for line in details.categories:
        if (kept := by_code.get(line.code)) is None:
            contest.categories.append(new_category(line))
            continue
        grades = grade_rules.parse(line.grades, line.code)
        kept.name = line.name
        kept.grades_from, kept.grades_to = (grades.low, grades.high) if grades else (None, None)
    audit.record(session, "contest.update", actor_id=actor.id, object_type="contest", object_id=contest.id)
    # A changed title, description or category name is screened again.
    workflow.contest_text_changed(session, actor, contest, categories_before)


def category_line(category: Category) -> str:
    """``category`` as the organiser writes it (``CategoryLine``): ``code | name``, then ``| grades`` if it has some."""
    grades = grade_rules.of(category)
    return " | ".join([category.code, category.name, *([str(grades)] if grades else [])])


def new_category(line: CategoryLine) -> Category:
    """A new category as ``line`` describes it (its grades read by ``grade_rules.parse``)."""
    grades = grade_rules.parse(line.grades, line.code)
    return Category(
        code=line.code.strip(),
        name=line.name.strip(),
        grades_from=grades.low if grades else None,
        grades_to=grades.high if grades else None,
    )


_TIMES = ("registration_opens", "registration_closes", "submission_opens", "submission_closes")


def _as_stored_when_unchanged(contest: Contest, details: ContestDetails) -> ContestDetails:
    """``details`` with each time the form gave back as it showed it (to the minute) replaced by the stored one, to
    the second: an edit of the title moves no time, and a running contest's window is not taken for moved."""
    same = {
        name: getattr(contest, name)
        for name in _TIMES
        if getattr(details, name) == getattr(contest, name).replace(second=0, microsecond=0)
    }
    return replace(details, **same)


def public_contests(
    session: DbSession,
    kind: ContestKind | None = None,
    viewer: User | None = None,
    *,
    page: int = 1,
    per_page: int = 30,
) -> tuple[list[Contest], bool]:
    """One page of published contests, newest registration first, and whether there is a next page. A contest
    whose proposal is not approved (flagged and waiting for the Sở, sent back, rejected) is listed only to those
    who deal with it: the Sở's reviewers, administrators and the organisers of its unit (Section 8: a contest
    that may advertise a company is not shown to everyone before the Sở has reviewed it).

    Categories, organising units and proposals are loaded in a fixed number of queries, whatever the count.
    """
    query = (
        select(Contest)
        .where(Contest.status == ContestStatus.PUBLISHED)
        .order_by(Contest.registration_opens.desc(), Contest.id.desc())
    )
    if viewer is None or not viewer.has_role(Role.REVIEWER, Role.ADMIN):
        approved = Contest.proposal.has(Proposal.status == ProposalStatus.APPROVED)
        if viewer is not None and viewer.has_role(Role.ORGANISER) and viewer.unit_id is not None:
            approved = or_(approved, Contest.organiser_unit_id == viewer.unit_id)
        query = query.where(approved)
    if kind is not None:
        query = query.where(Contest.kind == kind)
    rows = list(session.scalars(query.offset((max(page, 1) - 1) * per_page).limit(per_page + 1)).unique())
    return rows[:per_page], len(rows) > per_page
