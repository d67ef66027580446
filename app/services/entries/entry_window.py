"""When entries judged by people may be created and changed: the contest published, its proposal approved by the
Sở (Section 8), inside the submission window; what someone is told outside it; and judging, which waits for the
window's end. An entry sent to a contest whose proposal is not approved is refused and kept for the Sở's
reviewers (``proposals.refused_attempts``), as registering for it is."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ...extensions import DbSession
from ...models import Contest, ContestStatus, User
from ...timeutil import format_datetime, utcnow
from ..errors import InvalidInput
from ..proposals import refused_attempts


class WindowState(enum.StrEnum):
    OPEN = "open"
    NOT_PUBLISHED = "not_published"
    PROPOSAL_NOT_APPROVED = "proposal_not_approved"
    NOT_YET = "not_yet"
    CLOSED = "closed"


def window_state(contest: Contest, now: datetime | None = None) -> WindowState:
    """Whether entries may be created and changed at ``now`` (server time, UTC), and if not, the first reason."""
    now = now or utcnow()
    if contest.status is not ContestStatus.PUBLISHED:
        return WindowState.NOT_PUBLISHED
    if contest.proposal is None or not contest.proposal.approved:
        return WindowState.PROPOSAL_NOT_APPROVED
    if now < contest.submission_opens:
        return WindowState.NOT_YET
    if now >= contest.submission_closes:
        return WindowState.CLOSED
    return WindowState.OPEN


def window_message(contest: Contest, state: WindowState) -> object:
    """What to tell someone about the window (a lazy translated string)."""
    if state is WindowState.NOT_PUBLISHED:
        return _l("This contest does not take entries yet.")
    if state is WindowState.PROPOSAL_NOT_APPROVED:
        return _l("This contest takes entries once the Department has approved its proposal.")
    if state is WindowState.NOT_YET:
        return _l("Entries open on %(when)s.", when=format_datetime(contest.submission_opens))
    if state is WindowState.CLOSED:
        return _l(
            "The deadline (%(when)s) has passed: entries can no longer be changed.",
            when=format_datetime(contest.submission_closes),
        )
    return _l("Entries are open until %(when)s.", when=format_datetime(contest.submission_closes))


def note_if_unapproved(session: DbSession, actor: User, contest: Contest, now: datetime | None = None) -> bool:
    """If ``contest`` is published and its proposal not approved, keep ``actor``'s attempt to send or change an
    entry for the Sở's reviewers (written once the request's transaction ends, whatever its outcome); whether it
    was such an attempt."""
    if window_state(contest, now) is not WindowState.PROPOSAL_NOT_APPROVED:
        return False
    refused_attempts.note_unapproved(session, actor, contest, _l("Sending an entry"))
    return True


def require_open(session: DbSession, actor: User, contest: Contest, now: datetime | None = None) -> None:
    """Raise ``InvalidInput`` unless the submission window is open at ``now``; ``actor``'s attempt on a contest whose
    proposal is not approved is kept for the Sở's reviewers (``note_if_unapproved``)."""
    note_if_unapproved(session, actor, contest, now)
    state = window_state(contest, now)
    if state is not WindowState.OPEN:
        raise InvalidInput(window_message(contest, state))


def require_closed(contest: Contest, now: datetime | None = None) -> None:
    """Raise ``InvalidInput`` until the contest's submission window has closed at ``now`` (server time, UTC).

    Judging waits for it: until the deadline an author may still change the entry, so a sheet scored earlier could
    judge another entry than the one finally submitted."""
    if (now or utcnow()) < contest.submission_closes:
        raise InvalidInput(
            _l(
                "Entries can still be changed until %(when)s: scores are given and results published only after that.",
                when=format_datetime(contest.submission_closes),
            )
        )
