"""The counters of the login limits and of the password-reset mails, kept going when Redis is not.

They live in the rate limiter's storage (Redis when configured, so that every web process shares them). When that
storage cannot be reached, the counters are kept in this process's memory until it answers again: each process then
counts alone, which still slows password guessing, rather than refusing every login (a lock-out) or counting
nothing (no limit). The rate limiter's own decorated limits fall back likewise (``RATELIMIT_IN_MEMORY_FALLBACK``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask
from limits.storage import MemoryStorage, Storage

from .redis_guard import OPEN_SECONDS, note_fallback

T = TypeVar("T")


class FallbackStorage(Storage):
    """``primary`` while it answers; this process's memory for ``retry_after`` seconds after each failure of it."""

    STORAGE_SCHEME = None

    def __init__(self, primary: Storage, retry_after: float = OPEN_SECONDS) -> None:
        super().__init__()
        self.primary = primary
        self.memory = MemoryStorage()
        self.retry_after = retry_after
        self._skip_until = 0.0
        self._lock = threading.Lock()

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.memory.base_exceptions

    def _either(self, what: str, call: Callable[[Storage], T]) -> T:
        if time.monotonic() >= self._skip_until:
            try:
                return call(self.primary)
            except self.primary.base_exceptions as error:
                with self._lock:
                    self._skip_until = time.monotonic() + self.retry_after
                note_fallback(f"rate limit counters ({what})", error)
        return call(self.memory)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._either("incr", lambda storage: storage.incr(key, expiry, amount))

    def get(self, key: str) -> int:
        return self._either("get", lambda storage: storage.get(key))

    def get_expiry(self, key: str) -> float:
        return self._either("get_expiry", lambda storage: storage.get_expiry(key))

    def check(self) -> bool:
        return self.primary.check()

    def reset(self) -> int | None:
        self.memory.reset()
        return self._either("reset", lambda storage: storage.reset())

    def clear(self, key: str) -> None:
        self.memory.clear(key)  # a success or a reset must not leave a wait behind in memory
        self._either("clear", lambda storage: storage.clear(key))


def counters(app: Flask, primary: Storage) -> FallbackStorage:
    """The app's counters over the rate limiter's storage ``primary`` (one per process)."""
    found = app.extensions.get("hoithi_counters")
    if found is None or found.primary is not primary:
        found = FallbackStorage(primary)
        app.extensions["hoithi_counters"] = found
    return found
