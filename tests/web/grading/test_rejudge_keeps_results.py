"""A rejudge keeps each submission's previous result counting (scoreboard, the contestant's view) until the new one
is written, as DOMjudge keeps the old judging valid until the new one is done; a worker killed mid-rejudge loses
nothing. Graded for real on the bubblewrap sandbox by real workers on a real Redis."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.grading.jobs import grade_submission
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    Feedback,
    Problem,
    Registration,
    RegistrationMember,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.queue import judge_queue
from app.services.programming import grading, grading_admin, judging_settings, scoreboard, status_views
from submissions.store import LocalStore
from tests.builders import row_of

from ...factories import ContestFactory, UserFactory
from .test_queue import ACCEPTED, SLOW, SUM, _kill, _wait, _worker

pytestmark = pytest.mark.slow  # programs graded in a real sandbox, through the queue


def _contest_with_an(app: Flask) -> tuple[Contest, User, User, Problem]:
    """A programming contest with the SUM task as its problem A and An registered: (the contest, an organiser, An,
    the problem)."""
    contest = ContestFactory(kind=ContestKind.INFORMATICS)
    organiser, an = UserFactory(), UserFactory(full_name="An")
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, contest_id=contest.id)
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    member = RegistrationMember(contest_id=contest.id, user_id=an.id)
    db.session.add(Registration(contest_id=contest.id, unit_id=an.unit_id, registered_by_id=an.id, members=[member]))
    return contest, organiser, an, problem


def _state(submission_id: int) -> Submission:
    db.session.expire_all()
    return row_of(Submission, submission_id)


def _test_rows(submission_id: int) -> int:
    query = select(func.count()).select_from(SubmissionTest).where(SubmissionTest.submission_id == submission_id)
    return db.session.scalars(query).one()


def test_a_rejudge_keeps_the_previous_result_until_the_new_one_even_when_its_worker_dies(
    judge_app: Flask, database_url: str, redis_url: str
) -> None:
    contest, organiser, an, problem = _contest_with_an(judge_app)
    settings = judging_settings.settings_for(db.session, contest)
    settings.time_multipliers = {"python": 4.0}  # a machine loaded by other tests still gives the right answer
    db.session.add(settings)
    submission_id = grading.create_submission(db.session, problem, SLOW, "python", user_id=an.id).id
    db.session.commit()
    assert grade_submission(submission_id) == "graded"
    before = _state(submission_id)
    first_finished = before.finished_at
    assert (before.verdict, before.score, _test_rows(submission_id)) == ("AC", 100.0, 5)

    def standing() -> tuple[object, ...]:
        """What the scoreboard and the contestant see of the submission now."""
        db.session.expire_all()
        cell = scoreboard.build(db.session, contest, viewer_is_staff=True).rows[0].cells[0]
        view = status_views.status_view(row_of(Submission, submission_id), Feedback.FULL)
        return cell.score, cell.pending, view.status, view.verdict, view.score, len(view.tests), view.final

    counted = (100.0, 0, "done", "AC", 100.0, 5, True)
    assert standing() == counted
    queue = judge_queue(judge_app)
    assert grading_admin.rejudge(db.session, queue, organiser, contest, submission_id=submission_id) == [submission_id]
    assert _state(submission_id).status is SubmissionStatus.QUEUED
    assert standing() == counted  # queued again, yet its result still counts: the board is never blank

    first = _worker(judge_app, database_url, redis_url)
    try:
        _wait(lambda: _state(submission_id).progress_done >= 2, 60, "the worker to be mid-rejudge")
    finally:
        _kill(first, _state(submission_id).worker)
    assert _state(submission_id).status is SubmissionStatus.RUNNING
    assert standing() == counted  # the worker died mid-rejudge: nothing lost
    assert _test_rows(submission_id) == 5

    second = _worker(judge_app, database_url, redis_url)
    try:
        _wait(lambda: _state(submission_id).status is SubmissionStatus.DONE, 90, "the second worker")
    finally:
        _kill(second)
    after = _state(submission_id)
    assert (after.verdict, after.score, after.attempt, _test_rows(submission_id)) == ("AC", 100.0, 4, 5)
    assert after.finished_at is not None and first_finished is not None and after.finished_at > first_finished
    assert standing() == counted


def test_the_judge_giving_up_on_a_rejudge_leaves_the_previous_result_standing(judge_app: Flask) -> None:
    """JE is the judge's own fault, never the contestant's: a rejudge that the judge gave up on (here its package
    gone from the store) replaced a contestant's AC with JE, which counts for nothing."""
    contest, organiser, an, problem = _contest_with_an(judge_app)
    submission_id = grading.create_submission(db.session, problem, ACCEPTED, "python", user_id=an.id).id
    db.session.commit()
    assert grade_submission(submission_id) == "graded"
    grading_admin.rejudge(db.session, judge_queue(judge_app), organiser, contest, submission_id=submission_id)
    problem.package_hash = "0" * 64  # no such object in the store: nothing a retry would mend
    db.session.commit()
    assert grade_submission(submission_id) == "error"
    kept = _state(submission_id)
    assert (kept.status, kept.verdict, kept.score, _test_rows(submission_id)) == (SubmissionStatus.DONE, "AC", 100.0, 5)
    assert "Judging again failed; the result above stands: StoreError" in kept.judge_log
    assert scoreboard.build(db.session, contest, viewer_is_staff=True).rows[0].cells[0].score == 100.0

    fresh = grading.create_submission(db.session, problem, ACCEPTED, "python", user_id=an.id).id
    db.session.commit()
    assert grade_submission(fresh) == "error"  # a first judging given up on is JE, as before
    assert (_state(fresh).status, _state(fresh).verdict) == (SubmissionStatus.ERROR, "JE")
