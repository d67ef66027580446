"""The reviewers' "screen every published text again" as a worker's job: asking for it (``request``) writes a run
(``RescreenRun``) and puts its id on the screening queue once committed; the job (``run_job``) claims the run for a
lease and re-screens contest after contest (``rescreening.rescreen_contest``), committing each contest's findings
with the run's progress, so the reviewers' page shows how far it has got and what it found. Nothing is lost if
the worker dies or Redis was away: the run is in the database, and the workers' sweep (``requeue_lost``) queues
again a run whose job never started or whose lease ran out; it goes on after the last contest committed, the texts
of that contest kept once (a text already kept as it reads is not kept again). One run at a time: asking while one
is queued or running gives that one, also when two reviewers ask at the same moment (``RescreenRun.active``)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from rq import Queue
from sqlalchemy import Engine, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...extensions import DbSession
from ...models import Contest, RescreenRun, RescreenStatus, Role, User
from ...queue import screening_queue
from ...storage import ContentStore, content_store
from ...timeutil import utcnow
from ..errors import NotAllowed
from ..records import audit
from .rescreening import Report, rescreen_contest

log = logging.getLogger(__name__)

RUN_JOB = "app.services.proposals.rescreen_runs.run_job"
LEASE = timedelta(minutes=10)
"""How long a worker holds a run without news: renewed after each contest; past it, the run is the sweep's."""
GRACE = timedelta(minutes=1)
"""A queued run younger than this is left to the job being enqueued for it now."""
_ACTIVE = (RescreenStatus.QUEUED, RescreenStatus.RUNNING)


def latest(session: DbSession) -> RescreenRun | None:
    """The run asked for last, if any: the one the reviewers' page shows."""
    return session.scalar(select(RescreenRun).order_by(RescreenRun.id.desc()).limit(1))


def request(session: DbSession, reviewer: User) -> tuple[RescreenRun, bool]:
    """A run of every contest for ``reviewer`` (a Sở reviewer, else ``NotAllowed``), in the caller's transaction,
    and whether it is new; the one already queued or running when there is one, also when another reviewer's request
    wrote it at the same moment (at most one run is ``active``: the second request waits for the first's commit and
    gives its run). The caller commits, then ``enqueue``s a new run."""
    if not reviewer.has_role(Role.REVIEWER):
        raise NotAllowed()
    if (active := _active(session)) is not None:
        return active, False
    run = RescreenRun(
        requested_by_id=reviewer.id,
        requested_at=utcnow(),
        status=RescreenStatus.QUEUED,
        active=True,
        contests_total=session.scalar(select(func.count()).select_from(Contest)) or 0,
    )
    try:
        with session.begin_nested():  # another reviewer's run, written but not committed, makes this one wait
            session.add(run)
    except IntegrityError:  # … and refuses it once committed: theirs is the run
        if (active := _active(session)) is None:
            raise
        return active, False
    return run, True


def _active(session: DbSession) -> RescreenRun | None:
    return session.scalar(select(RescreenRun).where(RescreenRun.active.is_(True)).limit(1))


def enqueue(queue: Queue, run_id: int) -> None:
    """The job that runs (or goes on with) run ``run_id``; it does nothing if another worker holds the run."""
    queue.enqueue(RUN_JOB, run_id, job_id=f"rescreen-{run_id}", job_timeout=-1, result_ttl=600, failure_ttl=86400)


def enqueue_committed(run_id: int) -> None:
    """``enqueue`` on the app's screening queue; a queue that cannot take it (Redis down) is logged, not raised: the
    run waits in the database for the workers' sweep."""
    try:
        enqueue(screening_queue(current_app), run_id)
    except Exception:  # whatever Redis or RQ raise, the request that committed must not fail for it
        log.warning("re-screening run %s waits for the sweep: the queue did not take it", run_id, exc_info=True)


