"""Password hashing with argon2id (which passwords may be set: services.people.password_policy).

The cost is the app's ``PASSWORD_HASH_COST``: "strong" on every site (the default), "minimal" in the test suite
alone, which logs in thousands of times. A hash carries its own cost, so either verifies the other's hashes.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

HASHERS = {
    # OWASP's argon2id setting (19 MiB, 2 passes): safe, and fast enough to import a school's sheet of people.
    "strong": PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1),
    # argon2's least cost (8 KiB, 1 pass): about a thousand times cheaper; for the tests, never for a site.
    "minimal": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
DEFAULT_COST = "strong"
MAX_HASHING_THREADS = 4
"""At most this many hashes at once (each takes the hasher's memory: 19 MiB for "strong"), never more than the
machine's processors."""


def _hasher() -> PasswordHasher:
    """The current app's hasher; outside an app, the strong one."""
    cost = current_app.config.get("PASSWORD_HASH_COST", DEFAULT_COST) if has_app_context() else DEFAULT_COST
    return HASHERS[cost]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def hash_passwords(passwords: list[str]) -> list[str]:
    """The hashes of ``passwords``, in order, each exactly as ``hash_password`` makes it (same hasher, own salt),
    computed on up to ``MAX_HASHING_THREADS`` processors at once: argon2 releases the GIL while it hashes, so a
    sheet of 2,000 people does not wait for 2,000 hashes one after the other."""
    hasher = _hasher()  # taken here: the threads have no app context
    threads = min(MAX_HASHING_THREADS, os.cpu_count() or 1, len(passwords))
    if threads <= 1:
        return [hasher.hash(p) for p in passwords]
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="password-hash") as pool:
        return list(pool.map(hasher.hash, passwords))


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
