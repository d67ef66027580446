"""The mail outbox: how hoithi sends e-mail, and what became of each message.

``send_mail(session, to, subject, body)`` is the one call for "send this mail". It writes the message into the
outbox in the caller's transaction, so a message goes only if the change it reports is committed, and no request
ever waits on a mail server (one that did would hold its transaction, and the audit log's lock, all the while).

After the commit a job on the 'mail' queue sends it. If Redis cannot take the job, the message waits for the
workers' sweep (``send_due``), which also sends whatever is due for another try. A sender first claims a message
(a lease, committed), then talks to the server outside any transaction, then records the attempt with the
server's answer. A failed message is tried again after each of ``RETRY_DELAYS``; then it is FAILED and listed for
the administrators, who may send it again. A sent message keeps who, what and when, not its body.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from rq import Queue
from sqlalchemy import Engine, event, or_, select, update
from sqlalchemy.orm import Session, selectinload

from ...extensions import DbSession
from ...models import MailAttempt, MailStatus, OutboxMail, Role, User
from ...queue import mail_queue
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from . import audit
from .mail import Mailer, MailError

log = logging.getLogger(__name__)

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
"""The pause before each further try; a message that fails once more than there are pauses is FAILED."""
LEASE = timedelta(minutes=5)
"""How long a sender holds a message it claimed: longer than any exchange with the server can take."""
SWEEP_LIMIT = 50
DELIVER_JOB = "app.services.records.outbox.deliver_job"
_QUEUED = "hoithi_outbox_queued"  # the session's ``info`` key: ids to enqueue after its commit


def mail_locale() -> str:
    """The language mails are written in, the Sở's: they go to people other than the one acting."""
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE") or "vi")


def send_mail(session: DbSession, to: list[str], subject: str, body: str) -> OutboxMail | None:
    """Queue one message to the addresses in ``to`` (empty ones dropped; nothing queued if none remain) in the
    caller's transaction: it is sent after commit, never if the transaction rolls back."""
    addresses = [a.strip() for a in to if a and a.strip()]
    if not addresses:
        return None
    mail = OutboxMail(to=addresses, subject=str(subject)[:400], body=str(body), status=MailStatus.PENDING, tries=0)
    mail.next_attempt_at = mail.created_at = utcnow()
    session.add(mail)
    session.flush()
    session.info.setdefault(_QUEUED, []).append(mail.id)
    return mail


# SQLAlchemy sends these events for a savepoint too (``begin_nested``), while the outermost transaction is still
# open: only its end decides whether the messages exist. A job enqueued at a savepoint's release would look for a
# row not yet committed (and on SQLite wait on the writer's lock); a savepoint rolled back must not forget the
# messages queued before it.
@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return
    ids = session.info.pop(_QUEUED, None)
    if ids:
        enqueue_after_commit(ids)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_QUEUED, None)


def enqueue_after_commit(ids: list[int]) -> None:
    """Put a job on the mail queue for each of ``ids``. A queue that cannot take them (Redis down) is logged, not
    raised: the change is committed, and the messages wait in the outbox for the workers' sweep."""
    try:
        queue = mail_queue(current_app)
        for mail_id in ids:
            enqueue(queue, mail_id)
    except Exception:  # whatever Redis or RQ raise, the request that committed must not fail for it
        log.warning("mail %s waits in the outbox for the sweep: the queue did not take it", ids, exc_info=True)


def enqueue(queue: Queue, mail_id: int) -> None:
    """The job that sends message ``mail_id`` (by id; it does nothing if the message is not due)."""
    queue.enqueue(
        DELIVER_JOB, mail_id, job_id=f"mail-{mail_id}", job_timeout=300, result_ttl=600, failure_ttl=24 * 3600
    )


def deliver_job(mail_id: int) -> str:
    """The RQ job: one attempt at sending ``mail_id`` with the app's mail settings. Returns what happened."""
    engine = current_app.extensions["sqlalchemy"].engine
    engine.dispose(close=False)  # in a forked work horse, never share the parent's connections
    return deliver(engine, Mailer.from_config(current_app.config), mail_id)


