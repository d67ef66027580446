"""A Scratch submission graded through the worker's job on the bubblewrap sandbox: the project stored as the
submission's source goes to the judge as the same bytes, and the package's convention (a variable) is used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Submission
from app.queue import judge_queue
from app.services.programming import grading
from judge.package import LoadOptions
from submissions.store import LocalStore

from ... import scratch_projects as sp

pytestmark = pytest.mark.slow  # graded in a real sandbox


@pytest.fixture
def judge_app(app: Flask, backend) -> Iterator[Flask]:
    app.config["SANDBOX"] = "bwrap"
    queue = judge_queue(app)
    queue.connection.flushdb()
    yield app
    queue.connection.flushdb()


def test_a_project_is_judged_by_the_variable_its_task_names(judge_app: Flask, tmp_path: Path) -> None:
    package = tmp_path / "tong"
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("name: Tổng\nscratch:\n  output: variable\n  name: tong\n", "utf-8")
    for name, given, answer in (("1", "5", "15"), ("2", "10", "55")):
        (package / "data" / "secret" / f"{name}.in").write_text(f"{given}\n")
        (package / "data" / "secret" / f"{name}.ans").write_text(f"{answer}\n")
    store = LocalStore(judge_app.config["STORAGE_DIR"])
    problem = grading.import_problem(db.session, store, package, options=LoadOptions(time_limit_s=5.0))
    right = grading.create_submission(db.session, problem, sp.counter_to_variable(), "scratch")
    wrong = grading.create_submission(db.session, problem, sp.adder(), "scratch")  # says a sum, sets no tong
    db.session.commit()
    right_id, wrong_id = right.id, wrong.id
    assert grade_submission(right_id) == "graded" and grade_submission(wrong_id) == "graded"
    db.session.expire_all()
    graded = db.session.get(Submission, right_id)
    assert graded is not None and (graded.verdict, graded.score) == ("AC", graded.max_score)
    failed = db.session.get(Submission, wrong_id)
    assert failed is not None and failed.verdict == "TLE"  # asks twice: the second ask waits for ever
