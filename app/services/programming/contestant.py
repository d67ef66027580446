"""A programming contest from the contestant's side: which problems they see, submitting, and what they are
told about their submissions. The rules here hold on the server whatever the pages show."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from redis import Redis, RedisError
from rq import Queue
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Load, defaultload, defer, lazyload

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Problem,
    ProgrammingSettings,
    Registration,
    RegistrationMember,
    Submission,
    SubmissionStatus,
    User,
)
from ...policies.contests import is_staff
from ...redis_guard import note_fallback
from ...timeutil import format_datetime, utcnow
from ..contests import teams
from ..errors import InvalidInput, NotAllowed, NotFound, TooSoon
from ..session_memo import remembered
from . import disqualification, entrant_window, extra_time, grading, judge_languages
from .judging_settings import saved_or_defaults, settings_for
from .live_status import LiveStatus

SUBMIT_INTERVAL_S = 10
"""The default spacing of two submissions of one entrant (a contestant, or a whole team) to one problem (setting
``SUBMIT_INTERVAL_SECONDS``)."""


def registration_of(session: DbSession, contest: Contest, user: User) -> Registration | None:
    """The user's registration in the contest, in one query (its relationships load only when used), once per
    request (``session_memo``)."""
    key = ("registration", contest.id, user.id)
    parameters = {"contest_id": contest.id, "user_id": user.id}
    return remembered(session, key, lambda: session.scalars(_REGISTRATION, parameters).first())


_REGISTRATION = (  # built once: a request asks for the registration several times, and finds it kept
    select(Registration)
    .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
    .where(RegistrationMember.contest_id == bindparam("contest_id"), RegistrationMember.user_id == bindparam("user_id"))
    .options(lazyload("*"))
)


def _member_ids(session: DbSession, registration: Registration) -> list[int]:
    """The registration's members' ids (``teams.member_ids``), once per request."""
    return remembered(session, ("members", registration.id), lambda: teams.member_ids(session, registration.id))


def visible_problems(
    session: DbSession, contest: Contest, user: User, now: datetime | None = None
) -> list[ContestProblem]:
    """The problems ``user`` may see now: all of them for staff; for a registered contestant, those of their
    category (or of no category) from the window's opening on, and after it closes only while the contest's
    settings keep them readable (``problems_after_end``)."""
    return problem_list(session, contest, user, now)[0]


def problem_list(
    session: DbSession, contest: Contest, user: User, now: datetime | None = None
) -> tuple[list[ContestProblem], object | None]:
    """The problems ``user`` may see now (as ``visible_problems``) and, when they may see none, why (as
    ``why_no_problems``; None for staff and for a contestant inside the window), with one lookup of the
    registration: what the problem list shows at a contest's start, when every contestant opens it at once."""
    problems, reason, _registration = problems_of(session, contest, user, now or utcnow())
    return problems, reason


def problems_of(
    session: DbSession, contest: Contest, user: User, now: datetime
) -> tuple[list[ContestProblem], object | None, Registration | None]:
    """The problems ``user`` may see now, why none (or None) and their registration (None for staff), with one
    lookup of the registration."""
    problems = remembered(session, ("contest problems", contest.id), lambda: _contest_problems(session, contest, user))
    if is_staff(user, contest):
        return problems, None, None
    registration = registration_of(session, contest, user)  # read with the problems when the request keeps rows
    reason = _why_none(session, contest, registration, now)
    if registration is None or reason is not None:
        return [], reason, registration
    visible = [p for p in problems if p.category_id is None or p.category_id == registration.category_id]
    return visible, None, registration


def _contest_problems(session: DbSession, contest: Contest, user: User) -> list[ContestProblem]:
    """The contest's problems in order. The contest's judging settings and the registration of ``user`` are read
    in the same query and kept for ``settings_for`` and ``registration_of``: a contestant's problem list, a
    problem's page and submitting need all three, and every contestant opens them at a contest's start."""
    rows = session.execute(_CONTEST_PROBLEMS, {"contest_id": contest.id, "user_id": user.id}).all()
    if rows:
        _problem, saved, registration = rows[0]
        remembered(session, ("programming settings", contest.id), lambda: saved_or_defaults(contest, saved))
        remembered(session, ("registration", contest.id, user.id), lambda: registration)
    return [problem for problem, _settings, _registration in rows]


