"""``hoithi worker``: an RQ worker on the judge queue, then the mail queue, then the test run queue, which also
runs the reconciler and sends the outbox's due mail now and then.

A worker grades in its own process (RQ's ``SimpleWorker``, no work horse forked per job) so that it keeps what
makes a submission cheap from one job to the next: its database connections and its warm pool of never-used
sandboxes (``sandbox.pool``), which it closes when it stops. Several submissions at once are several workers, one
per core (``app.grading.slots``)."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

from flask import Flask
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from sandbox import docker_backend
from sandbox.pool import WarmPool

from ..extensions import db
from ..queue import connection, judge_queue, mail_queue, queue_of_test_runs
from ..services import outbox, staging
from ..services.mail import Mailer
from .jobs import backend_for_jobs, serve_with, worker_name
from .reconcile import reconcile, reconcile_test_runs

log = logging.getLogger(__name__)

RECONCILE_LOCK = "hoithi:reconcile-lock"
SWEEP_SECONDS = 3600  # how often a worker sweeps the store's stale temporary files


def _reconcile_forever(app: Flask, stop: threading.Event) -> None:
    """Every ``JUDGE_RECONCILE_SECONDS``, one worker of the installation (whoever takes the lock) reconciles; every
    ``SWEEP_SECONDS``, this worker sweeps the store's stale temporary files."""
    interval = app.config["JUDGE_RECONCILE_SECONDS"]
    next_sweep = time.monotonic() + SWEEP_SECONDS
    while not stop.wait(interval):
        try:
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + SWEEP_SECONDS
                staging.sweep(app.config["STORAGE_DIR"], app.config["STALE_UPLOAD_HOURS"])
            with app.app_context():
                if connection(app).set(RECONCILE_LOCK, worker_name(), nx=True, ex=max(1, int(interval))):
                    _reconcile_both(app)
                    _send_due_mail(app)
                db.session.remove()
        except Exception:  # keep the worker running; the next round tries again
            log.exception("reconciler round failed")


def _reconcile_both(app: Flask) -> None:
    stale = app.config["JUDGE_STALE_SECONDS"]
    reconcile(db.session(), judge_queue(app), stale_seconds=stale)
    reconcile_test_runs(db.session(), queue_of_test_runs(app), stale_seconds=stale)


def _send_due_mail(app: Flask) -> None:
    """Mail whose job was lost (Redis down at the commit) or that is due for another try."""
    outcomes = outbox.send_due(db.engine, Mailer.from_config(app.config))
    if outcomes:
        log.info("outbox sweep: %s", outcomes)


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


def run_worker(app: Flask, *, burst: bool = False, cpus: set[int] | None = None) -> None:
    """Work the judge queue, then the mail queue, and the test run queue whenever both are empty, until stopped
    (or, with ``burst``, until all are empty). With ``cpus``, the worker and the sandboxes it starts run on those
    CPUs only.

    Refuses to start when no sandbox backend works: untrusted code never runs outside a sandbox.
    """
    if cpus:
        os.sched_setaffinity(0, cpus)  # first: every thread and sandbox started later inherits it
    backend = backend_for_jobs(app.config["SANDBOX"])
    _yield_cpu(app.config["JUDGE_NICE"])
    staging.sweep(app.config["STORAGE_DIR"], app.config["STALE_UPLOAD_HOURS"])
    with app.app_context():
        _reconcile_both(app)
        _send_due_mail(app)
        db.session.remove()
    if backend.name == "docker":  # the warm containers of workers killed outright on this host
        swept = docker_backend.sweep()
        if swept:
            log.info("removed %d sandbox containers left by dead workers", swept)
    pool = WarmPool(backend, app.config["SANDBOX_POOL"])
    serve_with(app.config["SANDBOX"], pool)
    log.info("judge worker using the %s sandbox, %d kept warm", backend.name, pool.size)
    stop = threading.Event()
    try:
        thread = threading.Thread(target=_reconcile_forever, args=(app, stop), daemon=True, name="reconciler")
        thread.start()
        worker = SimpleWorker(
            [
                judge_queue(app),
                mail_queue(app),
                queue_of_test_runs(app),
            ],  # in this order: RQ takes a test run only when no grading waits; a mail attempt is short
            connection=connection(app),
            serializer=JSONSerializer,
            name=worker_name(),
        )
        worker.work(burst=burst, logging_level="INFO")
    finally:
        stop.set()
        serve_with(app.config["SANDBOX"], None)
        pool.close()
