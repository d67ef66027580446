"""An entrant's submission window: from the contest's opening to their own closing (the contest's, or the end of the
extra time the organisers gave them: ``extra_time``), what they are told outside it, and which feedback they get."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ...extensions import DbSession
from ...models import Contest, ContestStatus, Feedback, ProgrammingSettings, Registration, User
from ...timeutil import format_datetime, utcnow
from ..proposals import refused_attempts
from . import extra_time


def in_window(contest: Contest, now: datetime | None = None, registration: Registration | None = None) -> bool:
    """Whether the holder of ``registration`` may submit now (their extra time counted: ``extra_time``)."""
    return contest.submission_opens <= (now or utcnow()) < extra_time.closes_for(contest, registration)


def window_message(
    contest: Contest, now: datetime | None = None, registration: Registration | None = None
) -> object | None:
    """Why the holder of ``registration`` may not submit now (the window has not opened, or has closed, with the
    date and time, their extra time counted), or None inside the window."""
    now = now or utcnow()
    closes = extra_time.closes_for(contest, registration)
    if now < contest.submission_opens:
        return _l(
            "The contest has not started yet: submissions open at %(t)s.", t=format_datetime(contest.submission_opens)
        )
    if now >= closes:
        return _l("Time is up: submissions closed at %(t)s.", t=format_datetime(closes))
    return None


def note_if_unapproved(session: DbSession, user: User, contest: Contest, registration: Registration | None) -> None:
    """Keep for the Sở's reviewers a program that ``user``, holder of ``registration`` (None: not registered, nothing
    kept), sends to ``contest`` while it is published and its proposal is not approved: its pages and the API answer
    404 then (``policies.contests.may_see``), and the attempt is Section 8's (``proposals.refused_attempts``)."""
    approved = contest.proposal is not None and contest.proposal.approved
    if registration is None or contest.status is not ContestStatus.PUBLISHED or approved:
        return
    refused_attempts.note_unapproved(session, user, contest, _l("Submitting a program"))


def feedback_mode(
    settings: ProgrammingSettings,
    contest: Contest,
    now: datetime | None = None,
    registration: Registration | None = None,
) -> Feedback:
    """The feedback the holder of ``registration`` gets now: the "after" kind only once their own window (extra time
    counted) has closed."""
    closes = extra_time.closes_for(contest, registration)
    return settings.feedback_after if (now or utcnow()) >= closes else settings.feedback_during
