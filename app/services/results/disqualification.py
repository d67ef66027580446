"""Disqualifying an entry of a judged contest (copied work, a breach of the rules found after judging): the organisers
give the reason; from then on the ranking lists it last without a rank, it receives no award, it holds publication
back no longer, and the entries below it move up. It leaves its judges' queues: a sheet not submitted can no longer
be saved, a submitted one stays read-only for the record and counts for nothing (``services.reviews.score_sheets``);
a judge who opens it reads that it left, and when, but not the reason (``judge_note``). Its authors read it on the
entry's page (``author_note``) and are mailed (``disqualification_mail``). Reinstating undoes it all. Both are in
the audit log (``entry.disqualify``, ``entry.reinstate``), which also says when (``disqualified_on``). Neither while
the results are published: the public page would keep an award fixed from the ranking before (a disqualified
winner's certificate still verifying, the next entry never moving up); the organisers withdraw the results, decide,
and publish again, which removes the award and its certificate."""

from __future__ import annotations

from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import AuditEntry, Contest, Entry, User
from ...policies.contests import is_staff
from ...timeutil import format_day
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from . import disqualification_mail
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
    row = audit.record(
        session, "entry.disqualify", actor_id=actor.id, object_type="entry", object_id=entry.id, reason=reason
    )
    disqualification_mail.disqualified(session, entry, reason, row.at)


def reinstate(session: DbSession, actor: User, entry: Entry) -> None:
    """Undo ``entry``'s disqualification (organisers of its contest only); InvalidInput while the results are
    published or for an entry not disqualified."""
    _check(session, actor, entry)
    if entry.disqualified_reason is None:
        raise InvalidInput(_l("This entry is not disqualified."))
    previous = entry.disqualified_reason
    entry.disqualified_reason = None
    session.flush()
    row = audit.record(
        session,
        "entry.reinstate",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"reason": previous},
    )
    disqualification_mail.reinstated(session, entry, row.at)


def disqualified_on(session: DbSession, entry: Entry) -> datetime | None:
    """When ``entry`` was disqualified (UTC, its latest ``entry.disqualify``), or None while it is not."""
    if entry.disqualified_reason is None:
        return None
    return session.scalar(
        select(AuditEntry.at)
        .where(AuditEntry.action == "entry.disqualify", AuditEntry.object_type == "entry")
        .where(AuditEntry.object_id == entry.id)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    )


def author_note(session: DbSession, entry: Entry) -> LazyString | None:
    """What the entry's page tells its authors (and whoever else sees it) of its disqualification; None if none."""
    if entry.disqualified_reason is None:
        return None
    return _l(
        "The organisers disqualified this entry on %(date)s. Reason: %(reason)s. It is not ranked and receives no "
        "award.",
        date=format_day(disqualified_on(session, entry)),
        reason=entry.disqualified_reason,
    )


def judge_note(session: DbSession, entry: Entry) -> LazyString | None:
    """What a judge who opens the entry or their sheet reads of its disqualification; None if it is not. Not the
    organisers' reason: judges score blind, and a reason may name the author ("copied from Ms Lan's lecture")."""
    if entry.disqualified_reason is None:
        return None
    return _l(
        "The organisers disqualified this entry on %(date)s: it has left your entries to score. A sheet you submitted "
        "is kept as it is, for the record, and counts for nothing.",
        date=format_day(disqualified_on(session, entry)),
    )
