"""Test runs: a contestant runs their program on a problem's sample or on input they type, and sees its output,
time and memory. A test run is not a submission: it earns nothing and no scoreboard or list of submissions shows
it. The rules (who, when, which languages, how much input, how often) hold here, on the server."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from redis import Redis, RedisError
from rq import Queue, Retry
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import Contest, SubmissionStatus, TestRun, User, job_id_for_test_run
from ..redis_guard import note_fallback
from ..timeutil import utcnow
from . import judging, problem_admin, programming
from .errors import InvalidInput, NotAllowed, TooSoon

MAX_INPUT_BYTES = 1024 * 1024
RUNS_PER_MINUTE = 3
"""Test runs one contestant may start in any 60 seconds (in the whole contest)."""
KEPT_PER_CONTESTANT = 20
"""A contestant's newest test runs in a contest that are kept; older ones are deleted as new ones come."""
JOB = "app.grading.test_runs.run_test"
JOB_TIMEOUT_S = 10 * 60
RETRIES = 2


def start(
    session: Session,
    queue: Queue,
    contest: Contest,
    user: User,
    label: str,
    source: bytes,
    language: str,
    stdin: bytes,
    now: datetime | None = None,
) -> int:
    """Check, store, commit and queue a test run; its id.

    Refused (nothing stored or queued) as a submission would be: outside the window for contestants (staff may
    always), for a problem the user may not see or a language the contest does not accept, for an empty or
    over-long source; and for input over ``MAX_INPUT_BYTES`` or not UTF-8 text, or beyond ``RUNS_PER_MINUTE``.
    Without Redis it is stored as queued all the same, and queued by the workers' reconciler once Redis answers.
    """
    now = now or utcnow()
    if not programming.is_staff(user, contest) and not programming.in_window(contest, now):
        if programming.registration_of(session, contest, user) is None:
            raise NotAllowed()
        raise InvalidInput(programming.window_message(contest, now))
    item = programming.problem_for(session, contest, user, label, now)  # NotAllowed for the unregistered too
    if language not in programming.settings_for(session, contest).language_keys:
        raise InvalidInput(_l("This contest does not accept that language."), "language")
    if not problem_admin.runs_alone(item.problem):
        raise InvalidInput(_l("This problem's programs talk with the judge's own program: they cannot be run alone."))
    text = judging.checked_source(source, language)
    if len(stdin) > MAX_INPUT_BYTES:
        raise InvalidInput(_l("The input is larger than %(kib)d KiB.", kib=MAX_INPUT_BYTES // 1024), "run_input")
    try:
        typed = stdin.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(_l("The input is not text (UTF-8)."), "run_input") from None
    if "\x00" in typed:
        raise InvalidInput(_l("The input is not text (UTF-8)."), "run_input")
    if not _take_slot(session, queue.connection, user.id, contest.id):
        raise TooSoon(
            _l(
                "You may run your program at most %(n)d times a minute: wait a little and run it again.",
                n=RUNS_PER_MINUTE,
            )
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
    _forget_old(session, contest.id, user.id)
    session.commit()
    try:
        enqueue(queue, run_id)
    except RedisError as error:  # stored as queued: the workers' reconciler queues it once Redis answers
        note_fallback(f"queueing test run {run_id}", error)
    return run_id


def _take_slot(session: Session, redis: Redis, user_id: int, contest_id: int) -> bool:
    """Count this run in the user's last minute, if fewer than ``RUNS_PER_MINUTE`` are there (a sliding window
    kept in Redis, so every web host counts alike). Without Redis, the user's test runs of the last minute are
    counted in the database."""
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
        if count > RUNS_PER_MINUTE:
            redis.zrem(key, member)
            return False
        return True
    except RedisError as error:
        note_fallback("test run limit", error)
    recent = session.scalar(
        select(func.count())
        .select_from(TestRun)
        .where(
            TestRun.contest_id == contest_id,
            TestRun.user_id == user_id,
            TestRun.created_at >= utcnow() - timedelta(seconds=60),
        )
    )
    return (recent or 0) < RUNS_PER_MINUTE


def _forget_old(session: Session, contest_id: int, user_id: int) -> None:
    """Delete the user's test runs in the contest beyond the newest ``KEPT_PER_CONTESTANT``."""
    newest = (
        select(TestRun.id)
        .where(TestRun.contest_id == contest_id, TestRun.user_id == user_id)
        .order_by(TestRun.id.desc())
        .limit(KEPT_PER_CONTESTANT)
    )
    kept = list(session.scalars(newest))
    if len(kept) == KEPT_PER_CONTESTANT:
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


def own_test_run(session: Session, contest: Contest, user: User, test_run_id: int) -> TestRun:
    """One of the user's own test runs in the contest (nobody else's, staff's included: they are private)."""
    run = session.get(TestRun, test_run_id)
    if run is None or run.user_id != user.id or run.contest_id != contest.id:
        raise NotAllowed()
    return run


def latest(session: Session, contest: Contest, user: User, problem_id: int) -> TestRun | None:
    """The user's newest test run of the problem in the contest."""
    return session.scalars(
        select(TestRun)
        .where(TestRun.contest_id == contest.id, TestRun.user_id == user.id, TestRun.problem_id == problem_id)
        .order_by(TestRun.id.desc())
        .limit(1)
    ).first()


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
