"""A contestant's own submissions write their scores as the scoreboard does: in the reader's language (a decimal
comma in Vietnamese) and to the four places a score is kept, never ``%g``'s six figures with a point, nor a float's
noise (0.1 + 0.2)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Problem
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import add_problem, graded_submission

world = programming_helpers.world  # a running contest, its organisers, registered students


def test_a_submissions_scores_are_written_for_the_reader(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    problem_id = add_problem(app, world)
    row_of(Problem, problem_id).max_score = 300.0
    submission = graded_submission(problem_id, world["alice"])
    submission.score, submission.max_score = 187.3333, 300.0
    submission.tests[0].score = 0.1 + 0.2  # what a float sum of per-test points can leave
    row_of(Problem, problem_id).time_limit_ms = 1500
    db.session.commit()
    assert auth.login("alice").status_code == 302
    client.get("/lang/vi")
    contest = world["contest"]
    page = client.get(f"/contests/{contest}/submissions/{submission.id}").get_data(as_text=True)
    assert "187,3333 / 300" in page and "<td>0,3</td>" in page
    assert "187.333" not in page and "0.30000000000000004" not in page
    listed = client.get(f"/contests/{contest}/submissions").get_data(as_text=True)
    assert '<td class="live-score">187,3333</td>' in listed
    problem_page = client.get(f"/contests/{contest}/problems/A").get_data(as_text=True)
    assert "1,5 giây" in problem_page or "1,5 s" in problem_page
    assert "1.5 s" not in problem_page
