"""The connection to Redis and the RQ queues."""

from __future__ import annotations

from pathlib import Path

import redis
from flask import Flask, current_app
from rq import Queue
from rq.serializers import JSONSerializer

from .redis_server import ensure_private_redis

JUDGE_QUEUE = "judge"
TEST_RUN_QUEUE = "tests"
"""Contestants' test runs: workers take them only when the judge queue is empty, so they never delay grading."""
MAIL_QUEUE = "mail"
"""Sending the outbox's messages (app.services.outbox); workers take them after grading, before test runs."""


def redis_url(app: Flask | None = None) -> str:
    """``HOITHI_REDIS_URL``, else the private Redis (started if needed)."""
    app = app or current_app
    return app.config["REDIS_URL"] or ensure_private_redis(Path(app.instance_path))


def connection(app: Flask | None = None) -> redis.Redis:
    app = app or current_app
    conn = app.extensions.get("hoithi_redis")
    if conn is None:
        conn = redis.Redis.from_url(redis_url(app))
        app.extensions["hoithi_redis"] = conn
    return conn


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
