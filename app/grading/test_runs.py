"""The test run job that workers run after the judge queue is empty: ``run_test(test_run_id)``.

As with grading, the database is the truth and the result is written once: a worker claims the test run (a
queued one, or one whose runner stopped sending heartbeats), which bumps its ``attempt``, and writes the result
only while that attempt is still current. The reconciler re-enqueues a test run whose job was lost.
"""

from __future__ import annotations

import logging

from flask import current_app
from rq import get_current_job
from sqlalchemy import ColumnElement, and_, update

from judge.custom_run import CustomRun, run_on_input
from judge.errors import JudgeError, LanguageUnavailable, ProblemError
from judge.package import load_problem
from sandbox.languages import LANGUAGES
from submissions.store import StoreError

from ..extensions import db
from ..models import SubmissionStatus, TestRun
from ..services.programming import judging_settings, scratch_projects
from ..services.programming.grading import load_options
from ..storage import content_store
from ..timeutil import utcnow
from .jobs import ACTIVE, Heartbeat, backend_for_jobs, claimable, own_connections, worker_name

log = logging.getLogger(__name__)


def claim(test_run_id: int) -> int | None:
    """Take the test run; its new attempt number, or None when it is done, gone or held by a live runner."""
    now = utcnow()
    result = db.session.execute(
        update(TestRun)
        .where(claimable(TestRun, test_run_id))
        .values(status=SubmissionStatus.RUNNING, attempt=TestRun.attempt + 1, worker=worker_name(), heartbeat_at=now)
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        return None
    run = db.session.get(TestRun, test_run_id, populate_existing=True)
    assert run is not None
    return run.attempt


def _still_mine(test_run_id: int, attempt: int) -> ColumnElement[bool]:
    return and_(TestRun.id == test_run_id, TestRun.attempt == attempt, TestRun.status.in_(ACTIVE))


def _write(test_run_id: int, attempt: int, ran: CustomRun | None, judge_log: str = "") -> bool:
    """Store how the run ended (``None``: the judge could not run it, JE), if ``attempt`` is still current."""
    now = utcnow()
    if ran is None:
        values: dict[str, object] = {"status": SubmissionStatus.ERROR, "outcome": "JE", "judge_log": judge_log}
    else:
        values = {
            "status": SubmissionStatus.DONE,
            "outcome": ran.outcome,
            "exit_code": ran.exit_code,
            "signal": ran.signal,
            "time_ms": None if ran.outcome == "CE" else ran.time_ms,
            "memory_kb": None if ran.outcome == "CE" else ran.memory_kb,
            "output": ran.output.decode("utf-8", "replace"),
            "output_truncated": ran.output_truncated,
            "stderr": ran.stderr.decode("utf-8", "replace"),
            "compile_output": ran.compile_output,
        }
    done = db.session.execute(
        update(TestRun).where(_still_mine(test_run_id, attempt)).values(finished_at=now, heartbeat_at=now, **values)
    )
    db.session.commit()
    if done.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        log.warning("test run %s: attempt %s was superseded; its result is discarded", test_run_id, attempt)
        return False
    return True


def run_test(test_run_id: int) -> str:
    """Run one test run (the RQ job; it receives an id, never an object). Returns what happened."""
    own_connections()
    attempt = claim(test_run_id)
    if attempt is None:
        return "skipped: done, gone or being run"
    run = db.session.get(TestRun, test_run_id)
    assert run is not None
    problem = run.problem
    try:
        store = content_store()
        loaded = load_problem(store.verify(problem.package_hash), load_options(problem))
        language = LANGUAGES[run.language]
        # the same limits a submission in this language gets now, the contest's multiplier included
        multiplier = judging_settings.time_multiplier_for(db.session, problem.id, language.key)
        backend = backend_for_jobs(current_app.config["SANDBOX"])
        with Heartbeat(test_run_id, attempt, TestRun):
            ran = run_on_input(
                loaded,
                scratch_projects.source_bytes(run.source, run.language),
                language,
                backend,
                run.input.encode(),
                loaded.limits().scaled_time(multiplier),
            )
    except (ProblemError, StoreError, KeyError) as exc:  # nothing a retry would mend
        log.exception("test run %s cannot be run", test_run_id)
        _write(test_run_id, attempt, None, f"{type(exc).__name__}: {exc}")
        return "error"
    except LanguageUnavailable as exc:  # no retry here mends it
        log.error("test run %s: %s", test_run_id, exc)
        _write(test_run_id, attempt, None, str(exc))
        return "error"
    except Exception as exc:  # the sandbox (JudgeError) or a fault of ours
        job = get_current_job()
        if isinstance(exc, JudgeError) and job is not None and job.retries_left:
            db.session.execute(
                update(TestRun)
                .where(_still_mine(test_run_id, attempt))
                .values(status=SubmissionStatus.QUEUED, heartbeat_at=None)
            )
            db.session.commit()
            raise  # RQ retries the job
        log.exception("test run %s: the judge failed", test_run_id)
        _write(test_run_id, attempt, None, f"{type(exc).__name__}: {exc}")
        return "error"
    return "ran" if _write(test_run_id, attempt, ran) else "superseded"
