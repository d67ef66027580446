"""Disqualifying an entrant of a programming contest (copying, another person at the keyboard): the organisers
name the registration and the reason; from then on its members may not submit or see the problems (they read why),
and the scoreboard, its exports and the awards leave it out. Reinstating undoes it. Both are in the audit log
(``programming.disqualify``, ``programming.reinstate``). Neither while the results are published: the public board
would change under awards fixed from it (a disqualified winner keeping a certificate that verifies, the next
contestant never moving up); the organisers withdraw the results, decide, and publish again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Contest, Registration
from ..errors import InvalidInput
from ..records import audit
from .judging_settings import settings_for

PUBLISHED = _l(
    "The results are published: withdraw them before disqualifying or reinstating a contestant, then publish them "
    "again (the awards are fixed anew)."
)


def refusal(registration: Registration | None) -> object | None:
    """What a disqualified entrant is told instead of their problems; None for anyone else."""
    if registration is None or registration.disqualified_reason is None:
        return None
    return _l("You have been disqualified from this contest: %(reason)s", reason=registration.disqualified_reason)


def disqualify(session: DbSession, actor_id: int, contest: Contest, registration: Registration, reason: str) -> None:
    """Disqualify ``registration`` (of ``contest``) for ``reason``; the caller commits. ``InvalidInput``, changing
    nothing, without a reason, for another contest's registration, or while the results are published."""
    if registration.contest_id != contest.id:
        raise InvalidInput(_l("Choose a contestant, a team or a unit of this contest."), "who")
    _unpublished(session, contest)
    if not reason.strip():
        raise InvalidInput(_l("Say why the contestant is disqualified (it is shown to them)."), "reason")
    registration.disqualified_reason = reason.strip()
    audit.record(
        session,
        "programming.disqualify",
        actor_id=actor_id,
        object_type="registration",
        object_id=registration.id,
        reason=reason.strip(),
        data={"contest_id": contest.id},
    )


def reinstate(session: DbSession, actor_id: int, contest: Contest, registration: Registration) -> None:
    """Take a disqualification back; the caller commits. ``InvalidInput`` as ``disqualify``."""
    if registration.contest_id != contest.id:
        raise InvalidInput(_l("Choose a contestant, a team or a unit of this contest."), "who")
    _unpublished(session, contest)
    registration.disqualified_reason = None
    audit.record(
        session,
        "programming.reinstate",
        actor_id=actor_id,
        object_type="registration",
        object_id=registration.id,
        data={"contest_id": contest.id},
    )


def _unpublished(session: DbSession, contest: Contest) -> None:
    if settings_for(session, contest).results_published:
        raise InvalidInput(PUBLISHED, "who")


def disqualified(session: DbSession, contest: Contest) -> list[Registration]:
    """The contest's disqualified registrations."""
    query = select(Registration).where(
        Registration.contest_id == contest.id, Registration.disqualified_reason.is_not(None)
    )
    return list(session.scalars(query.order_by(Registration.id)))
