"""The live status a contestant's page polls: from Redis while the submission waits or is graded, from the
database once it is final, and never another person's."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Connection, event

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Contest, ContestKind, ContestProblem, Role, Submission, SubmissionStatus, User
from app.queue import connection, judge_queue
from app.services.programming import contestant, grading_admin, live_status
from sandbox.session import Backend
from tests.builders import present, row_of

from ... import builders
from ...factories import UserFactory

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue

GOOD = b"a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def world(app: Flask, backend: Backend) -> Iterator[dict[str, int]]:
    """A running contest with problem A, a registered student ``hs`` with one queued submission, an organiser."""
    app.config["SANDBOX"] = "bwrap"
    connection().flushdb()
    running = builders.contest(ContestKind.INFORMATICS)
    builders.programming_problem(running, "A", code="SUM")
    student = builders.person("hs")
    builders.person("btc", running.organiser_unit, Role.ORGANISER)
    builders.register(running, student)
    db.session.commit()
    submission_id = contestant.submit(db.session, judge_queue(), running, student, "A", GOOD, "python")
    yield {"contest": running.id, "submission": submission_id}
    connection().flushdb()


def _status(app: Flask, username: str, world: dict[str, int]) -> tuple[int, dict, list[str]]:
    """Log in as ``username``, GET the status JSON; the status code, the body, and the SQL of that request."""
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302
    statements: list[str] = []

    def record(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(f"/contests/{world['contest']}/submissions/{world['submission']}.json")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return response.status_code, response.get_json(), statements


def test_a_queued_submission_is_answered_from_redis(app: Flask, world: dict[str, int]) -> None:
    code, view, statements = _status(app, "hs", world)
    assert code == 200 and view["status"] == "queued" and not view["final"]
    assert not any("submissions" in s for s in statements)  # only the login's own user lookup


def test_someone_else_never_gets_the_live_state(app: Flask, world: dict[str, int]) -> None:
    UserFactory(username="other")
    db.session.commit()
    assert _status(app, "other", world)[0] == 404  # another contestant's submission does not exist for them
    code, view, statements = _status(app, "btc", world)  # staff see it, from the database
    assert code == 200 and view["status"] == "queued" and any("submissions" in s for s in statements)


def test_a_graded_submission_is_answered_from_the_database(app: Flask, world: dict[str, int]) -> None:
    assert grade_submission(world["submission"]) == "graded"
    assert live_status.read(connection(), world["submission"]) is None
    code, view, _ = _status(app, "hs", world)
    assert code == 200 and view["final"] and view["verdict"] == "AC" and view["score"] == view["max_score"]
    graded = db.session.get(Submission, world["submission"], populate_existing=True)
    assert graded is not None and graded.subtask_scores == {"": graded.max_score}  # a task without subtasks


def test_progress_is_published_while_grading(app: Flask, world: dict[str, int]) -> None:
    slow = b"import time\ntime.sleep(0.3)\na, b = map(int, input().split())\nprint(a + b)\n"
    contest = row_of(Contest, world["contest"])
    student = db.session.query(User).filter_by(username="hs").one()
    registration = present(contestant.registration_of(db.session, contest, student))
    connection().delete(f"hoithi:submit-slot:r{registration.id}:{contest_problem_id(contest)}")  # no 10-s wait here
    submission_id = contestant.submit(db.session, judge_queue(), contest, student, "A", slow, "python")
    grader = threading.Thread(target=_grade_in_app, args=(app, submission_id))
    grader.start()
    seen = set()
    while grader.is_alive():
        live = live_status.read(connection(), submission_id)
        if live is not None:
            seen.add((live.status, live.total))
        time.sleep(0.02)
    grader.join()
    assert (SubmissionStatus.RUNNING, 5) in seen
    assert live_status.read(connection(), submission_id) is None  # final: the database answers


def contest_problem_id(contest: Contest) -> int:
    return db.session.query(ContestProblem).filter_by(contest_id=contest.id).one().problem_id


def _grade_in_app(app: Flask, submission_id: int) -> None:
    with app.app_context():
        grade_submission(submission_id)
        db.session.remove()


def test_a_rejudge_or_a_lost_redis_falls_back_to_the_database(app: Flask, world: dict[str, int]) -> None:
    grade_submission(world["submission"])
    grading_admin.rejudge(
        db.session,
        judge_queue(),
        db.session.query(User).filter_by(username="btc").one(),
        row_of(Contest, world["contest"]),
        submission_id=world["submission"],
    )
    assert live_status.read(connection(), world["submission"]) is None
    judged = _status(app, "hs", world)[1]
    # the previous result stands for the contestant until the new one is written
    assert (judged["status"], judged["final"]) == ("done", True) and judged["verdict"] is not None
    connection().flushdb()  # Redis lost: the database still answers
    assert _status(app, "hs", world)[1] == judged


def test_ones_own_submission_under_another_contests_address_is_404(app: Flask, world: dict[str, int]) -> None:
    """As for any submission not of the contest in the address: while queued (Redis), running and once final."""
    other = builders.contest(ContestKind.INFORMATICS)
    builders.programming_problem(other, "A", code="SUM2")
    builders.register(other, db.session.query(User).filter_by(username="hs").one())
    db.session.commit()
    for contest_id in (other.id, other.id + 1000):
        assert _status(app, "hs", {**world, "contest": contest_id})[0] == 404
    assert _status(app, "hs", world)[0] == 200  # its own contest's address still answers
    live_status.publish(
        connection(), live_status.LiveStatus(world["submission"], present_id(app), SubmissionStatus.RUNNING, 1, 5)
    )  # a key written before keys named their contest: the database decides
    assert _status(app, "hs", {**world, "contest": other.id})[0] == 404
    assert grade_submission(world["submission"]) == "graded"
    assert _status(app, "hs", {**world, "contest": other.id})[0] == 404


def present_id(app: Flask) -> int:
    return db.session.query(User).filter_by(username="hs").one().id
