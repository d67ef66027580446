"""Disqualifying an entry of a judged contest (copied work, a breach of the rules found after judging): the
organisers give the reason; from then on the ranking lists it last without a rank, it receives no award, it holds
publication back no longer, and the entries below it move up. Reinstating undoes it. Both are in the audit log
(``entry.disqualify``, ``entry.reinstate``). Neither while the results are published: the public page would keep an
award fixed from the ranking before (a disqualified winner's certificate still verifying, the next entry never
moving up); the organisers withdraw the results, decide, and publish again, which removes the award and its
certificate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Contest, Entry, User
from ...policies.contests import is_staff
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from .publication import published_at

MAX_REASON = 500
PUBLISHED = _l(
    "The results are published: withdraw them before disqualifying or reinstating an entry, then publish them again "
    "(the awards are fixed anew)."
)


def candidates(session: DbSession, contest: Contest) -> list[Entry]:
    """The entries of ``contest`` that are not disqualified, by code."""
    query = select(Entry).where(Entry.contest_id == contest.id, Entry.disqualified_reason.is_(None))
    return list(session.scalars(query.order_by(Entry.code)))


def _check(session: DbSession, actor: User, entry: Entry) -> None:
    if not is_staff(actor, entry.contest):
        raise NotAllowed()
    if published_at(session, entry.contest) is not None:
        raise InvalidInput(PUBLISHED)


def disqualify(session: DbSession, actor: User, entry: Entry, reason: str) -> None:
    """Disqualify ``entry`` for ``reason`` (organisers of its contest only); the caller commits. InvalidInput,
    changing nothing, without a reason or with one too long, and while the results are published."""
    _check(session, actor, entry)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_l("Say why the entry is disqualified."), "reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_l("The reason has at most 500 characters."), "reason")
    entry.disqualified_reason = reason
    session.flush()
    audit.record(session, "entry.disqualify", actor_id=actor.id, object_type="entry", object_id=entry.id, reason=reason)


def reinstate(session: DbSession, actor: User, entry: Entry) -> None:
    """Undo ``entry``'s disqualification (organisers of its contest only); InvalidInput while the results are
    published or for an entry not disqualified."""
    _check(session, actor, entry)
    if entry.disqualified_reason is None:
        raise InvalidInput(_l("This entry is not disqualified."))
    previous = entry.disqualified_reason
    entry.disqualified_reason = None
    session.flush()
    audit.record(
        session,
        "entry.reinstate",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"reason": previous},
    )
