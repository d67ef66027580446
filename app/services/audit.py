"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..models import AuditEntry
from ..timeutil import utcnow

GENESIS = "0" * 64
_LOCK_KEY = 0x486F69546869  # "HoiThi"


def _digest(entry: AuditEntry) -> str:
    body = json.dumps(
        {
            "prev": entry.prev_hash,
            "at": entry.at.isoformat(timespec="microseconds"),
            "actor": entry.actor_id,
            "action": entry.action,
            "object": [entry.object_type, entry.object_id],
            "reason": entry.reason,
            "data": entry.data,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    object_type: str,
    object_id: int | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction; it commits or rolls back with the change it records."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers until commit, so that two transactions never chain onto the same entry.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        data=data or {},
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainFault:
    entry_id: int
    problem: str


def verify(session: Session) -> list[ChainFault]:
    """Every place where the chain is broken: an edited entry, or a missing one before it."""
    faults: list[ChainFault] = []
    prev = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            faults.append(ChainFault(entry.id, "previous entry missing or changed"))
        if _digest(entry) != entry.hash:
            faults.append(ChainFault(entry.id, "entry edited"))
        prev = entry.hash
    return faults
