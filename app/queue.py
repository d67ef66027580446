"""The connection to Redis and the RQ queues.

The web side's client gives up fast and skips Redis for a moment after a failure (``app.redis_guard``): every use
reachable from a request has a fallback. Workers use a client of their own (``worker_connection``), since RQ blocks
on Redis for minutes at a time and backs off by itself when it cannot connect.
"""

from __future__ import annotations

import logging
from pathlib import Path

import redis
from flask import Flask, current_app
from rq import Queue
from rq.serializers import JSONSerializer

from .redis_guard import CONNECT_TIMEOUT_S, guarded_client
from .redis_server import RedisUnavailable, ensure_private_redis, socket_path, url_for_socket

log = logging.getLogger(__name__)

JUDGE_QUEUE = "judge"
TEST_RUN_QUEUE = "tests"
"""Contestants' test runs: workers take them only when the judge queue is empty, so they never delay grading."""
MAIL_QUEUE = "mail"
"""Sending the outbox's messages (app.services.records.outbox); workers take them after grading, before test runs."""
SCREENING_QUEUE = "screening"
"""Re-screenings of every published text asked for by the Sở's reviewers (services.proposals.rescreen_runs);
workers take them last, when no contestant waits."""


def redis_url(app: Flask | None = None) -> str:
    """``HOITHI_REDIS_URL``, else the private Redis (started if it does not answer; if it cannot be started, its
    address all the same: its users then go without Redis, and the error is logged)."""
    app = app or current_app
    if app.config["REDIS_URL"]:
        return str(app.config["REDIS_URL"])
    instance = Path(app.instance_path)
    try:
        return ensure_private_redis(instance)
    except (RedisUnavailable, OSError):
        log.exception("the private Redis could not be started")
        return url_for_socket(socket_path(instance))


def connection(app: Flask | None = None) -> redis.Redis:
    """The app's Redis client (one per process): fast to give up, see ``app.redis_guard``."""
    app = app or current_app
    conn = app.extensions.get("hoithi_redis")
    if conn is None:
        conn = guarded_client(redis_url(app))
        app.extensions["hoithi_redis"] = conn
    return conn


def worker_connection(app: Flask) -> redis.Redis:
    """A client for a worker's RQ loop: no breaker (RQ waits on Redis and backs off by itself), a short connect
    timeout so that an outage is noticed, and a check of idle connections so that a restarted Redis is found."""
    return redis.Redis.from_url(redis_url(app), socket_connect_timeout=CONNECT_TIMEOUT_S * 4, health_check_interval=30)


def judge_queue(app: Flask | None = None) -> Queue:
    """The queue of grading jobs; jobs carry ids only and are serialised as JSON, never pickle."""
    return Queue(JUDGE_QUEUE, connection=connection(app), serializer=JSONSerializer)


def queue_of_test_runs(app: Flask | None = None) -> Queue:
    """The queue of test runs (ids only, JSON), served after the judge queue by the same workers."""
    return Queue(TEST_RUN_QUEUE, connection=connection(app), serializer=JSONSerializer)


def mail_queue(app: Flask | None = None) -> Queue:
    """The queue of mail jobs (ids only, JSON); with ``MAIL_QUEUE_ASYNC`` false, a job runs when it is enqueued."""
    app = app or current_app
    return Queue(
        MAIL_QUEUE, connection=connection(app), serializer=JSONSerializer, is_async=bool(app.config["MAIL_QUEUE_ASYNC"])
    )


def screening_queue(app: Flask | None = None) -> Queue:
    """The queue of re-screening jobs (a run's id, JSON)."""
    return Queue(SCREENING_QUEUE, connection=connection(app), serializer=JSONSerializer)
