"""``hoithi worker``: an RQ worker on the judge queue, then the mail queue, then the test run queue, which also runs
the sweeps (the reconcilers, the outbox's due mail, the store's stale temporary files) at its start and now and then.

A worker grades in its own process (RQ's ``SimpleWorker``, no work horse forked per job) so that it keeps what
makes a submission cheap from one job to the next: its database connections and its warm pool of never-used
sandboxes (``sandbox.pool``), which it closes when it stops. Several submissions at once are several workers, one
per core (``app.grading.slots``).

A worker outlives Redis: when Redis goes away (even mid-job), the job being graded finishes into the database, and
the worker waits for Redis with a growing pause (at most ``REDIS_WAIT_CAP_S``), sweeps once it is back (so that what
was submitted meanwhile is queued) and works again. Only a stop signal (or ``--burst`` with nothing left) ends it.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from flask import Flask
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from sandbox import docker_leftovers
from sandbox.languages import LANGUAGES
from sandbox.pool import WarmPool

from ..extensions import db
from ..queue import (
    JUDGE_QUEUE,
    MAIL_QUEUE,
    SCREENING_QUEUE,
    TEST_RUN_QUEUE,
    connection,
    judge_queue,
    queue_of_test_runs,
    screening_queue,
    worker_connection,
)
from ..redis_guard import UNREACHABLE
from ..services import staging
from ..services.programming import judge_languages
from ..services.proposals import rescreen_runs
from ..services.quizzes import sheets as quiz_sheets
from ..services.records import outbox
from ..services.records.mail import Mailer
from ..storage import content_store
from .jobs import backend_for_jobs, serve_with, worker_name
from .reconcile import reconcile, reconcile_test_runs

log = logging.getLogger(__name__)

SWEEP_LOCK = "hoithi:reconcile-lock"
REDIS_WAIT_FIRST_S = 0.5
REDIS_WAIT_CAP_S = 30.0
POOL_CLOSE_S = 5.0
"""How long a stopping worker waits for its warm pool's thread, which may be starting a sandbox (seconds on a loaded
host): past it the process exits anyway, and what the pool held dies with it (bubblewrap) or is swept by name at the
next start (Docker)."""

Sweep = Callable[[Flask], object]


def reconcile_submissions(app: Flask) -> object:
    """Queue again the submissions that should be graded and have no live job."""
    return reconcile(db.session(), judge_queue(app), stale_seconds=app.config["JUDGE_STALE_SECONDS"])


def reconcile_runs(app: Flask) -> object:
    """Queue again the test runs that should be run and have no live job."""
    return reconcile_test_runs(db.session(), queue_of_test_runs(app), stale_seconds=app.config["JUDGE_STALE_SECONDS"])


def send_due_mail(app: Flask) -> object:
    """Send the mail whose job was lost (Redis down at the commit) or that is due for another try."""
    return outbox.send_due(db.engine, Mailer.from_config(app.config))


def sweep_staging(app: Flask) -> object:
    """Delete the temporary files that killed processes left in the store's staging folder."""
    return staging.sweep(content_store(), app.config["STALE_UPLOAD_HOURS"])


def close_quiz_sheets(app: Flask) -> object:
    """Close and score the theory tests' sheets whose time is over (their pupils left without submitting)."""
    closed = quiz_sheets.close_due(db.session())
    db.session.commit()
    return closed


def requeue_rescreens(app: Flask) -> object:
    """Queue again the Sở's re-screenings whose job was lost (Redis down at the request) or whose worker died."""
    return rescreen_runs.requeue_lost(db.session(), screening_queue(app))


SWEEPS: list[Sweep] = [
    reconcile_submissions,
    reconcile_runs,
    send_due_mail,
    sweep_staging,
    close_quiz_sheets,
    requeue_rescreens,
]
"""What a worker runs at its start, after Redis comes back, and (one worker of the installation at a time) every
``JUDGE_RECONCILE_SECONDS``: each makes good what the database says is due and Redis lost or never got. A sweep is
called inside an app context, must be safe to run twice, and may fail alone (it is logged; the others still run)."""


