"""Copying a local store into another store (a bucket): ``hoithi storage migrate``.

Resumable: an object the target already holds whole (its size, and the hash recorded with it) is skipped, so a
run cut short is simply run again. Verified: each object is hashed in the folder before it is copied (a damaged
one is reported and not copied), the target's own hash of what it received must be the same digest, and the
target must then hold it whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .store import ContentStore, LocalStore, StoreError


@dataclass
class Migration:
    """What a run did: objects ``copied`` (and their ``bytes``), ``present`` already, ``damaged`` in the source
    (digests, not copied)."""

    copied: int = 0
    present: int = 0
    bytes: int = 0
    damaged: list[str] = field(default_factory=list)


def migrate(source: LocalStore, target: ContentStore, progress: Callable[[str, str], None] | None = None) -> Migration:
    """Copy every object of ``source`` that ``target`` does not hold whole; ``progress(digest, what)`` is told
    of each (``copied``, ``present`` or ``damaged``). A fault of the target (unreachable, refused) stops the run
    with its ``StoreError``; what was copied stays copied."""
    done = Migration()
    for digest in source.digests():
        path = source.path(digest)
        size = path.stat().st_size
        if target.holds(digest, size):
            done.present += 1
            what = "present"
        elif not source.holds(digest, size):  # damaged on this disk: copying it would spread the damage
            done.damaged.append(digest)
            what = "damaged"
        else:
            with open(path, "rb") as f:
                stored, stored_size = target.put(f)
            if stored != digest or not target.holds(digest, stored_size):
                raise StoreError(f"{target.describe()} does not hold {digest} whole after copying it")
            done.copied += 1
            done.bytes += stored_size
            what = "copied"
        if progress is not None:
            progress(digest, what)
    return done
