"""Rows of the authorisation table for rubrics, the panel, assignment and score sheets (issue 5).

The world's judge is the head judge of the contest's panel and is assigned an entry of another school; a second
judge has submitted a sheet, which locks the rubric, so that the organisers' buttons posted here change nothing
(the services refuse, the views flash and redirect) and every role meets the same world.
"""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import Assignment, AssignmentOrigin, Contest, PanelMember, Role, ScoreSheet, SheetStatus, User
from app.timeutil import utcnow
from tests.builders import row_of

from ..factories import EntryFactory, RubricFactory, SchoolFactory, UserFactory

LOGIN = "login"
ORGANISERS = {"anonymous": LOGIN, "organiser": 200, "admin": 200}
ORGANISERS_POST = {"anonymous": LOGIN, "organiser": 302, "admin": 302}
REVIEW = "/contests/{contest}/review"

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    # -- organisers: rubric (the empty forms are shown again with their errors)
    ("GET", REVIEW + "/rubric", ORGANISERS, 403),
    ("POST", REVIEW + "/rubric", ORGANISERS, 403),
    ("GET", REVIEW + "/criteria/{review_criterion}", ORGANISERS, 403),
    ("POST", REVIEW + "/criteria/{review_criterion}", ORGANISERS, 403),
    ("POST", REVIEW + "/criteria/{review_criterion}/move/up", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/criteria/{review_criterion}/remove", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/rubric/template", ORGANISERS_POST, 403),
    # -- organisers: panel, settings, assignment
    ("GET", REVIEW + "/panel", ORGANISERS, 403),
    ("POST", REVIEW + "/panel", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/panel/{review_member}/head", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/panel/{review_member}/remove", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/panel/{review_member}/category", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/settings", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/discrepancy", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/score-method", ORGANISERS_POST, 403),
    ("GET", REVIEW + "/assignments", ORGANISERS, 403),
    ("POST", REVIEW + "/assignments/add", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/assignments/{review_assignment}/remove", ORGANISERS_POST, 403),
    ("POST", REVIEW + "/assignments/run", ORGANISERS_POST, 403),
    # -- the sheets of the contest: its head judge and organisers; reopening: the head judge only
    ("GET", REVIEW + "/sheets", {**ORGANISERS, "judge": 200}, 403),
    ("POST", "/review/sheets/{review_sheet}/reopen", {"anonymous": LOGIN, "judge": 302}, 403),
    # -- a judge's pages: only for the judges assigned to the entry
    ("GET", "/review/", {"anonymous": LOGIN, "judge": 200}, 403),
    ("GET", "/review/entries/{review_entry}", {"anonymous": LOGIN, "judge": 200}, 403),
    ("GET", "/review/entries/{review_entry}/sheet", {"anonymous": LOGIN, "judge": 200}, 403),
    ("POST", "/review/entries/{review_entry}/conflict", {"anonymous": LOGIN, "judge": 302}, 403),
    # the contest still takes entries: the sheet is shown again with the refusal, nothing saved
    ("POST", "/review/entries/{review_entry}/sheet", {"anonymous": LOGIN, "judge": 200}, 403),
]

# A value for each placeholder this area adds, for the check that the table covers every route.
SAMPLE_IDS: dict[str, Any] = {
    "review_criterion": 1,
    "review_member": 1,
    "review_assignment": 1,
    "review_sheet": 1,
    "review_entry": 1,
}


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Create this area's objects (``users`` maps each role name to its user) and add their ids to ``ids``."""
    contest = row_of(Contest, ids["contest"])
    rubric = RubricFactory(contest=contest)
    entry = EntryFactory(contest=contest, unit=SchoolFactory(), code="RV-0001")
    second = UserFactory(username="review_judge2", unit=contest.organiser_unit, roles={Role.JUDGE})
    head = PanelMember(contest_id=contest.id, user_id=users["judge"].id, is_head=True)
    other = PanelMember(contest_id=contest.id, user_id=second.id)
    db.session.add_all([head, other])
    db.session.add(Assignment(contest_id=contest.id, entry_id=entry.id, judge_id=users["judge"].id))
    held = Assignment(contest_id=contest.id, entry_id=entry.id, judge_id=second.id, origin=AssignmentOrigin.MANUAL)
    sheet = ScoreSheet(
        contest_id=contest.id,
        entry_id=entry.id,
        judge_id=second.id,
        status=SheetStatus.SUBMITTED,
        total=100,
        submitted_at=utcnow(),
    )
    db.session.add_all([held, sheet])
    db.session.flush()
    ids.update(
        review_criterion=rubric.criteria[0].id,
        review_member=other.id,
        review_assignment=held.id,
        review_sheet=sheet.id,
        review_entry=entry.id,
    )
