"""The world of the route × role table (test_authorisation.py) and of the walks over every route
(test_route_walks.py): one user of each role, a programming contest with a problem, a registration, a submission
and a test run, and each area's objects (authz_<area>.py's ``add_to_world``)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.extensions import db
from app.models import Role, TestRun
from app.services.programming import grading

from .. import builders
from ..factories import UserFactory
from . import (
    authz_entries,
    authz_home,
    authz_lab,
    authz_programming_awards,
    authz_proposals,
    authz_quizzes,
    authz_results,
    authz_reviews,
    authz_rounds,
    authz_themis,
)

# Each area's rows live beside the table (authz_<area>.py): its TABLE, the objects it adds to the world, and
# sample ids for its placeholders.
AREAS = (
    authz_entries,
    authz_reviews,
    authz_results,
    authz_proposals,
    authz_home,
    authz_programming_awards,
    authz_rounds,
    authz_quizzes,
    authz_lab,
    authz_themis,
)

ROLES = ["anonymous", "student", "teacher", "coordinator", "judge", "organiser", "reviewer", "admin"]
LOGIN = "login"  # a redirect to the login page


def build_world(app: Flask) -> dict[str, Any]:
    """Create the world (committed) and give the ids its URL templates' placeholders take. Each role's user logs in
    with its role's name as login and ``password123``; the organiser, reviewer and administrator belong to the
    Sở, the others to one school."""
    units = builders.unit_tree()
    users = {
        role: builders.person(
            role, units.department if role in ("organiser", "reviewer", "admin") else units.school, Role(role)
        )
        for role in ROLES[1:]
    }
    contest = builders.contest(organiser_unit=units.department)
    problem = builders.programming_problem(contest, "A", code="SUM").problem
    (registration,) = builders.register(contest, users["student"])
    submission = grading.create_submission(db.session, problem, b"print(3)\n", "python", users["student"].id)
    test_run = TestRun(
        contest_id=contest.id,
        problem_id=problem.id,
        user_id=users["student"].id,
        language="python",
        source="print(3)\n",
        input="",
    )
    db.session.add(test_run)
    db.session.flush()
    ids = {
        "test_run": test_run.id,
        "contest": contest.id,
        "problem": "A",
        "submission": submission.id,
        "person": UserFactory(unit=units.school).id,
        "stranger": UserFactory().id,
        "judge": users["judge"].id,
        "registration": registration.id,
    }
    for area in AREAS:
        area.add_to_world(app, users, ids)
    db.session.commit()
    return ids