# Built once (its parameters bound when run): building it took a tenth of a problem page's CPU.
_CONTEST_PROBLEMS = (
    select(ContestProblem, ProgrammingSettings, Registration)
    .outerjoin(ProgrammingSettings, ProgrammingSettings.contest_id == ContestProblem.contest_id)
    .outerjoin(  # at most one: a person enters a contest once
        RegistrationMember,
        and_(
            RegistrationMember.contest_id == ContestProblem.contest_id,
            RegistrationMember.user_id == bindparam("user_id"),
        ),
    )
    .outerjoin(Registration, Registration.id == RegistrationMember.registration_id)
    .where(ContestProblem.contest_id == bindparam("contest_id"))
    .options(
        defaultload(ContestProblem.problem).defer(Problem.import_report),  # the organisers' report
        Load(Registration).lazyload("*"),  # as registration_of: its relationships load when used
    )
    .order_by(ContestProblem.position, ContestProblem.label)
)


def problem_for(
    session: DbSession, contest: Contest, user: User, label: str, now: datetime | None = None
) -> ContestProblem:
    """The problem labelled ``label`` if ``user`` may see it now; NotAllowed otherwise (also when absent)."""
    for problem in visible_problems(session, contest, user, now):
        if problem.label == label:
            return problem
    raise NotAllowed()


def problem_labels(session: DbSession, contest: Contest) -> dict[int, str]:
    """Every problem of the contest's label, by problem id (to name the problem of a submission)."""
    query = select(ContestProblem.problem_id, ContestProblem.label).where(ContestProblem.contest_id == contest.id)
    return {problem_id: label for problem_id, label in session.execute(query)}


def why_no_problems(session: DbSession, contest: Contest, user: User, now: datetime | None = None) -> object | None:
    """A message telling a contestant why they see no problems, or None when they should see them."""
    if is_staff(user, contest):
        return None
    return _why_none(session, contest, registration_of(session, contest, user), now or utcnow())


def _why_none(session: DbSession, contest: Contest, registration: Registration | None, now: datetime) -> object | None:
    """Why the holder of ``registration`` (None: someone not registered) sees no problems now, or None."""
    if registration is None:
        return _l("You are not registered for this contest.")
    if (disqualified := disqualification.refusal(registration)) is not None:
        return disqualified
    if now < contest.submission_opens:
        return entrant_window.window_message(contest, now)
    closes = extra_time.closes_for(contest, registration)
    if now >= closes and not settings_for(session, contest).problems_after_end:
        closed = format_datetime(closes)
        return _l("The contest ended at %(t)s; its problems are no longer shown.", t=closed)
    return None


def submit(
    session: DbSession,
    queue: Queue,
    contest: Contest,
    user: User,
    label: str,
    source: bytes,
    language: str,
    now: datetime | None = None,
    interval_s: int = SUBMIT_INTERVAL_S,
) -> int:
    """Check, store, commit and queue a submission; its id. Refuses (storing and queueing nothing) outside the window
    by server time, for a problem the user may not see, in a language the contest does not allow or no live judge
    worker can run (``judge_languages``), for an empty or over-long source, and within ``interval_s`` seconds (at
    least 1) of the previous one on the problem of the user's registration: a team's members share one slot, as
    they share their submissions.

    Without Redis a submission is still accepted and stored as queued (the spacing is then checked in the
    database); the worker's reconciler puts it on the queue once Redis answers again."""
    now = now or utcnow()
    if not is_staff(user, contest) and not entrant_window.in_window(
        contest, now, entrant := registration_of(session, contest, user)
    ):
        if entrant is None:
            raise NotAllowed()
        raise InvalidInput(entrant_window.window_message(contest, now, entrant))
    if not is_staff(user, contest) and (disqualified := disqualification.refusal(entrant)) is not None:
        raise InvalidInput(disqualified)
    problem = problem_for(session, contest, user, label, now)  # NotAllowed too for someone not registered
    settings = settings_for(session, contest)
    if language not in settings.language_keys:
        raise InvalidInput(_l("This contest does not accept that language."), "language")
    if language in judge_languages.unavailable_everywhere(queue):
        raise InvalidInput(judge_languages.refusal(language), "language")
    registration = registration_of(session, contest, user)
    slot = f"r{registration.id}" if registration is not None else f"{user.id}"
    # stamped with the moment checked: one accepted at 10:59:59.9 is in the window even if written after 11:00
    submission = grading.create_submission(session, problem.problem, source, language, user.id, at=now)
    submission_id, user_id = submission.id, user.id  # read before the commit expires them
    interval_s = max(1, interval_s)

    def submitters() -> list[int]:
        return _member_ids(session, registration) if registration is not None else [user_id]

    wait = _take_submit_slot(session, queue.connection, submission_id, slot, submitters, problem.problem_id, interval_s)
    if wait:
        session.rollback()
        raise TooSoon(
            _l(
                "Two submissions to the same problem must be %(interval)d seconds apart: submit again in %(s)d "
                "seconds.",
                interval=interval_s,
                s=wait,
            ),
            wait,
        )
    session.commit()
    live = LiveStatus(submission_id, user_id, SubmissionStatus.QUEUED, 0, 0, contest.id)
    grading.enqueue_or_leave_to_reconciler(queue, submission_id, live)
    return submission_id