def deliver(engine: Engine, mailer: Mailer, mail_id: int, now: datetime | None = None) -> str:
    """One attempt at sending ``mail_id`` if it is due and nobody else holds it: "sent", "failed: <error>" (the
    attempt recorded, another due later or the message FAILED), or "skipped". No transaction is open while the
    server is spoken to."""
    now = now or utcnow()
    with Session(engine) as session:
        claimed = session.execute(
            update(OutboxMail)
            .where(
                OutboxMail.id == mail_id,
                OutboxMail.status == MailStatus.PENDING,
                OutboxMail.next_attempt_at <= now,
                or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
            )
            .values(claimed_until=now + LEASE)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
            return "skipped"
        mail = session.get(OutboxMail, mail_id)
        assert mail is not None
        to, subject, body = list(mail.to), mail.subject, mail.body
        session.commit()
    error = None
    try:
        mailer.send(to, subject, body)
    except MailError as failure:
        error = str(failure) or type(failure).__name__
    with Session(engine) as session:
        _record(session, mail_id, now, error)
        session.commit()
    return "sent" if error is None else f"failed: {error}"


def _record(session: DbSession, mail_id: int, now: datetime, error: str | None) -> None:
    mail = session.get(OutboxMail, mail_id)
    assert mail is not None
    session.add(MailAttempt(mail_id=mail_id, at=now, error=error or ""))
    mail.tries += 1
    mail.claimed_until = None
    if error is None:
        mail.status, mail.sent_at, mail.body = MailStatus.SENT, now, ""
    elif mail.tries > len(RETRY_DELAYS):
        mail.status = MailStatus.FAILED
        log.error("mail %s to %s failed %s times, last: %s", mail_id, mail.to, mail.tries, error)
    else:
        mail.next_attempt_at = now + RETRY_DELAYS[mail.tries - 1]


def send_due(engine: Engine, mailer: Mailer, now: datetime | None = None) -> list[str]:
    """Send the messages that are due (oldest first, at most ``SWEEP_LIMIT``), stopping at the first failure: the
    server is then most likely down for all of them. What each attempt gave, in order."""
    now = now or utcnow()
    with Session(engine) as session:
        due = list(
            session.scalars(
                select(OutboxMail.id)
                .where(
                    OutboxMail.status == MailStatus.PENDING,
                    OutboxMail.next_attempt_at <= now,
                    or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now),
                )
                .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
                .limit(SWEEP_LIMIT)
            )
        )
    outcomes: list[str] = []
    for mail_id in due:
        outcomes.append(deliver(engine, mailer, mail_id, now))
        if outcomes[-1].startswith("failed"):
            break
    return outcomes


def can_manage(actor: User) -> bool:
    return actor.has_role(Role.ADMIN)


def unsent(session: DbSession, limit: int = 200) -> list[OutboxMail]:
    """The messages not sent yet, failed ones first, then newest first, with their attempts."""
    return list(
        session.scalars(
            select(OutboxMail)
            .where(OutboxMail.status != MailStatus.SENT)
            .options(selectinload(OutboxMail.attempts))
            .order_by(OutboxMail.status != MailStatus.FAILED, OutboxMail.created_at.desc(), OutboxMail.id.desc())
            .limit(limit)
        )
    )


def send_again(session: DbSession, actor: User, mail_id: int) -> OutboxMail:
    """An administrator sends a message again now, with a fresh round of tries; audited. InvalidInput, nothing
    changed, for a message already sent or being sent at this moment."""
    if not can_manage(actor):
        raise NotAllowed()
    mail = session.get(OutboxMail, mail_id)
    if mail is None or mail.status is MailStatus.SENT:
        raise InvalidInput(_l("This message has already been sent."), "mail")
    now = utcnow()
    if mail.claimed_until is not None and mail.claimed_until > now:
        raise InvalidInput(_l("This message is being sent right now: wait a moment and look again."), "mail")
    mail.status, mail.tries, mail.next_attempt_at = MailStatus.PENDING, 0, now
    audit.record(session, "mail.send_again", actor_id=actor.id, object_type="mail", object_id=mail.id)
    session.info.setdefault(_QUEUED, []).append(mail.id)
    return mail
