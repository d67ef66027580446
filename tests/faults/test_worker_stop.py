"""Stopping ``hoithi worker`` as systemd and operators do, with SIGTERM (docs/operations.md, "Stopping a worker"): a
real worker process, on the test database and a Redis of the test's own, grading in the real bubblewrap sandbox.

Idle or still setting up, it stops within seconds; grading, it finishes the submission first; a second signal stops
it at once and hands the submission back; killed outright, it loses nothing: another worker grades the submission."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
import redis
from rq import Queue
from rq.serializers import JSONSerializer

from app.extensions import db
from app.models import Problem, SubmissionStatus
from app.queue import JUDGE_QUEUE
from app.services.programming import grading

from .conftest import Contest, Stack, all_done, assert_graded_exactly_once, state
from .processes import wait_for

pytestmark = pytest.mark.slow

SLOW = "import time\ntime.sleep(0.5)\na, b = map(int, input().split())\nprint(a + b)\n"
"""Accepted, in about 3 s: long enough to be caught mid-grading."""

STOPS_WITHIN_S = 10.0
"""An idle worker's stop, with room for a loaded machine (the goal is a second or two)."""


def _one_slot(stack: Stack) -> None:
    """Workers of one slot: the signal reaches the worker itself, not the slots' supervisor."""
    stack.settings["HOITHI_JUDGE_CONCURRENCY"] = "1"


def _submit(stack: Stack, contest: Contest, source: str = SLOW) -> int:
    """A queued submission of problem A, on the stack's queue, as the site makes one."""
    problem = db.session.query(Problem).filter_by(code="SUM").one()
    submission = grading.create_submission(db.session, problem, source.encode(), "python")
    db.session.commit()
    queue = Queue(JUDGE_QUEUE, connection=redis.Redis.from_url(stack.redis.url), serializer=JSONSerializer)
    grading.enqueue(queue, submission.id)
    return submission.id


def _wait_for_log(stack: Stack, text: str, seconds: float = 120) -> None:
    wait_for(lambda: text in stack.log("workers"), seconds, repr(text))


def _stop_seconds(worker: subprocess.Popen[bytes], stack: Stack, timeout: float = 60) -> float:
    """SIGTERM, then the seconds until the worker has exited."""
    started = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the worker still runs {timeout} s after SIGTERM:\n{stack.log('workers')}")
    return time.monotonic() - started


def _grading(submission_id: int) -> bool:
    found = state(submission_id)
    db.session.rollback()
    return found.status is SubmissionStatus.RUNNING and found.progress_done >= 1


def test_an_idle_worker_stops_within_seconds(stack: Stack, contest: Contest) -> None:
    _one_slot(stack)
    worker = stack.start_worker()
    _wait_for_log(stack, "Listening on")
    time.sleep(1)  # its pubsub thread waits for messages
    assert _stop_seconds(worker, stack) < STOPS_WITHIN_S, stack.log("workers")
    assert worker.returncode == 0


def test_a_worker_stopped_while_setting_up_stops_within_seconds(stack: Stack, contest: Contest) -> None:
    _one_slot(stack)
    worker = stack.start_worker()
    # after its sweeps, before RQ's work loop installs its own handlers
    _wait_for_log(stack, "judge worker using the")
    assert _stop_seconds(worker, stack) < STOPS_WITHIN_S, stack.log("workers")


def test_a_worker_stopped_while_grading_finishes_the_submission_first(stack: Stack, contest: Contest) -> None:
    _one_slot(stack)
    worker = stack.start_worker()
    _wait_for_log(stack, "Listening on")
    submission_id = _submit(stack, contest)
    wait_for(lambda: _grading(submission_id), 120, "the grading to start")
    _stop_seconds(worker, stack)
    assert worker.returncode == 0
    assert_graded_exactly_once([submission_id], regraded_at_most=0)


def test_a_second_signal_stops_at_once_and_another_worker_grades_the_submission(stack: Stack, contest: Contest) -> None:
    _one_slot(stack)
    worker = stack.start_worker()
    _wait_for_log(stack, "Listening on")
    submission_id = _submit(stack, contest, SLOW.replace("0.5", "0.9"))
    wait_for(lambda: _grading(submission_id), 120, "the grading to start")
    worker.send_signal(signal.SIGTERM)
    time.sleep(1.5)  # RQ ignores a second signal within a second of the first
    assert state(submission_id).status is not SubmissionStatus.DONE
    db.session.rollback()
    assert _stop_seconds(worker, stack) < STOPS_WITHIN_S, stack.log("workers")
    released = state(submission_id)
    assert released.status is SubmissionStatus.QUEUED, stack.log("workers")
    db.session.rollback()

    stack.start_worker()
    wait_for(lambda: all_done([submission_id]), 120, "another worker to grade the submission")
    assert_graded_exactly_once([submission_id], regraded_at_most=1)


def test_a_worker_killed_mid_grading_loses_nothing(stack: Stack, contest: Contest) -> None:
    _one_slot(stack)
    worker = stack.start_worker()
    _wait_for_log(stack, "Listening on")
    submission_id = _submit(stack, contest)
    wait_for(lambda: _grading(submission_id), 120, "the grading to start")
    worker.kill()
    worker.wait(timeout=10)
    assert state(submission_id).status is SubmissionStatus.RUNNING
    db.session.rollback()

    stack.start_worker()  # its reconciler hands the submission on once the heartbeat is stale
    wait_for(lambda: all_done([submission_id]), 180, "another worker to grade the submission")
    assert_graded_exactly_once([submission_id], regraded_at_most=1)


def test_the_slots_supervisor_passes_a_second_signal_on(stack: Stack, contest: Contest, tmp_path: Path) -> None:
    stack.settings["HOITHI_JUDGE_CONCURRENCY"] = "2"
    supervisor = stack.start_worker()
    wait_for(lambda: stack.log("workers").count("Listening on") >= 2, 120, "both slots to listen")
    submission_id = _submit(stack, contest, SLOW.replace("0.5", "0.9"))
    wait_for(lambda: _grading(submission_id), 120, "the grading to start")
    supervisor.send_signal(signal.SIGTERM)
    time.sleep(1.5)
    assert _stop_seconds(supervisor, stack) < STOPS_WITHIN_S, stack.log("workers")
    assert state(submission_id).status is SubmissionStatus.QUEUED, stack.log("workers")
    db.session.rollback()
