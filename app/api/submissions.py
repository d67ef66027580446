"""Submissions in the API: sending a program to the judge, and what the caller may know of one."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import Contest, ContestProblem, Submission, SubmissionStatus
from ..policies.contests import may_see
from ..queue import judge_queue
from ..services.programming import contestant, entrant_window, judging_settings, scratch_projects, status_views
from . import bp
from .auth import caller
from .contests import contest_or_404, iso
from .errors import ApiError

FIELDS = ("problem", "language", "source")


def _submission_body() -> dict[str, str]:
    """The JSON object ``{"problem", "language", "source"}`` of the request, every field a string; 400
    naming what is wrong otherwise."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _l('Send a JSON object: {"problem": "A", "language": "cpp", "source": "..."}.'))
    for name in FIELDS:
        if not isinstance(body.get(name), str):
            raise ApiError(400, _l("The field '%(name)s' is missing or is not a string.", name=name))
    return {name: body[name] for name in FIELDS}


@bp.route("/contests/<int:contest_id>/submissions", methods=["POST"])
def submit(contest_id: int) -> tuple[Response, int, dict[str, str]]:
    hidden = db.session.get(Contest, contest_id)
    if hidden is not None and not may_see(caller(), hidden):  # kept for the Sở when its proposal is not approved
        registration = contestant.registration_of(db.session, hidden, caller())
        entrant_window.note_if_unapproved(db.session, caller(), hidden, registration)
    contest = contest_or_404(contest_id, programming_only=True)
    body = _submission_body()
    submission_id = contestant.submit(
        db.session,
        judge_queue(),
        contest,
        caller(),
        body["problem"],
        scratch_projects.sent_as_text(body["source"], body["language"]),
        body["language"],
        interval_s=current_app.config["SUBMIT_INTERVAL_SECONDS"],
    )
    url = url_for("api.submission", submission_id=submission_id, _external=True)
    return jsonify(id=submission_id, status=SubmissionStatus.QUEUED.value, url=url), 201, {"Location": url}


def _contest_problem_of(submission: Submission) -> tuple[Contest, ContestProblem]:
    """The contest the submission was made in, and its problem as set there; 404 for a problem set in no
    contest (one being prepared), and for a contest the caller may not see (a draft, or one whose proposal is not
    approved: it exists for its staff and the Sở's reviewers only, its submissions included, as on the web)."""
    row = db.session.execute(
        select(Contest, ContestProblem)
        .join(ContestProblem, ContestProblem.contest_id == Contest.id)
        .where(ContestProblem.problem_id == submission.problem_id)
    ).first()
    if row is None or not may_see(caller(), row[0]):
        raise ApiError(404)
    return row[0], row[1]


@bp.route("/submissions/<int:submission_id>")
def submission(submission_id: int) -> Response:
    found = db.session.get(Submission, submission_id)
    if found is None:
        raise ApiError(404)
    contest, item = _contest_problem_of(found)
    found = contestant.submission_for(db.session, contest, caller(), submission_id)
    mode = entrant_window.feedback_mode(
        judging_settings.settings_for(db.session, contest),
        contest,
        None,
        contestant.registration_of(db.session, contest, caller()),
    )
    view: dict[str, Any] = status_views.status_view(found, mode).to_dict()
    return jsonify(
        view
        | {
            "contest": contest.id,
            "problem": item.label,
            "language": found.language,
            "submitted_at": iso(found.created_at),
            "feedback": mode.value,
        }
    )
