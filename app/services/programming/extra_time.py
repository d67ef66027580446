"""Extra time for some entrants of a programming contest: a power cut or a broken machine at one school costs its
contestants minutes that the organisers give back, to one registration or to every registration of a unit.

An entrant's window then closes ``Registration.extra_minutes`` after the contest's closing time, whatever that
closing is: the extension is an amount, so moving the contest's closing moves every extension with it.
Submitting, test runs, the problem list and the scoreboard all use ``closes_for`` or ``counted_window``, so a
submission made in the extra minutes counts exactly as one made before the contest's end. The opening stays the
contest's. Every grant is in the audit log (``programming.extra_time``).

The minutes were lost during the contest, so an entrant's contest time (``contest_minutes``, what ICPC penalty
counts) is not the wall clock's: an AC in the extra minutes was made that many minutes of working time earlier.
When in the contest they were lost is not recorded, so they are taken as the last ones before the contest's
closing: an entrant's clock stands still for ``extra`` minutes from ``closing - extra`` and runs again at the
closing. That is exact for everything sent in the extra time, never charges an entrant more minutes than they had
at any moment, and an entrant given no extra time keeps the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, DateTime, and_, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ...extensions import DbSession
from ...input_checks import id_in
from ...models import Contest, ContestProblem, Registration, RegistrationMember, Submission, User
from ...timeutil import format_datetime
from ...vnsort import sort_key, title_key
from ..errors import InvalidInput
from ..records import audit
from .judging_settings import settings_for

MAX_EXTRA_MINUTES = 24 * 60
NAMED_AT_MOST = 20
"""Submissions named in a refusal to take extra time back; the rest are counted."""


def ends_at(contest: Contest, extra_minutes: int | None) -> datetime:
    """When the window of an entrant given ``extra_minutes`` (None or 0: none) closes: that long after the contest's
    closing as it is now."""
    return contest.submission_closes + timedelta(minutes=max(extra_minutes or 0, 0))


def closes_for(contest: Contest, registration: Registration | None) -> datetime:
    """When the holder of ``registration`` (None: staff or someone not registered) may no longer submit: the
    contest's closing, and their extra minutes after it."""
    return ends_at(contest, registration.extra_minutes if registration is not None else None)


def contest_minutes(contest: Contest, extra_minutes: int | None, at: datetime) -> int:
    """The whole minutes of contest time that an entrant given ``extra_minutes`` (None: none) had used at ``at``:
    from the opening, the extra minutes taken out as the module says."""
    elapsed = at - contest.submission_opens
    extra = timedelta(minutes=max(extra_minutes or 0, 0))
    if extra > timedelta(0):
        length = contest.submission_closes - contest.submission_opens
        elapsed = max(min(elapsed, length - extra), elapsed - extra, timedelta(0))
    return int(elapsed.total_seconds() // 60)


class _MinutesAfter(FunctionElement[datetime]):
    """SQL: the moment a number of minutes after a moment (NULL when the minutes are), as each database adds them."""

    type = DateTime()
    name = "minutes_after"
    inherit_cache = True


@compiles(_MinutesAfter)
def _minutes_after_postgresql(element: _MinutesAfter, compiler: SQLCompiler, **kw: Any) -> str:
    moment, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} + make_interval(mins => {minutes}))"


@compiles(_MinutesAfter, "sqlite")
def _minutes_after_sqlite(element: _MinutesAfter, compiler: SQLCompiler, **kw: Any) -> str:
    # the text SQLAlchemy stores a DateTime as ('YYYY-MM-DD HH:MM:SS.ffffff') compares in time order with this one
    # ('YYYY-MM-DD HH:MM:SS.SSS'): equal moments compare as the stored one being later, so ``<`` stays exact
    moment, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return f"strftime('%Y-%m-%d %H:%M:%f', {moment}, '+' || {minutes} || ' minutes')"


