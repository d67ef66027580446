"""Writing and verifying the audit log, so that no entry can be changed, removed or added, nor the newest ones cut
off, unseen.

Each entry carries a keyed hash (HMAC-SHA256, ``AUDIT_KEY``, kept outside the database) over its content, its
number in the chain and the hash of the entry before it: whoever can write to the database but lacks the key
cannot recompute the chain after changing an entry. Cutting off the newest entries leaves a valid chain, so the
chain's head is also checkpointed outside the database: after each commit that recorded an entry, a line (last
id, its hash, the count of entries, the time) is appended to ``AUDIT_CHECKPOINT_FILE``, and the monthly summary
carries one. ``verify`` checks the chain and every checkpoint it is given.

Entries written before keyed hashes (``digest_version`` 1) keep their unkeyed SHA-256 digest: re-keying them would
vouch for whatever they hold. Changing one breaks the link of the first keyed entry, which cannot be recomputed; an
unkeyed entry after a keyed one is a forgery. Only a chain rewritten wholly as unkeyed escapes the hashes, and the
checkpoints catch it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from ...extensions import DbSession
from ...models import AuditEntry
from ...timeutil import utcnow

log = logging.getLogger(__name__)

GENESIS = "0" * 64
UNKEYED, KEYED = 1, 2
_LOCK_KEY = 0x486F69546869  # "HoiThi"
_RECORDED = "hoithi_audit_recorded"  # the session's ``info`` key: this transaction recorded an entry


def _digest(entry: AuditEntry, key: str) -> str:
    fields: dict[str, Any] = {
        "prev": entry.prev_hash,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "action": entry.action,
        "object": [entry.object_type, entry.object_id],
        "reason": entry.reason,
        "data": entry.data,
    }
    if entry.digest_version == UNKEYED:
        return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    body = json.dumps({**fields, "seq": entry.seq}, sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def record(
    session: DbSession,
    action: str,
    *,
    actor_id: int | None,
    object_type: str,
    object_id: int | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction; it commits or rolls back with the change it records, and a
    checkpoint of the chain's head is written after the commit."""
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
        seq=last.seq + 1 if last else 1,
        digest_version=KEYED,
    )
    entry.hash = _digest(entry, current_app.config["AUDIT_KEY"])
    session.add(entry)
    session.flush()
    session.info[_RECORDED] = True
    return entry


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at a moment: its last entry, that entry's hash and how many entries the chain had."""

    entry_id: int
    hash: str
    count: int
    at: datetime

    def line(self) -> str:
        return json.dumps({"id": self.entry_id, "hash": self.hash, "count": self.count, "at": self.at.isoformat()})


def head(session: DbSession) -> Checkpoint | None:
    """The chain's head now; None while the log is empty."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash, AuditEntry.seq).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return Checkpoint(last.id, last.hash, last.seq, utcnow()) if last else None


def write_checkpoint(session: DbSession, path: str | Path) -> Checkpoint | None:
    """Append the chain's head to the checkpoint file ``path`` (one JSON line; the file is only ever appended)."""
    now = head(session)
    if now is not None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(now.line() + "\n")
    return now


# Not at a savepoint's end (SQLAlchemy sends both events for one too): the outermost transaction decides whether
# the entries exist, and only after its commit is the head the one to checkpoint.
@event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session: Session) -> None:
    if session.in_nested_transaction() or not session.info.pop(_RECORDED, False):
        return
    try:
        with Session(session.get_bind()) as reader:
            write_checkpoint(reader, current_app.config["AUDIT_CHECKPOINT_FILE"])
    except Exception:  # the change is committed; the next audited commit writes the head again
        log.exception("audit checkpoint not written")


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_RECORDED, None)


