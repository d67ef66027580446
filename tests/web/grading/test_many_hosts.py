"""Hosts share nothing but the database, Redis and the store: a problem uploaded through the web goes to a bucket
(moto's S3 server on loopback), and two workers, each with a storage folder of its own and no file in common with
the web or each other, fetch its package into their own caches and grade the submissions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Worker
from sqlalchemy import select

from app.extensions import db
from app.models import Problem, Submission, SubmissionStatus
from app.queue import judge_queue
from app.services.programming import grading
from sandbox.session import Backend
from tests.builders import row_of
from tests.conftest import AuthActions

from .. import programming_helpers
from ..programming_helpers import SUM, login, upload, zip_of

pytestmark = pytest.mark.slow  # two judge workers grading in real sandboxes

world = programming_helpers.world
ACCEPTED = (SUM / "submissions" / "accepted" / "sum_stdio.py").read_bytes()
WRONG = b"import time\ntime.sleep(0.3)\na, b = map(int, input().split())\nprint(a - b)\n"
SLOW = b"import time\ntime.sleep(0.3)\na, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def web(
    app: Flask, backend: Backend, s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """The web host: the store in the bucket, its own storage folder, an empty judge queue."""
    for key, value in {
        "STORAGE_URL": f"s3://{s3_bucket}/hoithi",
        "S3_ENDPOINT": s3_endpoint,
        "STORAGE_DIR": str(tmp_path / "web"),
        "SANDBOX": "bwrap",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    judge_queue(app).connection.flushdb()
    yield app
    judge_queue(app).connection.flushdb()


def _worker(web: Flask, folder: Path, database_url: str, redis_url: str) -> subprocess.Popen[bytes]:
    """A judge host: ``folder`` is its instance and storage folder, and all it has on disk."""
    env = {
        **os.environ,
        "HOITHI_DATABASE_URL": database_url,
        "HOITHI_REDIS_URL": redis_url,
        "HOITHI_INSTANCE_DIR": str(folder / "instance"),
        "HOITHI_STORAGE_DIR": str(folder / "storage"),
        "HOITHI_STORAGE_URL": web.config["STORAGE_URL"],
        "HOITHI_S3_ENDPOINT": web.config["S3_ENDPOINT"],
        "HOITHI_SANDBOX": "bwrap",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--concurrency", "1"],
        env=env,
        cwd=Path(__file__).resolve().parents[3],  # the repository: this code, not an installed copy
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "worker.log", "wb"),  # the child holds it
    )


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _all_done(ids: list[int]) -> bool:
    db.session.expire_all()
    return all(row_of(Submission, i).status is SubmissionStatus.DONE for i in ids)


def test_two_judge_hosts_grade_through_the_bucket(
    web: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    tmp_path: Path,
    database_url: str,
    redis_url: str,
) -> None:
    login(client, auth, "org")
    assert upload(client, world["contest"], zip_of(SUM), "SUM.zip").status_code == 302
    problem = db.session.scalars(select(Problem)).one()
    package = problem.package_hash
    sources = [SLOW, WRONG, SLOW, ACCEPTED]  # the first two slow enough that each worker takes one
    ids = [grading.create_submission(db.session, problem, source, "python").id for source in sources]
    db.session.commit()

    hosts = [tmp_path / "judge-1", tmp_path / "judge-2"]
    workers = []
    for folder in hosts:
        folder.mkdir()
        workers.append(_worker(web, folder, database_url, redis_url))
    try:
        queue = judge_queue(web)
        _wait(lambda: len(Worker.all(connection=queue.connection)) >= 2, 120, "both workers to listen")
        for submission_id in ids:
            grading.enqueue(queue, submission_id)
        _wait(lambda: _all_done(ids), 300, "every submission to be graded")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)

    verdicts = [row_of(Submission, i).verdict for i in ids]
    assert verdicts == ["AC", "WA", "AC", "AC"]
    for folder in hosts:  # each host fetched the package into its own cache, checked, and graded with it
        cached = folder / "storage" / "cache" / package[:2] / package[2:]
        assert cached.is_file(), f"{folder.name} graded nothing: {(folder / 'worker.log').read_text()[-2000:]}"
    web_files = {p.relative_to(tmp_path / "web") for p in (tmp_path / "web").rglob("*") if p.is_file()}
    assert not any(p.parts[0] == "cache" and p.name == package[2:] for p in web_files)  # the web kept no copy
