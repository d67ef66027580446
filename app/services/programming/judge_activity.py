"""What the judge is doing for a contest, as its organisers see it: the queue and its workers, the contest's failed
jobs, and its submissions by status."""

from __future__ import annotations

from dataclasses import dataclass

from rq import Queue, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry
from sqlalchemy import func

from ...extensions import DbSession
from ...input_checks import id_in
from ...models import AWAITING_JUDGE, Contest, ContestProblem, Submission, SubmissionStatus, User, job_id_for
from . import judge_languages
from .grading_admin import contest_submissions


@dataclass(frozen=True)
class WorkerView:
    name: str
    state: str
    job_id: str | None


@dataclass(frozen=True)
class FailedJob:
    job_id: str
    submission_id: int | None
    error: str


@dataclass(frozen=True)
class QueueView:
    """The judge queue as organisers see it: jobs waiting, live workers, and this contest's failed jobs."""

    length: int
    workers: list[WorkerView]
    failed: list[FailedJob]
    unavailable: dict[str, str]
    """The languages no live worker can run (``judge_languages``), each with why: their submissions get a system
    error until the runtime is installed and they are rejudged."""


def queue_view(session: DbSession, queue: Queue, contest: Contest, failed_limit: int = 50) -> QueueView:
    """What the judge is doing. Failed jobs are those of the contest's submissions, with the first lines of
    their error."""
    workers = [
        WorkerView(w.name, str(w.get_state()), w.get_current_job_id())
        for w in Worker.all(connection=queue.connection, queue=queue)
    ]
    registry = FailedJobRegistry(queue=queue)
    by_submission = {job_id_for(sid): sid for sid in _failed_candidates(session, contest, registry)}
    failed = []
    for job in Job.fetch_many(list(by_submission)[:failed_limit], queue.connection, queue.serializer):
        if job is None:
            continue
        result = job.latest_result()
        error = (result.exc_string or "") if result is not None else ""
        lines = [line for line in error.strip().splitlines() if line.strip()]
        failed.append(FailedJob(job.id, by_submission[job.id], "\n".join(lines[-5:])))
    return QueueView(queue.count, workers, failed, judge_languages.unavailable_everywhere(queue))


def _failed_candidates(session: DbSession, contest: Contest, registry: FailedJobRegistry) -> list[int]:
    ids = []
    for job_id in registry.get_job_ids():
        prefix, _sep, number = job_id.partition("-")
        submission_id = id_in(number)
        if prefix == "submission" and submission_id is not None:
            ids.append(submission_id)
    if not ids:
        return []
    mine = contest_submissions(contest).with_only_columns(Submission.id).where(Submission.id.in_(ids))
    return sorted(session.scalars(mine), reverse=True)


def status_counts(session: DbSession, contest: Contest) -> dict[str, int]:
    """How many of the contest's submissions stand in each status (every status listed)."""
    counts = dict.fromkeys((s.value for s in SubmissionStatus), 0)
    query = contest_submissions(contest).with_only_columns(Submission.status, func.count()).group_by(Submission.status)
    for status, count in session.execute(query):
        counts[SubmissionStatus(status).value] = count
    return counts


def being_rejudged(session: DbSession, contest: Contest) -> int:
    """How many of the contest's submissions wait or are graded again, their previous result still standing
    (``Submission.rejudging``)."""
    query = contest_submissions(contest).with_only_columns(func.count())
    return session.scalar(query.where(Submission.status.in_(AWAITING_JUDGE), Submission.verdict.is_not(None))) or 0


def recent_submissions(session: DbSession, contest: Contest, limit: int = 100) -> list[tuple[Submission, str, str]]:
    """The contest's latest submissions, newest first, each with its author's name and the problem's label."""
    query = (
        contest_submissions(contest)
        .add_columns(User.full_name, ContestProblem.label)
        .outerjoin(User, User.id == Submission.user_id)
        .join(
            ContestProblem,
            (ContestProblem.problem_id == Submission.problem_id) & (ContestProblem.contest_id == contest.id),
        )
        .order_by(Submission.id.desc())
        .limit(limit)
    )
    return [(s, name or "", label) for s, name, label in session.execute(query)]