def counted_window(
    contest: Contest, opens: datetime | None = None, closes: datetime | None = None
) -> ColumnElement[bool]:
    """SQL: a submission made in its author's window (from the contest's opening, before the contest's closing and
    the extra minutes of the author's registration after it); with ``opens`` and ``closes``, the window were the
    contest's moved there (the extra minutes moving with the closing)."""
    extra = (
        select(Registration.extra_minutes)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .where(RegistrationMember.user_id == Submission.user_id, RegistrationMember.contest_id == contest.id)
        .scalar_subquery()
    )
    closing = closes or contest.submission_closes
    extended = _MinutesAfter(literal(closing, DateTime()), extra)
    # never NULL (an entrant without extra time has none): ``window_effect`` negates it, and NOT NULL is NULL,
    # which would leave a submission out of both counts
    return and_(
        Submission.created_at >= (opens or contest.submission_opens),
        or_(Submission.created_at < closing, Submission.created_at < func.coalesce(extended, closing)),
    )


def latest_close(session: DbSession, contest: Contest) -> datetime:
    """When the last entrant's window closes: the contest's closing, and the most extra minutes given after it."""
    query = select(func.max(Registration.extra_minutes)).where(Registration.contest_id == contest.id)
    return ends_at(contest, session.scalar(query))


@dataclass(frozen=True)
class LostSubmission:
    """A submission made in extra time that a shorter extension would leave outside its author's window."""

    id: int
    registration_id: int
    label: str
    author: str
    created_at: datetime


def submissions_lost(
    session: DbSession, contest: Contest, registrations: list[Registration], minutes: int
) -> list[LostSubmission]:
    """The submissions of ``registrations`` made in the extra time they have now and after the end that ``minutes``
    of extra time would give them: those that would stop counting (on the scoreboard, the results, the export) if
    their extra time were lowered to ``minutes``. Oldest first."""
    lost: list[LostSubmission] = []
    for registration in registrations:
        now_until = closes_for(contest, registration)
        then_until = ends_at(contest, minutes)
        if then_until >= now_until:
            continue
        query = (
            select(Submission.id, ContestProblem.label, User.full_name, Submission.created_at)
            .join(ContestProblem, ContestProblem.problem_id == Submission.problem_id)
            .join(User, User.id == Submission.user_id)
            .join(RegistrationMember, RegistrationMember.user_id == Submission.user_id)
            .where(
                ContestProblem.contest_id == contest.id,
                RegistrationMember.registration_id == registration.id,
                Submission.created_at >= max(then_until, contest.submission_opens),
                Submission.created_at < now_until,
            )
        )
        rows = session.execute(query)
        lost.extend(LostSubmission(i, registration.id, label, name, at) for i, label, name, at in rows)
    return sorted(lost, key=lambda s: (s.created_at, s.id))


def _named(lost: list[LostSubmission]) -> str:
    """``lost`` as the organiser reads them: number, problem, author, time; past ``NAMED_AT_MOST``, how many more."""
    named = "; ".join(f"#{s.id} ({s.label}, {s.author}, {format_datetime(s.created_at)})" for s in lost[:NAMED_AT_MOST])
    if len(lost) > NAMED_AT_MOST:
        named += " " + str(_l("and %(n)d more", n=len(lost) - NAMED_AT_MOST))
    return named


