"""The live status of a submission while it waits and is graded, kept in Redis so that polling it costs no SQL.

The database stays the truth. A key holds only a state that is not final (queued, compiling, running test k of n),
whose it is and the contest it was sent to (a page polling it under another contest's address is answered by the
database, which refuses it); when the key is missing the reader asks the database, so deleting a key is always safe
and a lost Redis costs speed, never correctness. Keys expire: a queued one after ``QUEUED_TTL`` (a queue may be long
during a contest), a compiling or running one after ``GRADING_TTL`` unless progress refreshes it — so a state
written by a grader that was since fenced out is never shown for long.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import RedisError

from ...models import SubmissionStatus
from . import poll_pace
from .poll_pace import QueuePace

log = logging.getLogger(__name__)

QUEUED_TTL = 900
GRADING_TTL = 30


@dataclass(frozen=True)
class LiveStatus:
    submission_id: int
    user_id: int | None
    status: SubmissionStatus
    done: int
    total: int
    contest_id: int | None = None  # the contest whose problem it answers (None: not known, the database decides)


def _key(submission_id: int) -> str:
    return f"hoithi:live:{submission_id}"


def publish(redis: Redis, live: LiveStatus) -> None:
    """Record a state that is not final. A Redis failure is ignored: readers then use the database."""
    ttl = QUEUED_TTL if live.status is SubmissionStatus.QUEUED else GRADING_TTL
    value = json.dumps(
        {
            "user": live.user_id,
            "contest": live.contest_id,
            "status": live.status.value,
            "done": live.done,
            "total": live.total,
        },
        separators=(",", ":"),
    )
    with contextlib.suppress(RedisError):
        redis.set(_key(live.submission_id), value, ex=ttl)


def forget(redis: Redis, submission_ids: list[int]) -> None:
    """Drop the keys of submissions whose state changed in the database (graded, rejudged). A failure is logged:
    the key left behind shows a stale state until it expires."""
    if not submission_ids:
        return
    try:
        redis.delete(*(_key(i) for i in submission_ids))
    except RedisError:
        log.warning("live status of submissions %s not cleared; it expires on its own", submission_ids)


def read(redis: Redis, submission_id: int) -> LiveStatus | None:
    """The recorded state, or None (never recorded, expired, final, or Redis unreachable)."""
    try:
        raw = redis.get(_key(submission_id))
    except RedisError:
        return None
    return _parsed(submission_id, raw)


def read_with_pace(redis: Redis, submission_id: int, moment: float) -> tuple[LiveStatus | None, QueuePace]:
    """``read``, and the judge queue's pace at ``moment`` (``poll_pace``), in one round trip to Redis: a page's
    poll asks both. With Redis unreachable: None, and a pace that cannot tell."""
    try:
        with redis.pipeline(transaction=False) as pipe:
            pipe.get(_key(submission_id))
            poll_pace.ask(pipe, moment)
            raw, *replies = pipe.execute()
    except RedisError:
        return None, poll_pace.UNKNOWN
    return _parsed(submission_id, raw), poll_pace.pace_of(replies)


def _parsed(submission_id: int, raw: bytes | None) -> LiveStatus | None:
    if raw is None:
        return None
    data = json.loads(raw)
    status = SubmissionStatus(data["status"])
    return LiveStatus(submission_id, data["user"], status, data["done"], data["total"], data.get("contest"))
