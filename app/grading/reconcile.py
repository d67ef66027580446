"""The reconciler: the database is the truth, so any submission that should be graded but has no live job
(a worker killed mid-job, Redis flushed or restarted) is put back on the queue."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import or_, select

from ..extensions import DbSession
from ..models import Submission, SubmissionStatus, TestRun, job_id_for, job_id_for_test_run
from ..services.programming import test_runs
from ..services.programming.grading import enqueue
from ..timeutil import utcnow

log = logging.getLogger(__name__)

LIVE_JOB = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def _live(queue: Queue, job_id: str, stale_seconds: float) -> bool:
    """Whether the job of a row that is still queued in the database will run: it waits on the queue, or it
    started lately. A job that started longer than ``stale_seconds`` ago without claiming its row (which a grader
    does at once) had its worker die first (killed, or Redis lost under it)."""
    try:
        job = Job.fetch(job_id, connection=queue.connection, serializer=queue.serializer)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status is JobStatus.STARTED:
        started = job.started_at
        if started is None:
            return True
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        return datetime.now(UTC) - started < timedelta(seconds=stale_seconds)
    return status in LIVE_JOB


def reconcile(session: DbSession, queue: Queue, *, stale_seconds: float, grace_seconds: float = 5.0) -> list[int]:
    """Re-enqueue every submission that is queued without a live job, or being graded by a grader whose
    heartbeat stopped more than ``stale_seconds`` ago. Submissions younger than ``grace_seconds`` are left
    alone (their job is being enqueued right now). Returns the ids re-enqueued."""
    requeued = _reconcile(session, queue, Submission, job_id_for, enqueue, stale_seconds, grace_seconds)
    if requeued:
        log.info("reconciler re-enqueued submissions %s", requeued)
    return requeued


def reconcile_test_runs(
    session: DbSession, queue: Queue, *, stale_seconds: float, grace_seconds: float = 5.0
) -> list[int]:
    """The same for test runs, on their own queue: those queued without a live job, or run by a runner whose
    heartbeat stopped, are re-enqueued. Returns the ids re-enqueued."""
    requeued = _reconcile(session, queue, TestRun, job_id_for_test_run, test_runs.enqueue, stale_seconds, grace_seconds)
    if requeued:
        log.info("reconciler re-enqueued test runs %s", requeued)
    return requeued


def _reconcile(
    session: DbSession,
    queue: Queue,
    model: type[Submission] | type[TestRun],
    job_id: Callable[[int], str],
    requeue: Callable[[Queue, int], object],
    stale_seconds: float,
    grace_seconds: float,
) -> list[int]:
    """Re-enqueue the rows of ``model`` (submissions or test runs: both carry a status, a creation time and a
    heartbeat) that are queued without a live job or in work under a stopped heartbeat."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_seconds)
    rows = session.execute(
        select(model.id, model.status).where(
            model.created_at < now - timedelta(seconds=grace_seconds),
            or_(
                model.status == SubmissionStatus.QUEUED,
                (model.status.in_([SubmissionStatus.COMPILING, SubmissionStatus.RUNNING]))
                & or_(model.heartbeat_at.is_(None), model.heartbeat_at < stale),
            ),
        )
    ).all()
    requeued = []
    for row_id, status in rows:
        if status is SubmissionStatus.QUEUED and _live(queue, job_id(row_id), stale_seconds):
            continue
        requeue(queue, row_id)
        requeued.append(row_id)
    return requeued