def read_checkpoints(path: str | Path) -> tuple[list[Checkpoint], list[int]]:
    """The checkpoints in the file ``path`` (none if it does not exist), and the numbers of unreadable lines."""
    checkpoints: list[Checkpoint] = []
    unreadable: list[int] = []
    if not Path(path).exists():
        return checkpoints, unreadable
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            try:
                row = json.loads(line)
                checkpoints.append(
                    Checkpoint(int(row["id"]), str(row["hash"]), int(row["count"]), datetime.fromisoformat(row["at"]))
                )
            except (ValueError, KeyError, TypeError):
                unreadable.append(number)
    return checkpoints, unreadable


def not_signed_with(session: DbSession, key: str, newest: int = 20) -> tuple[int, list[int]]:
    """How many of the ``newest`` keyed entries were looked at, and the ids of those whose hash ``key`` does not
    give: entries another host signed with another key (or edited ones: ``verify`` tells them apart only by
    knowing both keys)."""
    query = select(AuditEntry).where(AuditEntry.digest_version == KEYED).order_by(AuditEntry.id.desc()).limit(newest)
    entries = list(session.scalars(query))
    return len(entries), sorted(e.id for e in entries if _digest(e, key) != e.hash)


@dataclass(frozen=True)
class ChainFault:
    """One place where the log is not what it was. ``kind``: link (an entry before it missing or changed),
    edited, unkeyed (an unkeyed entry after keyed ones), truncated (entries removed after a checkpoint),
    rewritten (a checkpointed entry missing, or its hash or number changed)."""

    entry_id: int
    problem: str
    kind: str = "edited"


def verify(session: DbSession, key: str | None = None, checkpoints: Iterable[Checkpoint] = ()) -> list[ChainFault]:
    """Every place where the chain is broken (an edited entry, a missing one before it, an unkeyed one after keyed
    ones), and every checkpoint the log no longer matches: entries removed after it, or its entry rewritten.
    ``key``: the app's ``AUDIT_KEY`` if not given."""
    key = key if key is not None else current_app.config["AUDIT_KEY"]
    checkpoints = list(checkpoints)
    wanted = {c.entry_id for c in checkpoints}
    seen: dict[int, tuple[str, int]] = {}
    faults: list[ChainFault] = []
    prev, number, keyed_seen, last_id = GENESIS, 1, False, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)):
        if entry.prev_hash != prev or entry.seq != number:
            faults.append(ChainFault(entry.id, "previous entry missing or changed", "link"))
        if entry.digest_version == UNKEYED and keyed_seen:
            faults.append(ChainFault(entry.id, "unkeyed entry after keyed ones: rewritten", "unkeyed"))
        if entry.digest_version not in (UNKEYED, KEYED) or _digest(entry, key) != entry.hash:
            faults.append(ChainFault(entry.id, "entry edited", "edited"))
        keyed_seen = keyed_seen or entry.digest_version == KEYED
        prev, number, last_id = entry.hash, entry.seq + 1, entry.id
        if entry.id in wanted:
            seen[entry.id] = (entry.hash, entry.seq)
    return faults + _against_checkpoints(checkpoints, seen, last_id, number - 1)


def _against_checkpoints(
    checkpoints: list[Checkpoint], seen: dict[int, tuple[str, int]], last_id: int, count: int
) -> list[ChainFault]:
    faults: dict[int, ChainFault] = {}
    beyond = [c for c in checkpoints if c.entry_id > last_id]
    if beyond:
        newest = max(beyond, key=lambda c: (c.count, c.entry_id))
        faults[newest.entry_id] = ChainFault(
            newest.entry_id,
            f"entries removed after checkpoint {newest.entry_id}: the checkpoint of {newest.at:%Y-%m-%d %H:%M} UTC "
            f"counted {newest.count} entries ending at entry {newest.entry_id}; the log now has {count}, ending at "
            f"entry {last_id or 'none'}",
            "truncated",
        )
    for c in checkpoints:
        if c.entry_id <= last_id and seen.get(c.entry_id) != (c.hash, c.count):
            faults[c.entry_id] = ChainFault(
                c.entry_id,
                f"entry rewritten or removed: it differs from the checkpoint of {c.at:%Y-%m-%d %H:%M} UTC",
                "rewritten",
            )
    return list(faults.values())
