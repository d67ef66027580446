"""What waits for a user when they log in: per role, the work that is theirs to do, as counts and short lists.

Each part is one SQL statement (aggregated in the database, capped lists), so the landing page makes a fixed number
of statements however many contests, entries, people or proposals there are. The parts a user gets follow their
roles: a person with several roles sees several parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select

from ..extensions import DbSession
from ..models import (
    AccountStatus,
    Assignment,
    Contest,
    ContestKind,
    ContestProblem,
    ContestStatus,
    Entry,
    ProgrammingSettings,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationMember,
    ReopenRecord,
    ReviewSettings,
    Role,
    ScoreSheet,
    SheetStatus,
    Submission,
    SubmissionStatus,
    Unit,
    UnitKind,
    User,
)
from ..timeutil import utcnow
from .contests.contest_kinds import KINDS

CLOSING_SOON_DAYS = 14  # a registration closing within this many days is "closing soon"
LIST_CAP = 20  # the longest list a part shows; the links lead to the full pages
WAITING_FOR_JUDGE = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)


@dataclass(frozen=True)
class ScoringWork:
    """A judge's assigned entries of one contest: how many still lack a submitted sheet; scoring opens when the
    contest's submission window closes."""

    contest_id: int
    title: str
    assigned: int
    to_score: int
    scoring_opens: datetime


@dataclass(frozen=True)
class ClosingRegistration:
    """A contest whose registration closes soon, and how many registrations the coordinator's units have in it."""

    contest_id: int
    title: str
    closes: datetime
    registered: int


@dataclass(frozen=True)
class OrganisedContest:
    """A contest of the organiser's unit and what it waits for."""

    contest_id: int
    title: str
    kind: ContestKind
    status: ContestStatus
    submission_closes: datetime
    waiting_for_judge: int  # programming submissions not judged yet
    sheets_to_submit: int  # assigned entries whose judge has not submitted a sheet
    results_to_publish: bool  # the window has closed and the results are not published


@dataclass(frozen=True)
class EnteredContest:
    """A contest the user is registered for, and whether its submission window is open now."""

    contest_id: int
    title: str
    kind: ContestKind
    submission_opens: datetime
    submission_closes: datetime
    now: datetime

    @property
    def window_open(self) -> bool:
        return self.submission_opens <= self.now < self.submission_closes

    @property
    def window_ahead(self) -> bool:
        return self.now < self.submission_opens


@dataclass(frozen=True)
class OpenContest:
    """A contest whose registration is open to the user, who has not registered yet."""

    contest_id: int
    title: str
    closes: datetime


@dataclass
class Home:
    """The parts of one user's landing page; a part is None when the user's roles do not give it."""

    to_score: list[ScoringWork] | None = None
    entries_to_score: int = 0  # in every contest, also those past the list's cap
    people_to_confirm: int | None = None
    closing_soon: list[ClosingRegistration] | None = None
    proposals_to_review: int | None = None
    oldest_proposal: datetime | None = None
    organised: list[OrganisedContest] | None = None
    entered: list[EnteredContest] | None = None
    open_to_enter: list[OpenContest] = field(default_factory=list)

    @property
    def nothing_to_show(self) -> bool:
        return all(
            part is None
            for part in (
                self.to_score,
                self.people_to_confirm,
                self.closing_soon,
                self.proposals_to_review,
                self.organised,
                self.entered,
            )
        )


def home_for(session: DbSession, user: User, now: datetime | None = None) -> Home:
    """The landing page of ``user`` at ``now`` (naive UTC)."""
    now = now or utcnow()
    home = Home()
    if user.has_role(Role.JUDGE):
        work = scoring_work(session, user)
        home.to_score, home.entries_to_score = work[:LIST_CAP], sum(w.to_score for w in work)
    if user.has_role(Role.COORDINATOR, Role.ADMIN):
        home.people_to_confirm = people_to_confirm(session, user)
    if user.has_role(Role.COORDINATOR):
        home.closing_soon = closing_soon(session, user, now)
    if user.has_role(Role.REVIEWER, Role.ADMIN):
        home.proposals_to_review, home.oldest_proposal = proposals_to_review(session)
    if user.has_role(Role.ORGANISER):
        home.organised = organised_contests(session, user, now)
    if user.has_role(Role.STUDENT, Role.TEACHER):
        home.entered = entered_contests(session, user, now)
        home.open_to_enter = open_to_enter(session, user, now)
    return home


