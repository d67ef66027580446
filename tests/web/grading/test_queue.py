"""The judge queue: jobs by id on Redis, workers, the reconciler. A worker SIGKILLed mid-job and a Redis
flushed mid-queue still leave every submission graded exactly once."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.grading.jobs import grade_submission
from app.grading.reconcile import reconcile
from app.models import Problem, Submission, SubmissionStatus, SubmissionTest
from app.queue import judge_queue
from app.services.programming import grading
from submissions.store import LocalStore
from tests.builders import row_of

from .conftest import DATA

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue

SUM = DATA / "themis" / "SUM"
ACCEPTED = (SUM / "submissions" / "accepted" / "sum_stdio.py").read_bytes()
WRONG = b"a, b = map(int, input().split())\nprint(a + b + 1)\n"
BROKEN = b"int main( { return 0; }\n"
SLOW = b"import time\ntime.sleep(0.6)\na, b = map(int, input().split())\nprint(a + b)\n"


def _problem(app: Flask) -> Problem:
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM)
    db.session.commit()
    return problem


def _submit(app: Flask, problem: Problem, source: bytes, language: str = "python", enqueue: bool = True) -> int:
    submission = grading.create_submission(db.session, problem, source, language)
    db.session.commit()
    if enqueue:
        grading.enqueue(judge_queue(app), submission.id)
    return submission.id


def _state(submission_id: int) -> Submission:
    db.session.expire_all()
    return row_of(Submission, submission_id)


def _test_rows(submission_id: int) -> int:
    return db.session.scalars(
        select(func.count()).select_from(SubmissionTest).where(SubmissionTest.submission_id == submission_id)
    ).one()


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _worker(app: Flask, database_url: str, redis_url: str, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOITHI_DATABASE_URL": database_url,
        "HOITHI_REDIS_URL": redis_url,
        "HOITHI_STORAGE_DIR": app.config["STORAGE_DIR"],
        "HOITHI_INSTANCE_DIR": app.instance_path,
        "HOITHI_SANDBOX": "bwrap",
        "HOITHI_JUDGE_STALE_SECONDS": "2",
        "HOITHI_JUDGE_RECONCILE_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", *args],
        env=env,
        cwd=Path(__file__).resolve().parents[3],  # the repository: this code, not an installed copy
        start_new_session=True,  # its own process group, so that a test can kill the worker and its work horse
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill(process: subprocess.Popen[bytes], grader: str | None = None) -> None:
    """SIGKILL a worker and, given its ``host:pid`` as recorded on a submission, the work horse grading it
    (RQ runs each job in a forked horse with a process group of its own)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if grader is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(grader.rsplit(":", 1)[1]), signal.SIGKILL)
    process.wait(timeout=10)


def test_grading_records_verdicts_and_is_idempotent(judge_app: Flask) -> None:
    problem = _problem(judge_app)
    ok = _submit(judge_app, problem, ACCEPTED, enqueue=False)
    wrong = _submit(judge_app, problem, WRONG, enqueue=False)
    broken = _submit(judge_app, problem, BROKEN, "cpp", enqueue=False)
    for submission_id in (ok, wrong, broken):
        assert grade_submission(submission_id) == "graded"
    assert (_state(ok).verdict, _state(ok).score, _test_rows(ok)) == ("AC", 100.0, 5)
    assert (_state(wrong).verdict, _state(wrong).score, _test_rows(wrong)) == ("WA", 0.0, 5)
    assert _state(broken).verdict == "CE" and "error" in _state(broken).compile_output
    assert _state(ok).status is SubmissionStatus.DONE and _state(ok).progress_done == 5

    # A second job for a graded submission does nothing; a rejudge grades again to the same result.
    assert grade_submission(ok) == "skipped: done or being graded"
    first = [(t.name, t.verdict, t.score) for t in _state(ok).tests]
    _state(ok).status = SubmissionStatus.QUEUED
    db.session.commit()
    assert grade_submission(ok) == "graded"
    assert [(t.name, t.verdict, t.score) for t in _state(ok).tests] == first
    assert _test_rows(ok) == 5 and _state(ok).attempt == 2


def test_jobs_are_queued_by_id_as_json(judge_app: Flask) -> None:
    problem = _problem(judge_app)
    submission_id = _submit(judge_app, problem, ACCEPTED)
    queue = judge_queue(judge_app)
    job = queue.fetch_job(f"submission-{submission_id}")
    assert job is not None
    assert list(job.args) == [submission_id]
    assert job.func_name == "app.grading.jobs.grade_submission"
    stored = queue.connection.hget(job.key, "data")
    assert isinstance(stored, bytes)
    raw = zlib.decompress(stored)
    assert json.loads(raw)[2] == [submission_id]  # JSON, never pickle: [func, instance, args, kwargs]