def _take_submit_slot(
    session: DbSession,
    redis: Redis,
    submission_id: int,
    slot: str,
    submitters: Callable[[], list[int]],
    problem_id: int,
    interval_s: int,
) -> int:
    """Atomically take the entrant's submission slot (``slot``: ``r<registration id>``, or a user id for staff)
    for a problem for ``interval_s`` seconds: 0 when taken, else the seconds until it is free. Without Redis,
    whether the previous submission on the problem of any of ``submitters()`` (other than ``submission_id``,
    flushed already) is that recent, in the database: two submissions sent in the same instant may then both
    pass. ``submitters`` is asked only then."""
    key = f"hoithi:submit-slot:{slot}:{problem_id}"
    try:
        if redis.set(key, 1, nx=True, ex=interval_s):
            return 0
        return max(1, int(redis.ttl(key)))
    except RedisError as error:
        note_fallback("submit spacing", error)
    since = utcnow() - timedelta(seconds=interval_s)
    recent = session.scalar(
        select(Submission.created_at)
        .where(
            Submission.user_id.in_(submitters()),
            Submission.problem_id == problem_id,
            Submission.id != submission_id,
            Submission.created_at >= since,
        )
        .order_by(Submission.created_at.desc())
        .limit(1)
    )
    if recent is None:
        return 0
    return max(1, math.ceil((recent - since).total_seconds()))


def team_of(session: DbSession, contest: Contest, user: User) -> Registration | None:
    """The user's registration in the contest when it is a team (more than one member), else None."""
    registration = registration_of(session, contest, user)
    return registration if registration is not None and len(registration.members) > 1 else None


def submitters_with(session: DbSession, contest: Contest, user: User) -> list[int]:
    """Whose submissions in the contest are also ``user``'s: the members of their registration (their team's,
    or themselves alone), or themselves when not registered."""
    registration = registration_of(session, contest, user)
    return _member_ids(session, registration) if registration is not None else [user.id]


def own_submissions(session: DbSession, contest: Contest, user: User) -> list[Submission]:
    """The user's submissions in the contest, with their team's (any member's), newest first."""
    return _submissions_of(session, contest, submitters_with(session, contest, user))


def _submissions_of(session: DbSession, contest: Contest, submitters: list[int]) -> list[Submission]:
    """The submissions of ``submitters`` in the contest, newest first, their sources left unread until used (a
    Scratch project's is megabytes)."""
    problem_ids = select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id)
    return list(
        session.scalars(
            select(Submission)
            .where(Submission.user_id.in_(submitters), Submission.problem_id.in_(problem_ids))
            .options(defer(Submission.source))
            .order_by(Submission.id.desc())
        )
    )


def submission_for(session: DbSession, contest: Contest, user: User, submission_id: int) -> Submission:
    """A submission of the contest that ``user`` may see: their own or their team's, or any for staff. NotFound for
    any other, as for a missing one or one of another contest: a contestant may not know another's exists."""
    submission = session.get(Submission, submission_id)
    if submission is None or (
        submission.user_id != user.id
        and not is_staff(user, contest)
        and submission.user_id not in submitters_with(session, contest, user)
    ):
        raise NotFound()
    # the contest's problems as a contestant's pages read them (with its settings, which the caller asks next)
    problems = remembered(session, ("contest problems", contest.id), lambda: _contest_problems(session, contest, user))
    if all(item.problem_id != submission.problem_id for item in problems):
        raise NotFound()
    return submission
