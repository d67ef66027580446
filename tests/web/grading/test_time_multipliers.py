"""A contest's time limit multiplier for a language is applied when its submissions are graded, and a rejudge
after the organisers change it uses the new one. Graded for real on the bubblewrap sandbox."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import Contest, ContestKind, ContestProblem, Problem, Submission, User
from app.queue import judge_queue
from app.services.programming import grading, grading_admin, judging_settings
from judge.package import LoadOptions
from submissions.store import LocalStore
from tests.builders import row_of

from ...factories import ContestFactory, UserFactory

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue

# about 1.5 s of CPU whatever the machine's speed, then the right answer
BUSY = (
    b"import time\n"
    b"start = time.process_time()\n"
    b"while time.process_time() - start < 1.5:\n"
    b"    pass\n"
    b"print(2 * int(input()))\n"
)


def _contest_with_one_test_problem(app: Flask, tmp_path: Path) -> tuple[Contest, Problem]:
    """A programming contest whose problem A (a Themis task of one test) has a 1 s time limit."""
    task = tmp_path / "DOUBLE"
    (task / "Test01").mkdir(parents=True)
    (task / "Test01" / "DOUBLE.INP").write_text("21\n")
    (task / "Test01" / "DOUBLE.OUT").write_text("42\n")
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    store = LocalStore(app.config["STORAGE_DIR"])
    problem = grading.import_problem(
        db.session, store, task, options=LoadOptions(time_limit_s=1.0), contest_id=contest.id
    )
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    db.session.commit()
    return contest, problem


def _set_multipliers(actor: User, contest: Contest, multipliers: dict[str, float]) -> None:
    settings = judging_settings.settings_for(db.session, contest)
    current = judging_settings.SettingsChange.from_settings(settings, contest)
    change = replace(current, time_multipliers=multipliers)
    grading_admin.update_settings(db.session, actor, contest, change)
    db.session.commit()


def _graded(submission_id: int) -> Submission:
    db.session.expire_all()
    return row_of(Submission, submission_id)


def test_a_python_multiplier_turns_a_slow_program_from_tle_to_ac_on_rejudge(judge_app: Flask, tmp_path: Path) -> None:
    contest, problem = _contest_with_one_test_problem(judge_app, tmp_path)
    organiser = UserFactory()
    submission = grading.create_submission(db.session, problem, BUSY, "python")
    db.session.commit()
    submission_id = submission.id

    assert grade_submission(submission_id) == "graded"
    first = _graded(submission_id)
    assert (first.verdict, first.score) == ("TLE", 0.0)  # multiplier 1: 1 s of CPU

    _set_multipliers(organiser, contest, {"python": 2.0})
    assert grading_admin.rejudge(db.session, judge_queue(judge_app), organiser, contest) == [submission_id]
    assert grade_submission(submission_id) == "graded"
    again = _graded(submission_id)
    assert (again.verdict, again.score) == ("AC", 100.0)  # multiplier 2: 2 s of CPU
    assert 1000 < again.tests[0].time_ms < 2000
