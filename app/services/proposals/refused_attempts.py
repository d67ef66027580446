"""What Section 8 stopped and no proposal carries, for the Sở's reviewers: a text refused on publishing (its findings),
a contest used before its proposal was approved (registering, sending an entry, taking it to a lab, moving nominees
into it), and a text published before the published-text screening that now raises a flag (``rescreening``).

A refusal rolls back the request's transaction, and with it whatever the request wrote: so a refused attempt is
noted on the session (``note``) and written, with its audit entry, in a transaction of its own once the request's
transaction has ended (committed or rolled back), never inside it. Reviewers list them (``listing``) and mark each
one dealt with (``mark_dealt``, audited); none is ever deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from ...extensions import DbSession
from ...models import AttemptKind, Contest, Role, Section8Attempt, User
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit

log = logging.getLogger(__name__)

_PENDING = "hoithi_section8_attempts"  # the session's ``info`` key: attempts noted, not yet written
TEXT_KEPT = 4000  # characters of a refused text kept for the reviewers
NOTE_LENGTH = 2000
PER_PAGE = 50


@dataclass(frozen=True)
class Attempt:
    """One attempt to note: ``what`` as a lazy string (stored in English, shown translated), ``found`` the stored
    flags (``Flag.to_stored``), ``object_*`` the re-screened text's row."""

    kind: AttemptKind
    contest_id: int | None
    contest_title: str
    actor_id: int | None
    what: Any
    text: str = ""
    found: list[dict[str, Any]] = field(default_factory=list)
    proposal_status: str | None = None
    object_type: str | None = None
    object_id: int | None = None


def _english(what: Any) -> str:
    with force_locale("en"):
        return str(what)


def note(session: DbSession, attempt: Attempt) -> None:
    """Keep ``attempt`` to be written once the session's transaction ends, whether it commits or rolls back."""
    session.info.setdefault(_PENDING, []).append(attempt)


def note_unapproved(session: DbSession, actor: User | None, contest: Contest, what: Any) -> None:
    """Note that ``actor`` tried ``what`` (e.g. "Registration") in ``contest``, whose proposal is not approved."""
    status = contest.proposal.status.value if contest.proposal is not None else None
    note(
        session,
        Attempt(
            AttemptKind.UNAPPROVED,
            contest.id,
            contest.title,
            actor.id if actor is not None else None,
            what,
            proposal_status=status,
        ),
    )


def write(session: DbSession, attempt: Attempt, *, audited_as: int | None) -> Section8Attempt:
    """The attempt as a row, and its audit entry as done by the user ``audited_as`` (None: the system), in
    ``session``'s transaction."""
    row = Section8Attempt(
        at=utcnow(),
        kind=attempt.kind,
        actor_id=attempt.actor_id,
        contest_id=attempt.contest_id,
        contest_title=attempt.contest_title[:200],
        what=_english(attempt.what)[:120],
        object_type=attempt.object_type,
        object_id=attempt.object_id,
        text=attempt.text[:TEXT_KEPT],
        found=attempt.found,
        proposal_status=attempt.proposal_status,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        f"section8.{attempt.kind.value}",
        actor_id=audited_as,
        object_type="contest",
        object_id=attempt.contest_id,
        reason=row.what,
        data={
            "attempt": row.id,
            "codes": sorted({str(f.get("code")) for f in attempt.found}),
            "proposal_status": attempt.proposal_status,
            "object": [attempt.object_type, attempt.object_id] if attempt.object_type else None,
        },
    )
    return row


@event.listens_for(Session, "after_transaction_end")
def _write_noted(session: Session, transaction: SessionTransaction) -> None:
    """Write the attempts noted in ``session`` once its outermost transaction has ended, in a session of their own:
    the request's rollback took back its own writes, not these."""
    if transaction.parent is not None or transaction.nested or not session.info.get(_PENDING):
        return
    pending: list[Attempt] = session.info.pop(_PENDING)
    try:
        with Session(session.get_bind()) as writer:
            for attempt in pending:
                write(writer, attempt, audited_as=attempt.actor_id)
            writer.commit()
    except Exception:  # the user's refusal stands; the reviewers' list misses this one, and the log says so
        log.exception("Section 8 attempts not recorded: %s", pending)


def listing(
    session: DbSession, reviewer: User, *, open_only: bool = False, page: int = 1
) -> tuple[list[Section8Attempt], bool]:
    """One page of attempts, newest first (only those not dealt with, with ``open_only``), and whether there is a
    next page. Only the Sở's reviewers see them."""
    _require_reviewer(reviewer)
    query = select(Section8Attempt).order_by(Section8Attempt.at.desc(), Section8Attempt.id.desc())
    if open_only:
        query = query.where(Section8Attempt.dealt_at.is_(None))
    rows = list(session.scalars(query.offset((max(page, 1) - 1) * PER_PAGE).limit(PER_PAGE + 1)))
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def mark_dealt(session: DbSession, reviewer: User, attempt: Section8Attempt, note_text: str) -> None:
    """Mark ``attempt`` dealt with by ``reviewer``, with a note saying how (required), audited; once only."""
    _require_reviewer(reviewer)
    note_text = note_text.strip()
    if not note_text or len(note_text) > NOTE_LENGTH:
        raise InvalidInput(_l("Say in 1 to %(n)d characters how it was dealt with.", n=NOTE_LENGTH), "note")
    if attempt.dealt_at is not None:
        raise InvalidInput(_l("This has already been dealt with."))
    attempt.dealt_by_id, attempt.dealt_at, attempt.note = reviewer.id, utcnow(), note_text
    audit.record(
        session,
        "section8.dealt",
        actor_id=reviewer.id,
        object_type="contest",
        object_id=attempt.contest_id,
        reason=note_text,
        data={"attempt": attempt.id},
    )


def _require_reviewer(user: User) -> None:
    if not user.has_role(Role.REVIEWER):
        raise NotAllowed()
