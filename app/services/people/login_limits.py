"""Limits on logging in that slow down password guessing but never lock out a school's computer lab.

A lab's forty computers reach hoithi from one address, so counting every login per address locks a class out.
Instead:

- per account, only failed attempts count: the first few are free (typing mistakes), then each further failure
  makes the account wait before the next attempt, twice as long each time, up to a ceiling; a successful login (or a
  password reset by e-mail) starts the count again;
- per address, a generous cap of failed attempts an hour, which a lab never reaches but which stops one machine from
  trying passwords on every account; successful logins never count.

The counters live in the rate limiter's storage (Redis when configured, so every web process shares them).
A refusal says how long to wait, in whole seconds.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits.storage import Storage

ACCOUNT_WINDOW_SECONDS = 24 * 3600
"""Failed attempts on an account are forgotten this long after the first one (or at its next successful login)."""
ADDRESS_WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Policy:
    """How generous the limits are (from the app's ``LOGIN_*`` settings)."""

    free_failures: int = 5
    first_delay_seconds: int = 30
    max_delay_seconds: int = 15 * 60
    address_failures_per_hour: int = 300

    def delay_after(self, failures: int) -> int:
        """Seconds the account waits after its ``failures``-th failed attempt in a row (0: none)."""
        extra = failures - self.free_failures
        if extra < 0:
            return 0
        return int(min(self.first_delay_seconds * 2 ** min(extra, 30), self.max_delay_seconds))


@dataclass(frozen=True)
class Refusal:
    """An attempt refused before the password was even checked, and for how long more."""

    reason: str  # "account" or "address"
    wait_seconds: int


def _account(username: str) -> str:
    # hashed: the storage never holds what people typed as a login
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


class LoginLimits:
    """The login limits over a ``limits`` storage (the rate limiter's)."""

    def __init__(self, storage: Storage, policy: Policy | None = None) -> None:
        self.storage = storage
        self.policy = policy or Policy()

    def _keys(self, username: str) -> tuple[str, str]:
        account = _account(username)
        return f"hoithi/login/failures/{account}", f"hoithi/login/wait/{account}"

    def _remaining(self, key: str) -> int:
        return max(1, math.ceil(self.storage.get_expiry(key) - time.time()))

    def check(self, username: str, address: str) -> Refusal | None:
        """A refusal if this attempt must not be tried now, else None (go on and check the password)."""
        _, wait = self._keys(username)
        if self.storage.get(wait) > 0:
            return Refusal("account", self._remaining(wait))
        per_address = f"hoithi/login/address/{address}"
        if self.storage.get(per_address) >= self.policy.address_failures_per_hour:
            return Refusal("address", self._remaining(per_address))
        return None

    def failed(self, username: str, address: str) -> int:
        """Count a failed attempt; returns the seconds the account must now wait before its next attempt."""
        failures_key, wait_key = self._keys(username)
        self.storage.incr(f"hoithi/login/address/{address}", ADDRESS_WINDOW_SECONDS)
        failures = self.storage.incr(failures_key, ACCOUNT_WINDOW_SECONDS)
        delay = self.policy.delay_after(failures)
        if delay:
            self.storage.clear(wait_key)
            self.storage.incr(wait_key, delay)
        return delay

    def succeeded(self, username: str) -> None:
        """The account's owner proved who they are: their failed attempts are forgotten."""
        for key in self._keys(username):
            self.storage.clear(key)