def scoring_work(session: DbSession, judge: User) -> list[ScoringWork]:
    """Per contest, the judge's assigned entries and how many still wait for their submitted sheet (one statement,
    a row per contest of the judge); contests with nothing left are left out. Once a contest's results are
    published, only the sheets the head judge reopened since wait (``score_sheets.closed_by_results``)."""
    own = and_(ScoreSheet.entry_id == Assignment.entry_id, ScoreSheet.judge_id == Assignment.judge_id)
    published = ReviewSettings.results_published_at
    reopened = exists().where(ReopenRecord.sheet_id == ScoreSheet.id, ReopenRecord.created_at >= published)
    waiting = and_(
        or_(ScoreSheet.id.is_(None), ScoreSheet.status != SheetStatus.SUBMITTED), or_(published.is_(None), reopened)
    )
    rows = session.execute(
        select(
            Contest.id,
            Contest.title,
            Contest.submission_closes,
            func.count(Assignment.id),
            func.coalesce(func.sum(case((waiting, 1), else_=0)), 0),
        )
        .select_from(Assignment)
        .join(Contest, Contest.id == Assignment.contest_id)
        .outerjoin(ScoreSheet, own)
        .outerjoin(ReviewSettings, ReviewSettings.contest_id == Contest.id)
        .where(Assignment.judge_id == judge.id)
        .group_by(Contest.id, Contest.title, Contest.submission_closes)
        .order_by(Contest.submission_closes, Contest.id)
    ).all()
    return [
        ScoringWork(cid, title, assigned, int(left), opens) for cid, title, opens, assigned, left in rows if left > 0
    ]


def _coordinated_units(user: User) -> Select[int] | None:
    """The ids of the units whose people ``user`` manages (policies.people.managed_unit_ids, as a subquery so that
    it costs no statement of its own); None when they manage every unit."""
    if user.has_role(Role.ADMIN) or user.unit.kind is UnitKind.DEPARTMENT:
        return None
    return select(Unit.id).where(or_(Unit.id == user.unit_id, Unit.parent_id == user.unit_id))


def people_to_confirm(session: DbSession, user: User) -> int:
    """Accounts that registered themselves and wait for a coordinator of the user's units."""
    query = select(func.count(User.id)).where(User.status == AccountStatus.PENDING, User.company_name.is_(None))
    units = _coordinated_units(user)
    if units is not None:
        query = query.where(User.unit_id.in_(units))
    return session.scalar(query) or 0


def closing_soon(session: DbSession, user: User, now: datetime) -> list[ClosingRegistration]:
    """Contests open for registration that close within ``CLOSING_SOON_DAYS``, soonest first, with the number of
    registrations the coordinator's units already have."""
    units = _coordinated_units(user)
    ours = Registration.contest_id == Contest.id
    if units is not None:
        ours = and_(ours, Registration.unit_id.in_(units))
    rows = session.execute(
        select(Contest.id, Contest.title, Contest.registration_closes, func.count(Registration.id))
        .join(Proposal, Proposal.id == Contest.proposal_id)
        .outerjoin(Registration, ours)
        .where(
            Contest.status == ContestStatus.PUBLISHED,
            Proposal.status == ProposalStatus.APPROVED,
            Contest.registration_opens <= now,
            Contest.registration_closes > now,
            Contest.registration_closes <= now + timedelta(days=CLOSING_SOON_DAYS),
        )
        .group_by(Contest.id, Contest.title, Contest.registration_closes)
        .order_by(Contest.registration_closes, Contest.id)
        .limit(LIST_CAP)
    ).all()
    return [ClosingRegistration(*row) for row in rows]


def proposals_to_review(session: DbSession) -> tuple[int, datetime | None]:
    """How many proposals wait for the Sở's decision, and when the oldest of them was created."""
    count, oldest = session.execute(
        select(func.count(Proposal.id), func.min(Proposal.created_at)).where(
            Proposal.status == ProposalStatus.IN_REVIEW
        )
    ).one()
    return count or 0, oldest


