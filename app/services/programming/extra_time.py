"""Extra time for some entrants of a programming contest: a power cut or a broken machine at one school costs its
contestants minutes that the organisers give back, to one registration or to every registration of a unit.

An entrant's window then closes at ``Registration.extended_until`` (never before the contest's own closing time):
submitting, test runs, the problem list and the scoreboard all use ``closes_for`` or ``counted_window``, so a
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
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, or_, select

from ...extensions import DbSession
from ...input_checks import id_in
from ...models import Contest, Registration, RegistrationMember, Submission
from ...vnsort import sort_key
from ..errors import InvalidInput
from ..records import audit
from .judging_settings import settings_for

MAX_EXTRA_MINUTES = 24 * 60


def closes_for(contest: Contest, registration: Registration | None) -> datetime:
    """When the holder of ``registration`` (None: staff or someone not registered) may no longer submit: the later
    of the contest's closing and their extension."""
    extended = registration.extended_until if registration is not None else None
    if extended is None or extended <= contest.submission_closes:
        return contest.submission_closes
    return extended


def contest_minutes(contest: Contest, extended_until: datetime | None, at: datetime) -> int:
    """The whole minutes of contest time that an entrant whose window was extended to ``extended_until`` (None: not
    extended) had used at ``at``: from the opening, the extra minutes taken out as the module says."""
    elapsed = at - contest.submission_opens
    extra = (extended_until - contest.submission_closes) if extended_until is not None else timedelta(0)
    if extra > timedelta(0):
        length = contest.submission_closes - contest.submission_opens
        elapsed = max(min(elapsed, length - extra), elapsed - extra, timedelta(0))
    return int(elapsed.total_seconds() // 60)


def counted_window(
    contest: Contest, opens: datetime | None = None, closes: datetime | None = None
) -> ColumnElement[bool]:
    """SQL: a submission made in its author's window (from the contest's opening, before the contest's closing or
    the author's registration's extension); with ``opens`` and ``closes``, the window were the contest's moved there
    (the extensions, which are moments, kept)."""
    extension = (
        select(Registration.extended_until)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .where(RegistrationMember.user_id == Submission.user_id, RegistrationMember.contest_id == contest.id)
        .scalar_subquery()
    )
    closing = closes or contest.submission_closes
    # never NULL (an entrant without extra time has no extension): ``window_effect`` negates it, and NOT NULL is
    # NULL, which would leave a submission out of both counts
    return and_(
        Submission.created_at >= (opens or contest.submission_opens),
        or_(Submission.created_at < closing, Submission.created_at < func.coalesce(extension, closing)),
    )


def latest_close(session: DbSession, contest: Contest) -> datetime:
    """When the last entrant's window closes: the contest's closing, or the latest extension after it."""
    query = select(func.max(Registration.extended_until)).where(Registration.contest_id == contest.id)
    latest = session.scalar(query)
    return latest if latest is not None and latest > contest.submission_closes else contest.submission_closes


def grant(
    session: DbSession, actor_id: int, contest: Contest, registrations: list[Registration], minutes: int, reason: str
) -> None:
    """Give each of ``registrations`` (of ``contest``) ``minutes`` after the contest's closing time (0 takes the
    extension back); the caller commits. ``InvalidInput`` for minutes outside 0 to ``MAX_EXTRA_MINUTES``, no
    registration, one of another contest, no reason, or while the results are published (the entrants would submit
    again under a published board and its fixed awards; withdraw the results first); nothing is changed then."""
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
    until = contest.submission_closes + timedelta(minutes=minutes) if minutes else None
    for registration in registrations:
        registration.extended_until = until
        audit.record(
            session,
            "programming.extra_time",
            actor_id=actor_id,
            object_type="registration",
            object_id=registration.id,
            reason=reason.strip(),
            data={"contest_id": contest.id, "minutes": minutes, "until": until.isoformat() if until else None},
        )


def extended(session: DbSession, contest: Contest) -> list[Registration]:
    """The contest's registrations with extra time, latest closing first."""
    query = (
        select(Registration)
        .where(Registration.contest_id == contest.id, Registration.extended_until.is_not(None))
        .order_by(Registration.extended_until.desc(), Registration.id)
    )
    return list(session.scalars(query))


def entrant_name(registration: Registration) -> str:
    """A registration as the organisers know it: the team's name, else its members' names."""
    return registration.team_name or ", ".join(m.user.full_name for m in registration.members)


def entrant_choices(registrations: Iterable[Registration], prefix: str = "") -> list[tuple[str, str]]:
    """A select field's choices for ``registrations``: value ``prefix`` + the registration's id, label its entrant's
    name and unit, in Vietnamese alphabetical order of the label."""
    labelled = ((f"{prefix}{r.id}", f"{entrant_name(r)} ({r.unit.name})") for r in registrations)
    return sorted(labelled, key=lambda choice: sort_key(choice[1]))


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