def sweep_once(app: Flask) -> None:
    """Run every sweep once, each in its own app context; a failure is logged and the next sweep runs."""
    for sweep in SWEEPS:
        with app.app_context():
            try:
                sweep(app)
            except UNREACHABLE as error:
                log.info("sweep %s: Redis unreachable (%s); the next round tries again", sweep.__name__, error)
            except Exception:
                log.exception("sweep %s failed; the next round tries again", sweep.__name__)
            finally:
                db.session.remove()


def _sweep_forever(app: Flask, stop: threading.Event) -> None:
    """Every ``JUDGE_RECONCILE_SECONDS``, the sweeps, by the worker that takes the lock (or by every worker while
    Redis, which holds the lock, is away: sweeps that need no Redis still run)."""
    interval = app.config["JUDGE_RECONCILE_SECONDS"]
    while not stop.wait(interval):
        try:
            mine = connection(app).set(SWEEP_LOCK, worker_name(), nx=True, ex=max(1, int(interval)))
        except redis.RedisError:
            mine = True
        if mine:
            sweep_once(app)


def _yield_cpu(nice: int) -> None:
    """Grading yields the CPU to the web server on a shared machine; CPU time (what limits count) is unaffected.

    ``os.nice`` orders the processes of one scheduling group. Under Linux's autogroup each session is a group of
    its own, weighted alike whatever its processes' nice values, so a worker that leads its own session (as
    ``hoithi up`` starts it) lowers its group's priority too. One that shares a session leaves the group alone:
    the web server may be in it.
    """
    os.nice(nice)
    if os.getsid(0) == os.getpid():
        with contextlib.suppress(OSError):  # no autogroup on this kernel
            Path("/proc/self/autogroup").write_text(str(nice))


