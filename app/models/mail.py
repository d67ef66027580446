"""The mail outbox: every message is written here in the transaction of the change it reports, and sent after
commit by a worker, so that no request ever waits on a mail server and no rolled-back change sends mail."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENT = "sent"
    FAILED = "failed"  # every attempt failed; an administrator may send it again


class OutboxMail(Model):
    """One message to send. ``claimed_until`` is a sender's lease: while it runs, no other sender takes the
    message; a sender that dies leaves a lease that expires, and the message is taken again."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    to: Mapped[list[Any]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)  # emptied once sent: a reset link must not lie about in the database
    status: Mapped[MailStatus] = mapped_column(
        Enum(MailStatus, native_enum=False, length=10), default=MailStatus.PENDING
    )
    tries: Mapped[int] = mapped_column(Integer, default=0)  # attempts since it was queued (or sent again)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    attempts: Mapped[list[MailAttempt]] = relationship(
        back_populates="mail", order_by="MailAttempt.id", cascade="all, delete-orphan"
    )


class MailAttempt(Model):
    """One try at sending a message, and what the mail server answered when it failed."""

    __tablename__ = "mail_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("mail_outbox.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    error: Mapped[str] = mapped_column(Text, default="")  # empty: sent

    mail: Mapped[OutboxMail] = relationship(back_populates="attempts")
