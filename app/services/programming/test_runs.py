"""Test runs: a contestant runs their program on a problem's sample or on input they type, and sees its output,
time and memory. A test run is not a submission: it earns nothing and no scoreboard or list of submissions shows
it. The rules (who, when, which languages, how much input, how often) hold here, on the server."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from redis import Redis, RedisError
from rq import Queue, Retry
from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.orm import defer, lazyload

from ...extensions import DbSession
from ...models import Contest, SubmissionStatus, TestRun, User, job_id_for_test_run
from ...policies.contests import is_staff
from ...redis_guard import note_fallback
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed, NotFound, TooSoon
from ..session_memo import remembered
from . import contestant, disqualification, entrant_window, grading, judging_settings, problem_display


@dataclass(frozen=True)
class TestRunLimits:
    """How much of the judge contestants' test runs may take (the settings ``HOITHI_TEST_RUN*``, see README)."""

    __test__ = False

    per_minute: int = 3
    """Test runs one contestant may start in any 60 seconds (in the whole contest)."""
    max_input_bytes: int = 1024 * 1024
    """The largest input a contestant may type or choose."""
    kept: int = 20
    """A contestant's newest test runs in a contest that are kept; older ones are deleted as new ones come."""
    listed: int = 10
    """How many of a contestant's newest runs of a problem its page lists."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TestRunLimits:
        """The limits an app's configuration sets (at least one of each, whatever it says)."""
        return cls(
            per_minute=max(1, int(config.get("TEST_RUNS_PER_MINUTE", cls.per_minute))),
            max_input_bytes=max(1, int(config.get("TEST_RUN_INPUT_KIB", cls.max_input_bytes // 1024))) * 1024,
            kept=max(1, int(config.get("TEST_RUNS_KEPT", cls.kept))),
            listed=max(1, int(config.get("TEST_RUNS_LISTED", cls.listed))),
        )


JOB = "app.grading.test_runs.run_test"
JOB_TIMEOUT_S = 10 * 60
RETRIES = 2


def start(
    session: DbSession,
    queue: Queue,
    contest: Contest,
    user: User,
    label: str,
    source: bytes,
    language: str,
    stdin: bytes,
    limits: TestRunLimits,
    now: datetime | None = None,
) -> int:
    """Check, store, commit and queue a test run; its id.

    Refused (nothing stored or queued) as a submission would be: outside the window for contestants (staff may
    always), for a problem the user may not see or a language the contest does not accept, for an empty or
    over-long source; and for input over ``limits.max_input_bytes`` or not UTF-8 text, or beyond
    ``limits.per_minute`` (``TooSoon``, saying how long to wait). Without Redis it is stored as queued all the same,
    and queued by the workers' reconciler once Redis answers.
    """
    now = now or utcnow()
    entrant = contestant.registration_of(session, contest, user)
    if not is_staff(user, contest) and not entrant_window.in_window(contest, now, entrant):
        if entrant is None:
            raise NotAllowed()
        raise InvalidInput(entrant_window.window_message(contest, now, entrant))
    if not is_staff(user, contest) and (disqualified := disqualification.refusal(entrant)) is not None:
        raise InvalidInput(disqualified)
    item = contestant.problem_for(session, contest, user, label, now)  # NotAllowed for the unregistered too
    if language not in judging_settings.settings_for(session, contest).language_keys:
        raise InvalidInput(_l("This contest does not accept that language."), "language")
    if not problem_display.runs_alone(item.problem):
        raise InvalidInput(_l("This problem's programs talk with the judge's own program: they cannot be run alone."))
    text = grading.checked_source(source, language)
    if len(stdin) > limits.max_input_bytes:
        raise InvalidInput(_l("The input is larger than %(kib)d KiB.", kib=limits.max_input_bytes // 1024), "run_input")
    try:
        typed = stdin.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(_l("The input is not text (UTF-8)."), "run_input") from None
    if "\x00" in typed:
        raise InvalidInput(_l("The input is not text (UTF-8)."), "run_input")
    wait = _take_slot(session, queue.connection, user.id, contest.id, limits.per_minute)
    if wait:
        raise TooSoon(
            _l(
                "You may run your program at most %(n)d times a minute: run it again in %(s)d seconds.",
                n=limits.per_minute,
                s=wait,
            ),
            wait,
        )
    run = TestRun(
        contest_id=contest.id,
        problem_id=item.problem_id,
        user_id=user.id,
        language=language,
        source=text,
        input=typed,
        status=SubmissionStatus.QUEUED,
    )
    session.add(run)
    session.flush()
    run_id = run.id
    _forget_old(session, contest.id, user.id, limits.kept)
    session.commit()
    try:
        enqueue(queue, run_id)
    except RedisError as error:  # stored as queued: the workers' reconciler queues it once Redis answers
        note_fallback(f"queueing test run {run_id}", error)
    return run_id


def _take_slot(session: DbSession, redis: Redis, user_id: int, contest_id: int, per_minute: int) -> int:
    """Count this run in the user's last minute, if fewer than ``per_minute`` are there (a sliding window kept in
    Redis, so every web host counts alike): 0 when counted, else the seconds until the oldest run leaves it.
    Without Redis, the user's test runs of the last minute are counted in the database."""
    key = f"hoithi:test-runs:{contest_id}:{user_id}"
    now = time.time()
    member = f"{now}:{uuid.uuid4().hex}"
    try:
        pipe = redis.pipeline()
        pipe.zremrangebyscore(key, 0, now - 60)
        pipe.zadd(key, {member: now})
        pipe.zcard(key)
        pipe.expire(key, 61)
        count = pipe.execute()[2]
        if count > per_minute:
            redis.zrem(key, member)
            oldest = redis.zrange(key, 0, 0, withscores=True)
            return max(1, math.ceil(oldest[0][1] + 60 - now)) if oldest else 1
        return 0
    except RedisError as error:
        note_fallback("test run limit", error)
    since = utcnow() - timedelta(seconds=60)
    recent = list(
        session.scalars(
            select(TestRun.created_at)
            .where(TestRun.contest_id == contest_id, TestRun.user_id == user_id, TestRun.created_at >= since)
            .order_by(TestRun.created_at)
        )
    )
    if len(recent) < per_minute:
        return 0
    return max(1, math.ceil((recent[0] - since).total_seconds()))


def _forget_old(session: DbSession, contest_id: int, user_id: int, kept_count: int) -> None:
    """Delete the user's test runs in the contest beyond the newest ``kept_count``."""
    newest = (
        select(TestRun.id)
        .where(TestRun.contest_id == contest_id, TestRun.user_id == user_id)
        .order_by(TestRun.id.desc())
        .limit(kept_count)
    )
    kept = list(session.scalars(newest))
    if len(kept) == kept_count:
        session.execute(
            delete(TestRun).where(TestRun.contest_id == contest_id, TestRun.user_id == user_id, TestRun.id < min(kept))
        )


def enqueue(queue: Queue, test_run_id: int) -> None:
    """Put a test run's job on the (test run) queue, by id only; retried only for the judge's own faults."""
    queue.enqueue(
        JOB,
        test_run_id,
        job_id=job_id_for_test_run(test_run_id),
        retry=Retry(max=RETRIES),
        job_timeout=JOB_TIMEOUT_S,
        result_ttl=600,
        failure_ttl=24 * 3600,
    )


def own_test_run(session: DbSession, contest: Contest, user: User, test_run_id: int) -> TestRun:
    """One of the user's own test runs in the contest (nobody else's, staff's included: they are private); NotFound
    for any other, as for a missing one."""
    run = session.get(TestRun, test_run_id)
    if run is None or run.user_id != user.id or run.contest_id != contest.id:
        raise NotFound()
    return run


def recent(session: DbSession, contest: Contest, user: User, problem_id: int, count: int) -> list[TestRun]:
    """The user's ``count`` newest test runs of the problem in the contest, newest first: what the problem's page
    shows of them read at once, their program, input, judge's log and problem only when used."""
    if not remembered(session, _made_key(contest.id, user.id), lambda: True):
        return []  # none made in the contest, as read with other rows (note_made)
    parameters = {"contest_id": contest.id, "user_id": user.id, "problem_id": problem_id, "count": count}
    return list(session.scalars(_RECENT, parameters))


MADE_ANY = exists().where(TestRun.contest_id == bindparam("contest_id"), TestRun.user_id == bindparam("user_id"))
"""Whether the user ``user_id`` has made a test run in the contest ``contest_id``: for a query that reads other rows
too (``kept_contests``), whose caller tells ``note_made``."""


def note_made(session: DbSession, contest_id: int, user_id: int, made: bool) -> None:
    """Tell ``recent``, until the session next writes (``session_memo``), whether the user has made any test run in
    the contest (``MADE_ANY``): with none, the problem page asks no query for them."""
    remembered(session, _made_key(contest_id, user_id), lambda: made)


def _made_key(contest_id: int, user_id: int) -> tuple[str, int, int]:
    return ("test runs made", contest_id, user_id)


# Built once (its parameters bound when run): building it took a sixth of a problem page's own CPU.
_RECENT = (
    select(TestRun)
    .where(
        TestRun.contest_id == bindparam("contest_id"),
        TestRun.user_id == bindparam("user_id"),
        TestRun.problem_id == bindparam("problem_id"),
    )
    .options(lazyload(TestRun.problem), defer(TestRun.source), defer(TestRun.input), defer(TestRun.judge_log))
    .order_by(TestRun.id.desc())
    .limit(bindparam("count"))
)


@dataclass(frozen=True)
class TestRunView:
    """What the contestant is shown of a test run (the page's poller reads it as JSON)."""

    __test__ = False

    id: int
    status: str
    final: bool
    outcome: str | None
    exit_code: int | None
    signal: int | None
    time_ms: int | None
    memory_kb: int | None
    output: str
    output_truncated: bool
    stderr: str
    compile_output: str
    language: str

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def view(run: TestRun) -> TestRunView:
    final = run.status in (SubmissionStatus.DONE, SubmissionStatus.ERROR)
    return TestRunView(
        id=run.id,
        status=run.status.value,
        final=final,
        outcome=run.outcome if final else None,
        exit_code=run.exit_code,
        signal=run.signal,
        time_ms=run.time_ms,
        memory_kb=run.memory_kb,
        output=run.output if final else "",
        output_truncated=run.output_truncated,
        stderr=run.stderr if final else "",
        compile_output=run.compile_output if final else "",
        language=run.language,
    )
