"""The delay a submission's page waits before asking for its live status again: a second while graded; while it waits,
a quarter of the wait the judge queue's length and the judges' pace foretell, between 3 and 30 s."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from redis.client import Pipeline

from app.extensions import db
from app.models import Contest, ContestKind, Submission, SubmissionStatus
from app.queue import connection, judge_queue
from app.services.programming import live_status
from app.services.programming.poll_pace import QUEUED_MS, judged, next_poll_ms
from app.timeutil import utcnow
from tests.builders import row_of
from tests.conftest import AuthActions

from ... import builders

MINUTE = 29_000_000  # a minute since the epoch (a Tuesday of 2025); its first second is MINUTE * 60
QUEUED = SubmissionStatus.QUEUED


@pytest.fixture
def redis(app: Flask) -> Iterator[Redis]:
    connection().flushdb()
    yield connection()
    connection().flushdb()


def _waiting(redis: Redis, n: int) -> None:
    """``n`` jobs in the judge queue (ids only: no worker runs here)."""
    redis.rpush(judge_queue().key, *(f"job-{i}" for i in range(n)))


def _judged(redis: Redis, count: int, minute: int) -> None:
    for _ in range(count):
        judged(redis, now=minute * 60 + 30)


@pytest.mark.parametrize("status", [SubmissionStatus.COMPILING, SubmissionStatus.RUNNING])
def test_a_submission_being_graded_is_asked_for_every_second(redis: Redis, status: SubmissionStatus) -> None:
    _waiting(redis, 500)
    assert next_poll_ms(redis, status) == 1000


def test_with_nobody_ahead_the_page_asks_at_the_shorter_bound(redis: Redis) -> None:
    assert next_poll_ms(redis, QUEUED, now=MINUTE * 60 + 10) == QUEUED_MS[0] == 3000


def test_a_queue_that_does_not_move_is_asked_about_at_the_longer_bound(redis: Redis) -> None:
    _waiting(redis, 30)
    assert next_poll_ms(redis, QUEUED, now=MINUTE * 60 + 10) == QUEUED_MS[1] == 30000


def test_the_delay_is_a_quarter_of_the_foretold_wait(redis: Redis) -> None:
    _waiting(redis, 30)
    _judged(redis, 120, MINUTE - 1)  # 2 a second over the last minute: 30 ahead wait 15 s
    assert next_poll_ms(redis, QUEUED, now=MINUTE * 60 + 10) == 3750


def test_a_pace_that_rose_this_minute_counts(redis: Redis) -> None:
    _waiting(redis, 60)
    _judged(redis, 30, MINUTE)  # 30 in this minute's first 10 s: 3 a second, so 60 ahead wait 20 s
    assert next_poll_ms(redis, QUEUED, now=MINUTE * 60 + 10) == 5000


def test_a_fast_queue_is_asked_about_no_sooner_than_the_shorter_bound(redis: Redis) -> None:
    _waiting(redis, 10)
    _judged(redis, 600, MINUTE - 1)
    assert next_poll_ms(redis, QUEUED, now=MINUTE * 60 + 10) == 3000


def test_the_count_of_a_minute_expires(redis: Redis) -> None:
    judged(redis, now=MINUTE * 60 + 5)
    assert redis.get(f"hoithi:judged:{MINUTE}") == b"1"
    assert 0 < redis.ttl(f"hoithi:judged:{MINUTE}") <= 180


def test_the_live_status_says_when_to_ask_again_until_it_is_final(
    app: Flask, client: FlaskClient, auth: AuthActions, redis: Redis
) -> None:
    running: Contest = builders.contest(ContestKind.INFORMATICS)
    builders.programming_problem(running, "A")
    builders.register(running, builders.person("hs"))
    db.session.commit()
    assert auth.login("hs").status_code == 302
    source = "a, b = map(int, input().split())\nprint(a + b)\n"
    sent = client.post(f"/contests/{running.id}/problems/A/submit", data={"language": "python", "source": source})
    url = f"{sent.headers['Location']}.json"
    waiting = client.get(url).get_json()
    assert waiting["status"] == "queued" and waiting["next_poll_ms"] == 30000  # queued, and no judge has run

    submission = row_of(Submission, int(url.rsplit("/", 1)[1].removesuffix(".json")))
    submission.status, submission.verdict, submission.finished_at = SubmissionStatus.DONE, "AC", utcnow()
    db.session.commit()
    live_status.forget(redis, [submission.id])  # as the worker does once the result is written
    final = client.get(url).get_json()
    assert final["final"] is True and "next_poll_ms" not in final


class _CountingRedis(Redis):
    """A Redis client that counts its round trips: single commands and pipelines' executions."""

    trips = 0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        self.trips += 1
        return super().execute_command(*args, **options)

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Pipeline:
        pipe = super().pipeline(transaction, shard_hint)
        execute = pipe.execute

        def counted(raise_on_error: bool = True) -> list[Any]:
            self.trips += 1
            return execute(raise_on_error)

        pipe.execute = counted  # type: ignore[method-assign]  # counting the library's own call
        return pipe


def test_a_queued_submissions_poll_asks_redis_once(
    app: Flask, client: FlaskClient, auth: AuthActions, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live status and the queue's pace come in one round trip (``live_status.read_with_pace``), and the delay
    is the one ``next_poll_ms`` gives."""
    running: Contest = builders.contest(ContestKind.INFORMATICS)
    builders.programming_problem(running, "A")
    builders.register(running, builders.person("hs"))
    db.session.commit()
    assert auth.login("hs").status_code == 302
    sent = client.post(f"/contests/{running.id}/problems/A/submit", data={"language": "python", "source": "1\n"})
    url = f"{sent.headers['Location']}.json"
    _waiting(redis, 40)
    _judged(redis, 60, int(time.time() // 60) - 1)  # a judge a second: 41 waiting (the submission too), 41 s
    counting = cast(_CountingRedis, _CountingRedis.from_url(redis_url))
    monkeypatch.setitem(app.extensions, "hoithi_redis", counting)
    waiting = client.get(url).get_json()
    assert waiting["status"] == "queued"
    assert waiting["next_poll_ms"] in (10250, QUEUED_MS[1])  # a quarter of the wait (no pace if a minute began since)
    assert counting.trips == 1