def organised_contests(session: DbSession, user: User, now: datetime) -> list[OrganisedContest]:
    """The contests of the organiser's unit (not archived), latest window first, each with its pending actions,
    counted by correlated subqueries in one statement."""
    waiting = (
        select(func.count(Submission.id))
        .join(ContestProblem, ContestProblem.problem_id == Submission.problem_id)
        .where(ContestProblem.contest_id == Contest.id, Submission.status.in_(WAITING_FOR_JUDGE))
        .correlate(Contest)
        .scalar_subquery()
    )
    sheets = (
        select(func.count(Assignment.id))
        .where(
            Assignment.contest_id == Contest.id,
            ~exists().where(
                ScoreSheet.entry_id == Assignment.entry_id,
                ScoreSheet.judge_id == Assignment.judge_id,
                ScoreSheet.status == SheetStatus.SUBMITTED,
            ),
        )
        .correlate(Contest)
        .scalar_subquery()
    )
    has_entries = exists().where(Entry.contest_id == Contest.id).correlate(Contest)
    rows = session.execute(
        select(
            Contest.id,
            Contest.title,
            Contest.kind,
            Contest.status,
            Contest.submission_closes,
            waiting,
            sheets,
            has_entries,
            ProgrammingSettings.results_published,
            ReviewSettings.results_published_at,
        )
        .outerjoin(ProgrammingSettings, ProgrammingSettings.contest_id == Contest.id)
        .outerjoin(ReviewSettings, ReviewSettings.contest_id == Contest.id)
        .where(Contest.organiser_unit_id == user.unit_id, Contest.status != ContestStatus.ARCHIVED)
        .order_by(Contest.submission_closes.desc(), Contest.id.desc())
        .limit(LIST_CAP)
    ).all()
    result = []
    for cid, title, kind, status, closes, n_waiting, n_sheets, entries, programming_done, review_done in rows:
        if KINDS[kind].programming:
            unpublished = not programming_done or (bool(entries) and review_done is None)
        else:
            unpublished = review_done is None
        to_publish = status is ContestStatus.PUBLISHED and now >= closes and unpublished
        result.append(OrganisedContest(cid, title, kind, status, closes, n_waiting or 0, n_sheets or 0, to_publish))
    return result


def entered_contests(session: DbSession, user: User, now: datetime) -> list[EnteredContest]:
    """The published contests the user is registered for, open windows first, then by the window's end."""
    rows = session.execute(
        select(Contest.id, Contest.title, Contest.kind, Contest.submission_opens, Contest.submission_closes)
        .join(RegistrationMember, RegistrationMember.contest_id == Contest.id)
        .where(RegistrationMember.user_id == user.id, Contest.status == ContestStatus.PUBLISHED)
        .order_by(Contest.submission_closes.desc(), Contest.id.desc())
        .limit(LIST_CAP)
    ).all()
    entered = [EnteredContest(*row, now=now) for row in rows]
    return sorted(entered, key=lambda c: (not c.window_open, not c.window_ahead))


def open_to_enter(session: DbSession, user: User, now: datetime) -> list[OpenContest]:
    """Contests whose registration is open now to the user's role (students, teachers) and that the user has not
    entered, closing soonest first."""
    audience = []
    if user.has_role(Role.STUDENT):
        audience.append(Contest.open_to_students.is_(True))
    if user.has_role(Role.TEACHER):
        audience.append(Contest.open_to_teachers.is_(True))
    entered = exists().where(RegistrationMember.contest_id == Contest.id, RegistrationMember.user_id == user.id)
    rows = session.execute(
        select(Contest.id, Contest.title, Contest.registration_closes)
        .join(Proposal, Proposal.id == Contest.proposal_id)
        .where(
            Contest.status == ContestStatus.PUBLISHED,
            Proposal.status == ProposalStatus.APPROVED,
            Contest.registration_opens <= now,
            Contest.registration_closes > now,
            or_(*audience),
            ~entered,
        )
        .order_by(Contest.registration_closes, Contest.id)
        .limit(LIST_CAP)
    ).all()
    return [OpenContest(*row) for row in rows]
