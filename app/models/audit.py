"""The append-only audit log: who did what, when and why, each entry chained to the one before by a keyed hash
(see app.services.records.audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..timeutil import utcnow


class AuditEntry(Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The entry's place in the chain (1, 2, ...): the count of entries up to it, which a checkpoint records.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    # How ``hash`` is made: 1 = SHA-256 without a key (entries written before keyed hashes), 2 = HMAC-SHA256.
    digest_version: Mapped[int] = mapped_column(Integer, default=2)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete an audit entry through the ORM."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(*_: object) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(*_: object) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be deleted")
