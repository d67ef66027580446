"""Redis as an accelerator, never a single point of failure: how the web side talks to it.

Every use of Redis reachable from a web request (rate limits, submit spacing, the scoreboard cache, live statuses,
putting jobs on the queue) has a fallback: the database, this process's memory, or simply going without. A fallback
is only as good as the time it takes to notice that Redis is gone, so the clients made here

- give up fast: a short connect and read timeout and no retries (redis-py's default retries ten times with
  backoff, which costs seconds per request when Redis is down);
- and stop trying for a moment after a failure (a circuit breaker, per process and per Redis address): while the
  breaker is open a call fails at once with ``redis.ConnectionError``, without touching the network, so that a dead
  Redis costs microseconds per request rather than a connect timeout each.

The breaker logs once when Redis stops answering and once when it answers again; the callers log, at most at
INFO, what they did instead.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 0.25
"""Connecting to Redis (a Unix socket or the local network) takes well under a millisecond when it is up."""
SOCKET_TIMEOUT_S = 1.0
"""The longest wait for a reply: every command the web side sends is O(1) or reads one cached board."""
OPEN_SECONDS = 2.0
"""After a failure, calls fail at once for this long before one is let through to try again."""

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


def client_options() -> dict[str, Any]:
    """Keyword arguments for a ``redis.Redis`` that gives up fast (also for the rate limiter's storage)."""
    return {
        "socket_connect_timeout": CONNECT_TIMEOUT_S,
        "socket_timeout": SOCKET_TIMEOUT_S,
        "retry": Retry(NoBackoff(), 0),
    }


class Breaker:
    """A circuit breaker: closed while Redis answers; open for ``open_seconds`` after a failure, then half open (the
    next call tries). Thread safe; one per process and Redis address."""

    def __init__(self, name: str, open_seconds: float = OPEN_SECONDS) -> None:
        self.name = name
        self.open_seconds = open_seconds
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._down_since: float | None = None

    def allows(self) -> bool:
        """Whether a call may try Redis now."""
        return time.monotonic() >= self._open_until

    @property
    def down(self) -> bool:
        """Whether the last call failed (Redis is presumed away)."""
        return self._down_since is not None

    def failed(self, error: Exception) -> None:
        """A call could not reach Redis: skip it for ``open_seconds``. Logged when Redis was up until now."""
        with self._lock:
            now = time.monotonic()
            self._open_until = now + self.open_seconds
            if self._down_since is None:
                self._down_since = now
                log.warning(
                    "Redis at %s does not answer (%s): going without it (limits in this process's memory or the "
                    "database, no caches, jobs left to the reconciler) until it answers again",
                    self.name,
                    error,
                )

    def succeeded(self) -> None:
        """A call reached Redis. Logged when it had been away."""
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is not None:
                log.warning("Redis at %s answers again, after %.1f s", self.name, time.monotonic() - self._down_since)
                self._down_since = None
                self._open_until = 0.0


class GuardedConnectionPool(redis.ConnectionPool):
    """A connection pool that fails at once while its breaker is open, and opens it when a connection cannot be
    made (Redis stopped, restarted, unreachable)."""

    def __init__(self, *args: Any, breaker: Breaker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breaker = breaker

    def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        if not self.breaker.allows():
            raise redis.ConnectionError(f"Redis at {self.breaker.name} is skipped for a moment after a failure")
        try:
            connection = super().get_connection(*args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.failed(error)
            raise
        self.breaker.succeeded()
        return connection


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str) -> Breaker:
    """This process's breaker for the Redis at ``url`` (shared by every client of that address)."""
    with _breakers_lock:
        if url not in _breakers:
            _breakers[url] = Breaker(printable_url(url))
        return _breakers[url]


def printable_url(url: str) -> str:
    """The address without its credentials, for logs and messages."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"


def guarded_client(url: str) -> redis.Redis:
    """A client for the Redis at ``url`` that gives up fast and stops trying for a moment after a failure."""
    pool = GuardedConnectionPool.from_url(url, breaker=breaker_for(url), **client_options())
    return redis.Redis(connection_pool=pool)


def note_fallback(what: str, error: Exception) -> None:
    """Log that ``what`` went without Redis: briefly when Redis is unreachable (the breaker has said so already),
    with the traceback for any other Redis error (a full memory, a read-only replica: a fault to look into). ``error``
    is a Redis error, or one of the rate limiter storage's ``base_exceptions``."""
    if isinstance(error, UNREACHABLE):
        log.info("%s: Redis unreachable, done without it", what)
    else:
        log.error("%s: Redis refused (%s), done without it", what, error, exc_info=error)
