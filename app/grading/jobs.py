"""The grading job that workers run: ``grade_submission(submission_id)``.

Grading is idempotent and its result is written exactly once, with its test results, in one transaction: a
submission judged again keeps its previous result (which still counts) until then. A worker first *claims* the
submission in the database (only a queued one, or one whose grader stopped sending heartbeats), which bumps its
``attempt``; it then writes progress and the final result only while that attempt is still the current one. A
worker killed mid-job therefore leaves a submission that the reconciler hands to another worker, and if the first
one was merely slow, its late result is discarded.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from rq import get_current_job
from sqlalchemy import ColumnElement, and_, case, delete, literal, or_, select, update
from sqlalchemy.exc import DBAPIError

from judge.errors import JudgeError, LanguageUnavailable, ProblemError
from judge.grader import Report
from judge.grader import grade as grade_source
from judge.package import load_problem
from judge.verdict import Verdict
from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES
from sandbox.session import Backend
from submissions.store import StoreError, StoreUnavailable

from ..extensions import db
from ..models import ContestProblem, Problem, Submission, SubmissionStatus, SubmissionTest, TestRun
from ..queue import connection
from ..services.programming import judging_settings, live_status, poll_pace, scratch_projects
from ..services.programming.grading import load_options
from ..services.programming.live_status import LiveStatus
from ..storage import content_store
from ..timeutil import utcnow

log = logging.getLogger(__name__)

ACTIVE = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)
STATUS = Submission.__table__.c.status.type
"""The status column's type, for a status written from SQL (stored as the enum's name, as the ORM stores it)."""


_backends: dict[str, Backend] = {}
PROGRESS_EVERY_S = 0.5
"""A grading reports its progress to the database at most this often (and always for the first test)."""


def backend_for_jobs(name: str) -> Backend:
    """The sandbox backend ``name``, checked once per process: a worker checks it when it starts, and the work
    horses it forks inherit the checked backend instead of starting a trial sandbox for every job. A backend that
    stops working later makes the job fail with ``JudgeError``, which RQ retries."""
    if name not in _backends:
        _backends[name] = get_backend(name)
    return _backends[name]


def serve_with(name: str, backend: Backend | None) -> None:
    """Grade the jobs of sandbox setting ``name`` with ``backend`` in this process from now on (a worker's warm
    pool); ``None`` forgets it."""
    if backend is None:
        _backends.pop(name, None)
    else:
        _backends[name] = backend


def own_connections() -> None:
    """Give this process database connections of its own, once: a process forked from another (RQ's work horse, a
    test's) must never share its parent's, while a worker that grades in its own process keeps its pool."""
    global _connections_of
    if _connections_of != os.getpid():
        db.engine.dispose(close=False)
        _connections_of = os.getpid()


_connections_of: int | None = None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def stale_before() -> datetime:
    """Heartbeats older than this mean the grader is gone."""
    return utcnow() - timedelta(seconds=current_app.config["JUDGE_STALE_SECONDS"])


def claimable(model: type[Submission] | type[TestRun], row_id: int) -> ColumnElement[bool]:
    """Whether the row ``row_id`` of ``model`` may be claimed: it is still active, and queued or left by a grader
    whose heartbeats stopped."""
    return and_(
        model.id == row_id,
        model.status.in_(ACTIVE),
        or_(model.status == SubmissionStatus.QUEUED, model.heartbeat_at.is_(None), model.heartbeat_at < stale_before()),
    )


def claim(submission_id: int) -> int | None:
    """Take the submission for grading; its new attempt number, or None when it is done or held by a live
    grader."""
    now = utcnow()
    result = db.session.execute(
        update(Submission)
        .where(claimable(Submission, submission_id))
        .values(
            status=SubmissionStatus.COMPILING,
            attempt=Submission.attempt + 1,
            worker=worker_name(),
            started_at=now,
            heartbeat_at=now,
            progress_done=0,
            progress_total=0,
        )
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        return None
    submission = db.session.get(Submission, submission_id, populate_existing=True)
    assert submission is not None
    return submission.attempt


def _contest_of(problem_id: int) -> int | None:
    """The contest whose problem ``problem_id`` is (a problem is in one contest), for its live status."""
    return db.session.scalar(select(ContestProblem.contest_id).where(ContestProblem.problem_id == problem_id))


def _still_mine(submission_id: int, attempt: int) -> ColumnElement[bool]:
    """The submission, while ``attempt`` is still its current grading (the fencing token)."""
    return and_(Submission.id == submission_id, Submission.attempt == attempt)


def _progress(
    submission_id: int, user_id: int | None, contest_id: int | None, attempt: int, announce: bool
) -> Callable[[int, int], None]:
    """Write "running test k of n", throttled: a test of a few milliseconds need not cost a transaction; with
    ``announce``, also to the contestant's live status."""
    last = 0.0

    def report(k: int, n: int) -> None:
        nonlocal last
        now = time.monotonic()
        if k > 1 and now - last < PROGRESS_EVERY_S:
            return
        last = now
        mine = db.session.execute(
            update(Submission)
            .where(_still_mine(submission_id, attempt))
            .values(status=SubmissionStatus.RUNNING, progress_done=k, progress_total=n, heartbeat_at=utcnow())
        )
        db.session.commit()
        if announce and mine.rowcount == 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
            live_status.publish(
                connection(), LiveStatus(submission_id, user_id, SubmissionStatus.RUNNING, k, n, contest_id)
            )

    return report


class Heartbeat:
    """Refreshes the heartbeat of a submission (or of a test run: ``model``) from a thread while one compile or
    test runs long, so that the reconciler never takes a slow but live grading for a dead one."""

    def __init__(self, row_id: int, attempt: int, model: type[Submission] | type[TestRun] = Submission) -> None:
        self._app = current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy, typed as a Flask
        self._every = max(1.0, self._app.config["JUDGE_STALE_SECONDS"] / 4)
        self._model = model
        self._where = and_(model.id == row_id, model.attempt == attempt)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat-{row_id}")

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            with self._app.app_context():
                try:
                    db.session.execute(update(self._model).where(self._where).values(heartbeat_at=utcnow()))
                    db.session.commit()
                except Exception:  # the next beat tries again; the grading itself is unaffected
                    log.exception("heartbeat failed")
                finally:
                    db.session.remove()


def _keep_standing_result(submission_id: int, attempt: int, reason: str) -> bool:
    """When the judge gives up on a submission being judged again (``Submission.rejudging``), keep its previous
    result, which the judge's own fault must not take from the contestant, and add why to its log; True when it
    was a rejudge (and ``attempt`` still current), False to record JE as for a first judging."""
    now = utcnow()
    kept = db.session.execute(
        update(Submission)
        .where(_still_mine(submission_id, attempt), Submission.status.in_(ACTIVE), Submission.verdict.is_not(None))
        .values(
            status=case(
                (Submission.verdict == "JE", literal(SubmissionStatus.ERROR, STATUS)),
                else_=literal(SubmissionStatus.DONE, STATUS),
            ),
            judge_log=Submission.judge_log + f"\n\nJudging again failed; the result above stands: {reason}",
            progress_done=0,
            progress_total=0,
            heartbeat_at=now,
        )
    )
    db.session.commit()
    if kept.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        return False
    log.warning("submission %s: judging again failed (%s); its previous result stands", submission_id, reason)
    live_status.forget(connection(), [submission_id])
    return True


def _write_result(submission_id: int, attempt: int, report: Report) -> bool:
    """Store the report in one transaction, if ``attempt`` is still current; True when written."""
    now = utcnow()
    gave_up = report.verdict is Verdict.JE and not report.tests
    done = db.session.execute(
        update(Submission)
        .where(_still_mine(submission_id, attempt), Submission.status.in_(ACTIVE))
        .values(
            status=SubmissionStatus.ERROR if gave_up else SubmissionStatus.DONE,
            verdict=str(report.verdict),
            score=report.score,
            max_score=report.max_score,
            compile_output=report.compile_output,
            judge_log=report.judge_log,
            subtask_scores=report.subtasks or None,
            progress_done=len(report.tests),
            progress_total=len(report.tests),
            finished_at=now,
            heartbeat_at=now,
        )
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        db.session.rollback()
        log.warning("submission %s: attempt %s was superseded; its result is discarded", submission_id, attempt)
        return False
    db.session.execute(delete(SubmissionTest).where(SubmissionTest.submission_id == submission_id))
    db.session.add_all(
        SubmissionTest(
            submission_id=submission_id,
            position=i,
            name=t.name,
            group=t.group,
            verdict=str(t.verdict),
            time_ms=t.time_ms,
            memory_kb=t.memory_kb,
            score=t.score,
        )
        for i, t in enumerate(report.tests, start=1)
    )
    db.session.commit()
    live_status.forget(connection(), [submission_id])
    poll_pace.judged(connection())
    return True


def _give_up(submission_id: int, attempt: int, reason: str) -> None:
    """Record JE: the judge could not grade this submission (never the contestant's fault); one being judged again
    keeps its previous result instead (``_keep_standing_result``)."""
    if _keep_standing_result(submission_id, attempt, reason):
        return
    report = Report(Verdict.JE, 0.0, 0.0, "", (), reason)
    _write_result(submission_id, attempt, report)


def _release(submission_id: int, attempt: int) -> None:
    """Put a submission whose grading broke off back in the queue's hands (if ``attempt`` is still current); when
    even that fails, its heartbeat goes stale and the reconciler does it."""
    db.session.rollback()
    try:
        db.session.execute(
            update(Submission)
            .where(_still_mine(submission_id, attempt))
            .values(status=SubmissionStatus.QUEUED, heartbeat_at=None)
        )
        db.session.commit()
    except DBAPIError:
        db.session.rollback()
        log.warning("submission %s: left to the reconciler", submission_id)


def grade_submission(submission_id: int) -> str:
    """Grade one submission (the RQ job; it receives an id, never an object). Returns what happened."""
    own_connections()
    attempt = claim(submission_id)
    if attempt is None:
        return "skipped: done or being graded"
    submission = db.session.get(Submission, submission_id)
    assert submission is not None
    problem: Problem = submission.problem
    contest_id = _contest_of(problem.id)
    # a submission judged again keeps showing its previous result to the contestant until the new one is written
    announce = not submission.rejudging
    if announce:
        live = LiveStatus(submission_id, submission.user_id, SubmissionStatus.COMPILING, 0, 0, contest_id)
        live_status.publish(connection(), live)
    try:
        store = content_store()
        loaded = load_problem(store.verify(problem.package_hash), load_options(problem))
        language = LANGUAGES[submission.language]
        # the contest's multiplier for the language, read now: a rejudge after the organisers change it uses theirs
        multiplier = judging_settings.time_multiplier_for(db.session, problem.id, language.key)
        backend = backend_for_jobs(current_app.config["SANDBOX"])
        with Heartbeat(submission_id, attempt):
            report = grade_source(
                loaded,
                scratch_projects.source_bytes(submission.source, submission.language),
                language,
                backend,
                limits_override=loaded.limits().scaled_time(multiplier),
                progress=_progress(submission_id, submission.user_id, contest_id, attempt, announce),
            )
    except StoreUnavailable:  # the store, not the judge, after botocore's retries: RQ retries, else the reconciler
        log.exception("submission %s: the store cannot be reached", submission_id)
        _release(submission_id, attempt)
        raise
    except (ProblemError, StoreError, KeyError) as exc:  # nothing a retry would mend
        log.exception("submission %s cannot be graded", submission_id)
        _give_up(submission_id, attempt, f"{type(exc).__name__}: {exc}")
        return "error"
    except DBAPIError:  # the database failed, not the judge: no JE; RQ retries, else the reconciler hands it on
        log.exception("submission %s: the database failed while grading it", submission_id)
        _release(submission_id, attempt)
        raise
    except LanguageUnavailable as exc:  # no retry here mends it: JE, rejudged once the runtime is installed
        log.error("submission %s: %s", submission_id, exc)
        _give_up(submission_id, attempt, str(exc))
        return "error"
    except (SystemExit, KeyboardInterrupt):  # a worker's cold stop: the sandbox is torn down on the way out
        log.warning("submission %s: grading abandoned as the worker stops; it is queued again", submission_id)
        _release(submission_id, attempt)
        raise
    except Exception as exc:  # the sandbox (JudgeError, SandboxError) or a fault of ours
        job = get_current_job()
        if isinstance(exc, JudgeError) and job is not None and job.retries_left:
            _release(submission_id, attempt)
            live_status.forget(connection(), [submission_id])
            raise  # RQ retries the job
        log.exception("submission %s: the judge failed", submission_id)
        _give_up(submission_id, attempt, f"{type(exc).__name__}: {exc}")
        return "error"
    return "graded" if _write_result(submission_id, attempt, report) else "superseded"
