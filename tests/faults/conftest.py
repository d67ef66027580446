"""Fixtures of the fault-injection tests: a running programming contest with its contestants, and the whole system
as real processes on the test database: a Redis of the test's own, the site under gunicorn, judge workers grading
in the real bubblewrap sandbox."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import ContestKind, ContestProblem, Submission, SubmissionStatus, SubmissionTest
from app.services.contests import registrations
from app.services.programming import grading
from sandbox.session import Backend
from submissions.store import LocalStore

from ..factories import ContestFactory, SchoolFactory, UserFactory
from ..judge.conftest import DATA, backend, judge_cache
from .processes import Browser, RedisProcess, free_port, kill_group, start_site, start_worker

__all__ = ["Contest", "Stack", "backend", "contest", "judge_cache", "stack"]

SUM = DATA / "themis" / "SUM"
TESTS = 5
"""The tests of SUM: a submission graded once has exactly this many test results."""
CONTESTANTS = 8


@dataclass
class Contest:
    id: int
    usernames: list[str]


@pytest.fixture
def contest(app: Flask, backend: Backend) -> Contest:
    """A programming contest in its submission window with the problem SUM as A, and its registered contestants."""
    school = SchoolFactory()
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    people = [UserFactory(username=f"thisinh{i}", unit=school) for i in range(CONTESTANTS)]
    for person in people:
        registrations.register(db.session, person, contest, member_ids=[person.id])
    db.session.commit()
    return Contest(contest.id, [p.username for p in people])


@dataclass
class Stack:
    """The running system; every process it started is killed at the end of the test."""

    settings: dict[str, str]
    redis: RedisProcess
    logs: Path
    port: int = 0
    site: subprocess.Popen[bytes] | None = None
    workers: list = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_site(self) -> None:
        self.port = free_port()
        self.site = start_site(self.settings, self.port, self.logs / "site.log")

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = start_worker(self.settings, self.logs / "workers.log")
        self.workers.append(worker)
        return worker

    def browser(self, username: str | None = None) -> Browser:
        browser = Browser(self.base)
        if username is not None:
            assert browser.log_in(username).status_code == 302
        return browser

    def log(self, name: str) -> str:
        """The output of the site (``site``) or of the workers (``workers``), for a failed assertion to show."""
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


@pytest.fixture
def stack(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Stack]:
    """Redis started; the site and the workers are started by the test (``start_site``, ``start_worker``)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    redis = RedisProcess(tmp_path / "redis")
    redis.start()
    settings = {
        "HOITHI_DATABASE_URL": database_url,
        "HOITHI_REDIS_URL": redis.url,
        "HOITHI_STORAGE_DIR": app.config["STORAGE_DIR"],
        "HOITHI_INSTANCE_DIR": str(instance),
        "HOITHI_SECRET_KEY": "faults",
        "HOITHI_SANDBOX": "bwrap",
        "HOITHI_JUDGE_STALE_SECONDS": "10",  # a loaded machine delays heartbeats: no false alarms
        "HOITHI_JUDGE_RECONCILE_SECONDS": "1",
        "HOITHI_LOGIN_FREE_FAILURES": "1",
    }
    running = Stack(settings, redis, tmp_path)
    try:
        yield running
    finally:
        for worker in running.workers:
            kill_group(worker.pid)
            with contextlib.suppress(Exception):
                worker.wait(timeout=10)
        if running.site is not None:
            kill_group(running.site.pid)
            running.site.wait(timeout=10)
        redis.stop()
        db.session.remove()


def state(submission_id: int) -> Submission:
    db.session.expire_all()
    found = db.session.get(Submission, submission_id)
    assert found is not None
    return found


def all_done(ids: list[int]) -> bool:
    db.session.expire_all()
    done = db.session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.id.in_(ids), Submission.status == SubmissionStatus.DONE)
    )
    db.session.rollback()  # end the read transaction: the workers write meanwhile
    return done == len(ids)


def assert_graded_exactly_once(ids: list[int], *, regraded_at_most: int) -> None:
    """Each submission has one result (accepted, full score, one row per test) and, counted in the database, at
    most ``regraded_at_most`` of them needed a second grading (those whose grader was killed)."""
    db.session.expire_all()
    for submission_id in ids:
        found = state(submission_id)
        assert (found.status, found.verdict, found.score) == (SubmissionStatus.DONE, "AC", 100.0), submission_id
        positions = db.session.scalars(
            select(SubmissionTest.position).where(SubmissionTest.submission_id == submission_id)
        ).all()
        assert sorted(positions) == list(range(1, TESTS + 1)), submission_id
    attempts = db.session.scalars(select(Submission.attempt).where(Submission.id.in_(ids))).all()
    assert all(a >= 1 for a in attempts)
    assert sum(a - 1 for a in attempts) <= regraded_at_most, attempts