class JudgeWorker(SimpleWorker):
    """RQ's worker, remembering whether it stopped because it was asked to (a signal) rather than by a fault, and
    honouring a stop asked for before its work loop began (``stop``)."""

    stop_requested = False

    def __init__(self, *args: Any, stop: threading.Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stop = stop or threading.Event()

    def _install_signal_handlers(self) -> None:
        """RQ's handlers replace ``_stop_on_signals``'s at the start of the work loop: a signal caught before (in
        RQ's own setup) set ``stop`` only, so it is passed on here, or the loop would run as if never asked."""
        super()._install_signal_handlers()
        if self.stop.is_set():
            self.stop_requested = True
            self._stop_requested = True  # RQ's loop checks it before waiting for a job

    def handle_warm_shutdown_request(self) -> None:
        self.stop_requested = True
        self.stop.set()
        super().handle_warm_shutdown_request()

    def unsubscribe(self) -> None:
        """RQ's, without waiting up to a minute for its pubsub thread: redis-py 8's ``stop()`` joins that thread,
        which sleeps up to RQ's ``sleep_time`` (60 s) once unsubscribed. It is a daemon thread: it ends on its own,
        or with the process."""
        if self.pubsub_thread:
            self.log.info("Worker %s: unsubscribing from channel %s", self.name, self.pubsub_channel_name)
            with contextlib.suppress(redis.RedisError):  # gone with Redis: the thread ends with the process
                self.pubsub.unsubscribe()
            self.pubsub_thread.stop(timeout=1)


def _stop_on_signals(stop: threading.Event) -> None:
    """Between RQ's work loops (which install their own handlers), SIGTERM and SIGINT set ``stop``."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda _signum, _frame: stop.set())


def _wait_for_redis(conn: redis.Redis, stop: threading.Event) -> bool:
    """Wait until Redis answers, pausing ``REDIS_WAIT_FIRST_S`` then twice as long each time, at most
    ``REDIS_WAIT_CAP_S``; False if ``stop`` is set first."""
    delay, waited = REDIS_WAIT_FIRST_S, False
    while True:
        try:
            conn.ping()
        except redis.RedisError as error:
            if not waited:
                log.warning("Redis does not answer (%s): waiting for it", error)
            waited = True
            if stop.wait(delay):
                return False
            delay = min(delay * 2, REDIS_WAIT_CAP_S)
        else:
            if waited:
                log.warning("Redis answers again")
            return True


def run_worker(app: Flask, *, burst: bool = False, cpus: set[int] | None = None) -> None:
    """Work the judge queue, then the mail queue, and the test run queue whenever both are empty, until stopped (or,
    with ``burst``, until all are empty), through any number of Redis outages. With ``cpus``, the worker and the
    sandboxes it starts run on those CPUs only.

    Refuses to start when no sandbox backend works: untrusted code never runs outside a sandbox.
    """
    if cpus:
        os.sched_setaffinity(0, cpus)  # first: every thread and sandbox started later inherits it
    backend = backend_for_jobs(app.config["SANDBOX"])
    _yield_cpu(app.config["JUDGE_NICE"])
    stop = threading.Event()
    _stop_on_signals(stop)
    conn = worker_connection(app)
    if not _wait_for_redis(conn, stop):
        return
    sweep_once(app)
    if backend.name == "docker":  # the warm containers of workers killed outright on this host
        swept = docker_leftovers.sweep()
        if swept:
            log.info("removed %d sandbox containers left by dead workers", swept)
    pool = WarmPool(backend, app.config["SANDBOX_POOL"])
    serve_with(app.config["SANDBOX"], pool)
    log.info("judge worker using the %s sandbox, %d kept warm", backend.name, pool.size)
    unavailable = backend.unavailable()
    for key, reason in unavailable.items():
        log.warning("this worker cannot judge %s: %s", LANGUAGES[key].name, reason)
    with contextlib.suppress(redis.RedisError):  # then the web refuses nothing; a submission gets a system error
        judge_languages.announce(conn, worker_name(), unavailable)
    sweeper = threading.Thread(target=_sweep_forever, args=(app, stop), daemon=True, name="sweeper")
    sweeper.start()
    try:
        for generation in itertools.count():
            if stop.is_set():  # asked while setting up or sweeping
                return
            worker = _work(conn, generation, burst, stop)
            if burst or (worker is not None and worker.stop_requested) or stop.is_set():
                return
            _stop_on_signals(stop)
            if not _wait_for_redis(conn, stop):
                return
            sweep_once(app)  # what was submitted while Redis was away
    finally:
        stop.set()
        serve_with(app.config["SANDBOX"], None)
        if not pool.close(timeout=POOL_CLOSE_S):
            log.warning("the warm pool did not close within %.0f s; its sandboxes end with this process", POOL_CLOSE_S)
        with contextlib.suppress(redis.RedisError):  # gone with Redis: only live workers' entries are read
            judge_languages.withdraw(conn, worker_name())


def _work(conn: redis.Redis, generation: int, burst: bool, stop: threading.Event) -> JudgeWorker | None:
    """One RQ work loop, until it is stopped or breaks off (Redis lost); the worker, or None if it could not be made.
    Each loop has a name of its own: a Redis that comes back from its disk may still list the previous one."""
    name = worker_name() if generation == 0 else f"{worker_name()}.{generation}"
    # in this order: RQ takes a test run only when no grading waits; a mail attempt is short; the Sở's re-screening
    # waits for every contestant
    names = (JUDGE_QUEUE, MAIL_QUEUE, TEST_RUN_QUEUE, SCREENING_QUEUE)
    queues = [Queue(queue, connection=conn, serializer=JSONSerializer) for queue in names]
    try:
        worker = JudgeWorker(queues, connection=conn, serializer=JSONSerializer, name=name, stop=stop)
    except redis.RedisError as error:
        log.warning("the worker could not register with Redis (%s)", error)
        return None
    try:
        worker.work(burst=burst, logging_level="INFO")
    except redis.RedisError as error:  # RQ lets a Redis fault out of its clean-up
        log.warning("the work loop lost Redis (%s)", error)
    return worker
