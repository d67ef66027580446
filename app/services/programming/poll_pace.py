"""When a submission's page should ask for its live status again: soon while it is graded, later the longer the
judge queue would keep it waiting.

A page asks every second while its submission is graded (tests finish quickly). While it waits, asking every few
seconds shows nothing new until the queue reaches it; in a contest's first minutes thousands of pages wait at once
and their questions take the web host's time from the pages contestants read. So the answer carries the delay
before the next question: the queue's length divided by the judges' recent pace (submissions judged in the last
minute, counted in Redis as each result is written) is how long the wait should last, and the page asks again after
a quarter of that, between ``QUEUED_MS`` bounds; with an empty queue, at the shorter bound. A page that asks too late
loses at most ``QUEUED_MS[1]`` of freshness, never a result: the submission's page shows the database's truth.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.client import Pipeline
from redis.exceptions import RedisError
from rq import Queue

from ...models import SubmissionStatus
from ...queue import JUDGE_QUEUE

GRADED_MS = 1000
"""While compiling or running tests."""
QUEUED_MS = (3000, 30000)
"""The shortest and the longest delay while the submission waits in the queue. The longest is the 30 s after which
DOMjudge's team and scoreboard pages reload themselves: in a contest's first minutes the queue is minutes long and
the judges' pace cannot shorten it, and at 15 s the waiting pages' questions were a fifth of the web host's
requests (docs/operations.md)."""
_MINUTE_S = 60
_QUEUE_KEY = Queue.redis_queue_namespace_prefix + JUDGE_QUEUE


def _judged_key(minute: int) -> str:
    return f"hoithi:judged:{minute}"


def judged(redis: Redis, now: float | None = None) -> None:
    """Count one submission judged in this minute. A Redis failure is ignored: the pace is a hint."""
    minute = int((time.time() if now is None else now) // _MINUTE_S)
    with contextlib.suppress(RedisError), redis.pipeline(transaction=False) as pipe:
        pipe.incr(_judged_key(minute))
        pipe.expire(_judged_key(minute), 3 * _MINUTE_S)
        pipe.execute()


@dataclass(frozen=True)
class QueuePace:
    """The judge queue as Redis told it: how many wait in it (None: Redis could not tell), and how many were judged
    in the last full minute and in this one so far."""

    waiting: int | None
    last: int = 0
    this: int = 0


UNKNOWN = QueuePace(None)


def ask(pipe: Pipeline, moment: float) -> None:
    """Add to ``pipe`` the two commands whose replies ``pace_of`` reads: the queue's length and the judged counts
    at ``moment`` (a page's poll asks them in the round trip that reads its live status)."""
    minute = int(moment // _MINUTE_S)
    pipe.llen(_QUEUE_KEY)
    pipe.mget(_judged_key(minute - 1), _judged_key(minute))


def pace_of(replies: Sequence[Any]) -> QueuePace:
    """The queue's pace from the replies to ``ask``'s two commands."""
    length, (last, this) = replies
    return QueuePace(int(length), int(last or 0), int(this or 0))


def next_poll_ms(redis: Redis, status: SubmissionStatus, now: float | None = None) -> int:
    """The delay, in ms, before a page whose submission is in ``status`` (not final) asks again: ``GRADED_MS``
    unless it waits in the queue; then a quarter of the queue's expected wait, within ``QUEUED_MS`` (the shorter
    bound when Redis cannot tell)."""
    if status is not SubmissionStatus.QUEUED:
        return GRADED_MS
    moment = time.time() if now is None else now
    try:
        with redis.pipeline(transaction=False) as pipe:
            ask(pipe, moment)
            pace = pace_of(pipe.execute())
    except RedisError:
        pace = UNKNOWN
    return delay_ms(status, pace, moment)


def delay_ms(status: SubmissionStatus, pace: QueuePace, moment: float) -> int:
    """``next_poll_ms``'s delay for a submission in ``status``, from the queue's ``pace`` read at ``moment``."""
    if status is not SubmissionStatus.QUEUED:
        return GRADED_MS
    if not pace.waiting:  # none waiting, or Redis could not tell
        return QUEUED_MS[0]
    minute = int(moment // _MINUTE_S)
    # judged a second: over the last full minute, or over this one so far when it runs faster
    rate = max(pace.last / _MINUTE_S, pace.this / max(moment - minute * _MINUTE_S, 1.0))
    if rate == 0:
        return QUEUED_MS[1]
    return round(min(max(pace.waiting / rate * 1000 / 4, QUEUED_MS[0]), QUEUED_MS[1]))