def grant(
    session: DbSession,
    actor_id: int,
    contest: Contest,
    registrations: list[Registration],
    minutes: int,
    reason: str,
    *,
    confirm_lost: bool = False,
) -> None:
    """Give each of ``registrations`` (of ``contest``) ``minutes`` after the contest's closing time, whenever that
    is (0 takes the extension back); the caller commits. ``InvalidInput`` for minutes outside 0 to
    ``MAX_EXTRA_MINUTES``, no registration, one of another contest, no reason, or while the results are published
    (the entrants would submit again under a published board and its fixed awards; withdraw the results first);
    nothing is changed then.

    Lowering the extra time of entrants who already submitted in it would leave those submissions out of every
    count, though they were sent in time as it stood: unless ``confirm_lost``, that is refused (field
    ``confirm_lost``) naming the submissions; confirmed, the audit entry of each registration lists its
    submissions no longer counted."""
    if not 0 <= minutes <= MAX_EXTRA_MINUTES:
        raise InvalidInput(_l("Extra time is from 0 to %(n)d minutes.", n=MAX_EXTRA_MINUTES), "minutes")
    if not registrations or any(r.contest_id != contest.id for r in registrations):
        raise InvalidInput(_l("Choose a contestant, a team or a unit of this contest."), "who")
    if not reason.strip():
        raise InvalidInput(_l("Say why the extra time is given (it is kept in the audit log)."), "reason")
    if settings_for(session, contest).results_published:
        raise InvalidInput(
            _l("The results are published: withdraw them before giving extra time, then publish them again."), "who"
        )
    lost = submissions_lost(session, contest, registrations, minutes)
    if lost and not confirm_lost:
        raise InvalidInput(
            _l(
                "%(n)d submissions were made in the extra time that this would take back, and would no longer count "
                "on the scoreboard or in the results: %(named)s. Tick the confirmation and save again to lower the "
                "extra time anyway.",
                n=len(lost),
                named=_named(lost),
            ),
            "confirm_lost",
        )
    for registration in registrations:
        registration.extra_minutes = minutes or None
        data: dict[str, Any] = {
            "contest_id": contest.id,
            "minutes": minutes,
            "until": ends_at(contest, minutes).isoformat(),
        }
        left_out = [s.id for s in lost if s.registration_id == registration.id]
        if left_out:
            data["submissions_no_longer_counted"] = left_out
        audit.record(
            session,
            "programming.extra_time",
            actor_id=actor_id,
            object_type="registration",
            object_id=registration.id,
            reason=reason.strip(),
            data=data,
        )


def extended(session: DbSession, contest: Contest) -> list[Registration]:
    """The contest's registrations with extra time, latest closing first."""
    query = (
        select(Registration)
        .where(Registration.contest_id == contest.id, Registration.extra_minutes > 0)
        .order_by(Registration.extra_minutes.desc(), Registration.id)
    )
    return list(session.scalars(query))


def entrant_name(registration: Registration) -> str:
    """A registration as the organisers know it: the team's name, else its members' names."""
    return registration.team_name or ", ".join(m.user.full_name for m in registration.members)


def _name_key(registration: Registration) -> str:
    """A team by its name from the first word, anyone else by their name the Vietnamese way (as the scoreboard)."""
    if registration.team_name:
        return title_key(registration.team_name)
    return sort_key(entrant_name(registration))


def entrant_choices(registrations: Iterable[Registration], prefix: str = "") -> list[tuple[str, str]]:
    """A select field's choices for ``registrations``: value ``prefix`` + the registration's id, label its entrant's
    name and unit, in Vietnamese alphabetical order: by the entrant's name (a person's by their given name, a
    team's from its first word), then their unit's name."""
    ordered = sorted(registrations, key=lambda r: (_name_key(r), title_key(r.unit.name), r.id))
    return [(f"{prefix}{r.id}", f"{entrant_name(r)} ({r.unit.name})") for r in ordered]


def registrations(session: DbSession, contest: Contest) -> list[Registration]:
    """The contest's registrations, for choosing whom to give extra time."""
    return list(session.scalars(select(Registration).where(Registration.contest_id == contest.id)))


def chosen(session: DbSession, contest: Contest, who: str) -> list[Registration]:
    """The registrations ``who`` names: ``r<registration id>`` one of them, ``u<unit id>`` every one of a unit; none
    for anything else (or another contest's)."""
    kind, _sep, number = who.partition(":")
    column = {"r": Registration.id, "u": Registration.unit_id}.get(kind)
    named = id_in(number)
    if column is None or named is None:
        return []
    return list(session.scalars(select(Registration).where(Registration.contest_id == contest.id, column == named)))