def run_job(run_id: int) -> str:
    """The RQ job: run ``run_id`` with the app's database and content store. Returns what happened."""
    engine = current_app.extensions["sqlalchemy"].engine
    engine.dispose(close=False)  # in a forked work horse, never share the parent's connections
    return run(engine, run_id, content_store())


def _claim(session: Session, run_id: int, now: datetime) -> bool:
    claimed = session.execute(
        update(RescreenRun)
        .where(
            RescreenRun.id == run_id,
            RescreenRun.status.in_(_ACTIVE),
            or_(RescreenRun.claimed_until.is_(None), RescreenRun.claimed_until < now),
        )
        .values(status=RescreenStatus.RUNNING, claimed_until=now + LEASE)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult


def run(engine: Engine, run_id: int, store: ContentStore | None) -> str:
    """Claim run ``run_id`` and re-screen the contests after its ``after_contest_id``, one transaction each (the
    contest's findings with the run's progress and a renewed lease); then mark it done, audited
    (``section8.rescreen``) as done by whoever asked. "done", "skipped" (not active, or held by a live worker) or
    "failed: <error>" (the run marked failed, the error kept for the reviewers; the contests committed stay)."""
    with Session(engine) as session:
        if not _claim(session, run_id, utcnow()):
            return "skipped"
        found = session.get(RescreenRun, run_id)
        assert found is not None
        if found.started_at is None:
            found.started_at = utcnow()
        session.commit()
    try:
        while _next_contest(engine, run_id, store):
            pass
    except Exception as error:
        log.exception("re-screening run %s failed", run_id)
        with Session(engine) as session:
            failed = session.get(RescreenRun, run_id)
            assert failed is not None
            failed.status, failed.claimed_until, failed.finished_at = RescreenStatus.FAILED, None, utcnow()
            failed.active = None
            failed.error = (str(error) or type(error).__name__)[:2000]
            session.commit()
        return f"failed: {error}"
    with Session(engine) as session:
        done = session.get(RescreenRun, run_id)
        assert done is not None
        done.status, done.claimed_until, done.finished_at = RescreenStatus.DONE, None, utcnow()
        done.active = None
        audit.record(
            session,
            "section8.rescreen",
            actor_id=done.requested_by_id,
            object_type="contest",
            object_id=None,
            data={"run": done.id, "contests": done.contests_done, "texts": done.texts, "kept": done.kept},
        )
        session.commit()
    return "done"


def _next_contest(engine: Engine, run_id: int, store: ContentStore | None) -> bool:
    """Re-screen the run's next contest and commit it with the run's progress; whether there was one."""
    with Session(engine) as session:
        current = session.get(RescreenRun, run_id)
        assert current is not None
        contest = session.scalar(
            select(Contest).where(Contest.id > current.after_contest_id).order_by(Contest.id).limit(1)
        )
        if contest is None:
            return False
        report = Report()
        rescreen_contest(session, contest, store, report, current.requested_by_id)
        current.after_contest_id = contest.id
        current.contests_done += 1
        current.contests_total = max(current.contests_total, current.contests_done)
        current.texts += report.texts
        current.kept += len(report.kept)
        current.kept_before += report.kept_before
        current.claimed_until = utcnow() + LEASE
        session.commit()
        return True


def requeue_lost(session: DbSession, queue: Queue, now: datetime | None = None) -> list[int]:
    """Queue again each run that is queued for longer than ``GRACE`` with nobody holding it, or running with its
    lease run out (its worker died): the sweep's part. The ids queued."""
    now = now or utcnow()
    lost = list(
        session.scalars(
            select(RescreenRun.id).where(
                RescreenRun.status.in_(_ACTIVE),
                or_(RescreenRun.claimed_until.is_(None), RescreenRun.claimed_until < now),
                RescreenRun.requested_at < now - GRACE,
            )
        )
    )
    for run_id in lost:
        enqueue(queue, run_id)
    if lost:
        log.info("re-screening runs queued again: %s", lost)
    return lost
