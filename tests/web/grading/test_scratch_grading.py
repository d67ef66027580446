"""A Scratch submission graded through the worker's job on the bubblewrap sandbox: the project stored as the
submission's source goes to the judge as the same bytes, and the package's convention (a variable) is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import ContestKind, ContestProblem, Submission, SubmissionStatus
from app.queue import judge_queue
from app.services.programming import grading, grading_admin
from judge.package import LoadOptions
from sandbox import scratch
from submissions.store import LocalStore

from ... import scratch_projects as sp
from ...builders import row_of
from ...factories import ContestFactory, UserFactory

pytestmark = pytest.mark.slow  # graded in a real sandbox


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


def test_without_the_scratch_runtime_only_scratch_waits_for_it(
    judge_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host that never installed the Scratch runtime (the runtime setting names an empty folder) grades Python as
    ever; a Scratch project gets a judge error naming what to install, never a verdict of the pupil's, and is
    accepted when an organiser rejudges it once the runtime is there."""
    package = tmp_path / "cong"
    (package / "data" / "secret").mkdir(parents=True)
    (package / "problem.yaml").write_text("name: Cộng\n", "utf-8")
    (package / "data" / "secret" / "1.in").write_text("3\n4\n")
    (package / "data" / "secret" / "1.ans").write_text("7\n")
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    store = LocalStore(judge_app.config["STORAGE_DIR"])
    problem = grading.import_problem(
        db.session, store, package, options=LoadOptions(time_limit_s=5.0), contest_id=contest.id
    )
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    python = grading.create_submission(db.session, problem, b"print(int(input()) + int(input()))\n", "python")
    project = grading.create_submission(db.session, problem, sp.adder(), "scratch")
    db.session.commit()
    python_id, project_id = python.id, project.id
    installed = scratch.host_runtime()
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "nothing-installed"))

    assert grade_submission(python_id) == "graded" and row_of(Submission, python_id).verdict == "AC"
    assert grade_submission(project_id) == "error"
    db.session.expire_all()
    failed = row_of(Submission, project_id)
    assert (failed.status, failed.verdict) == (SubmissionStatus.ERROR, "JE")
    assert "Scratch 3 cannot be judged on this host" in failed.judge_log and "make scratch-runtime" in failed.judge_log
    assert judge_queue(judge_app).count == 0  # not retried: no retry here would mend it

    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(installed))  # installed now
    organiser = UserFactory()
    assert grading_admin.rejudge(db.session, judge_queue(judge_app), organiser, contest, submission_id=project_id)
    assert grade_submission(project_id) == "graded"
    db.session.expire_all()
    assert row_of(Submission, project_id).verdict == "AC"
