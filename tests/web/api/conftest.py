"""Fixtures and helpers of the JSON API tests: a running programming contest and tokens."""

from typing import Any, TypedDict

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import queue
from app.extensions import db
from app.models import (
    Contest,
    ContestProblem,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.services.people import api_tokens

from ... import builders


class ApiWorld(TypedDict):
    contest: Contest
    hs: User
    hs2: User
    btc: User


PROGRAM = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture(autouse=True)
def _fresh_redis(app: Flask) -> None:
    """Submission slots and cached boards of earlier tests (whose ids this test reuses) are forgotten."""
    redis = queue.connection(app)
    for pattern in ("hoithi:submit-slot:*", "hoithi:scoreboard:*"):
        keys = list(redis.scan_iter(pattern))
        if keys:
            redis.delete(*keys)


@pytest.fixture
def world(app: Flask) -> ApiWorld:
    """A running programming contest with categories B and C, problem A for B and problem B for C; two students
    of B ("hs", "hs2"), an organiser of the contest ("btc")."""
    units = builders.unit_tree()
    running = builders.contest(organiser_unit=units.department)
    bang = builders.categories(running, "B", "C")
    users = {
        "hs": builders.person("hs", units.school),
        "hs2": builders.person("hs2", units.school),
        "btc": builders.person("btc", units.department, Role.ORGANISER),
    }
    builders.programming_problem(running, "A", bang["B"], position=0)
    builders.programming_problem(running, "B", bang["C"], position=1)
    builders.register(running, users["hs"], users["hs2"], category=bang["B"])
    db.session.commit()
    return {"contest": running, "hs": users["hs"], "hs2": users["hs2"], "btc": users["btc"]}


def token_for(user: User) -> str:
    _row, token = api_tokens.create(db.session, user, "test")
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit(client: FlaskClient, contest_id: int, token: str, **body: Any) -> TestResponse:
    payload = {"problem": "A", "language": "python", "source": PROGRAM} | body
    return client.post(f"/api/v1/contests/{contest_id}/submissions", json=payload, headers=bearer(token))


def _judged(world: ApiWorld) -> Submission:
    problem_id = db.session.query(ContestProblem).filter_by(label="A").one().problem_id
    submission = Submission(
        problem_id=problem_id,
        user_id=world["hs"].id,
        language="python",
        source=PROGRAM,
        status=SubmissionStatus.DONE,
        verdict="WA",
        score=50.0,
        max_score=100.0,
        progress_done=2,
        progress_total=2,
        tests=[
            SubmissionTest(position=1, name="Test01", verdict="AC", time_ms=12, memory_kb=900, score=50.0),
            SubmissionTest(position=2, name="Test02", verdict="WA", time_ms=15, memory_kb=900, score=0.0),
        ],
    )
    db.session.add(submission)
    db.session.commit()
    return submission