def test_a_worker_grades_the_queue(judge_app: Flask, database_url: str, redis_url: str) -> None:
    problem = _problem(judge_app)
    ids = [_submit(judge_app, problem, source) for source in (ACCEPTED, WRONG)]
    worker = _worker(judge_app, database_url, redis_url, "--burst")
    assert worker.wait(timeout=120) == 0
    assert [_state(i).verdict for i in ids] == ["AC", "WA"]


def test_a_worker_killed_mid_job_leaves_the_submission_to_another(
    judge_app: Flask, database_url: str, redis_url: str
) -> None:
    problem = _problem(judge_app)
    submission_id = _submit(judge_app, problem, SLOW)
    first = _worker(judge_app, database_url, redis_url)
    try:
        _wait(lambda: _state(submission_id).progress_done >= 2, 60, "the first worker to be mid-job")
    finally:
        _kill(first, _state(submission_id).worker)
    assert _state(submission_id).status is SubmissionStatus.RUNNING
    second = _worker(judge_app, database_url, redis_url)
    try:
        _wait(lambda: _state(submission_id).status is SubmissionStatus.DONE, 90, "the second worker")
    finally:
        _kill(second)
    done = _state(submission_id)
    assert (done.verdict, done.score, done.attempt) == ("AC", 100.0, 2)
    assert _test_rows(submission_id) == 5


def test_redis_flushed_mid_queue_loses_nothing(judge_app: Flask, database_url: str, redis_url: str) -> None:
    problem = _problem(judge_app)
    ids = [_submit(judge_app, problem, SLOW if i % 2 else ACCEPTED) for i in range(6)]
    worker = _worker(judge_app, database_url, redis_url)
    try:
        _wait(lambda: any(_state(i).status is SubmissionStatus.DONE for i in ids), 60, "a first result")
        judge_queue(judge_app).connection.flushdb()
        _wait(lambda: all(_state(i).status is SubmissionStatus.DONE for i in ids), 180, "every submission")
    finally:
        _kill(worker)
    for submission_id in ids:
        assert _state(submission_id).verdict == "AC"
        assert _test_rows(submission_id) == 5
    assert all(_state(i).attempt <= 2 for i in ids)


def test_reconcile_requeues_only_what_has_no_live_job(judge_app: Flask) -> None:
    problem = _problem(judge_app)
    _submit(judge_app, problem, ACCEPTED)  # queued, with a live job: left alone
    lost = _submit(judge_app, problem, ACCEPTED, enqueue=False)
    for submission in db.session.scalars(select(Submission)):
        submission.created_at = submission.created_at.replace(year=2000)  # well past the grace period
    db.session.commit()
    assert reconcile(db.session(), judge_queue(judge_app), stale_seconds=60) == [lost]
    assert reconcile(db.session(), judge_queue(judge_app), stale_seconds=60) == []


def test_cli_import_refuses_a_broken_package_and_stores_nothing(judge_app: Flask, tmp_path: Path) -> None:
    broken = tmp_path / "BAD"
    (broken / "Test01").mkdir(parents=True)
    (broken / "Test01" / "BAD.INP").write_text("1 2\n")
    result = judge_app.test_cli_runner().invoke(args=["judge", "import", str(broken)])
    assert result.exit_code != 0
    assert "BAD.OUT" in result.output or "answer" in result.output.lower()
    good = judge_app.test_cli_runner().invoke(args=["judge", "import", str(SUM)])
    assert good.exit_code == 0 and "5 tests" in good.output


def test_a_long_test_keeps_its_grader_alive(judge_app: Flask, database_url: str, redis_url: str) -> None:
    """One test runs longer than the stale limit (2 s here): the heartbeat thread keeps the grading its own,
    so a second worker never takes it over."""
    from judge.package import LoadOptions

    problem = grading.import_problem(
        db.session, LocalStore(judge_app.config["STORAGE_DIR"]), SUM, options=LoadOptions(time_limit_s=3)
    )
    db.session.commit()
    sleepy = b"import time\na, b = map(int, input().split())\nif a == 1: time.sleep(4)\nprint(a + b)\n"
    submission_id = _submit(judge_app, problem, sleepy)
    workers = [_worker(judge_app, database_url, redis_url) for _ in range(2)]
    try:
        _wait(lambda: _state(submission_id).status is SubmissionStatus.DONE, 120, "the grading")
    finally:
        for worker in workers:
            _kill(worker)
    done = _state(submission_id)
    assert (done.verdict, done.attempt) == ("AC", 1)
    assert _test_rows(submission_id) == 5
