"""Rows of the authorisation table for the awards and certificates of a programming contest (issue 11).

The world gets a programming contest of the organiser's unit that has closed, in which the student scored and
received the First prize when the results were published (for the certificate).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.extensions import db
from app.models import AwardLevel, User
from app.services.programming import grading_admin
from app.services.results import awards

from ..factories import ContestFactory
from .scoreboard.helpers import START, _problem, _register, _submit

LOGIN = "login"
STAFF = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
BASE = "/contests/{awards_contest}"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", BASE + "/awards", {}, 200),
    (
        "GET",
        BASE + "/awards/certificates/{awards_registration}/{awards_member}.pdf",
        {"anonymous": LOGIN, "student": 200, "organiser": 200, "admin": 200},
        403,
    ),
    ("GET", BASE + "/manage/awards", STAFF, 403),
    ("GET", BASE + "/manage/awards/rules", STAFF, 403),
    # posted empty: the form again with its errors
    ("POST", BASE + "/manage/awards/rules", STAFF, 403),
    ("GET", BASE + "/manage/awards/certificates.pdf", STAFF, 403),
]

SAMPLE_IDS: dict[str, Any] = {"awards_contest": 3, "awards_registration": 4, "awards_member": 5}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    organiser = users["organiser"]
    contest = ContestFactory(
        organiser_unit=organiser.unit, submission_opens=START, submission_closes=START + timedelta(hours=3)
    )
    problem = _problem(contest, "A")
    registration = _register(contest, users["student"])
    _submit(users["student"], problem, 30)
    awards.set_rules(db.session, organiser, contest, None, [awards.RuleSpec(AwardLevel.FIRST, quota_count=1)])
    grading_admin.publish_results(db.session, organiser, contest)
    ids.update(awards_contest=contest.id, awards_registration=registration.id, awards_member=users["student"].id)
