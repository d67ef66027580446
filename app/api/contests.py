"""Contests in the API: the published ones, one in detail, and the problems the caller may see in one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import Contest, ContestKind, ContestProblem
from ..policies.contests import may_see
from ..services.contests import organising as contest_service
from ..services.contests.contest_kinds import is_programming
from ..services.programming import contestant, judging_settings
from . import bp
from .auth import caller
from .errors import ApiError


def iso(value: datetime | None) -> str | None:
    """A naive UTC time as ISO 8601 with a ``Z``."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def contest_or_404(contest_id: int, *, programming_only: bool = False) -> Contest:
    """The contest, if the caller may see it (drafts only by their organisers); 404 otherwise, and for a
    contest that is not a programming one when ``programming_only``."""
    contest = db.session.get(Contest, contest_id)
    if contest is None or not may_see(caller(), contest):
        raise ApiError(404)
    if programming_only and not is_programming(contest):
        raise ApiError(404)
    return contest


def contest_summary(contest: Contest) -> dict[str, Any]:
    return {
        "id": contest.id,
        "title": contest.title,
        "kind": contest.kind.value,
        "round": contest.round.value,
        "school_year": contest.school_year,
        "organiser": contest.organiser_unit.name,
        "registration_opens": iso(contest.registration_opens),
        "registration_closes": iso(contest.registration_closes),
        "submission_opens": iso(contest.submission_opens),
        "submission_closes": iso(contest.submission_closes),
        "registration": contest_service.registration_state(contest).value,
    }


def problem_summary(item: ContestProblem) -> dict[str, Any]:
    return {
        "label": item.label,
        "title": item.problem.title,
        "category": item.category.code if item.category else None,
        "time_limit_ms": item.problem.time_limit_ms,
        "memory_limit_kb": item.problem.memory_limit_kb,
        "max_score": item.problem.max_score,
    }


@bp.route("/contests")
def contests() -> Response:
    kind = request.args.get("kind")
    if kind is not None and kind not in {k.value for k in ContestKind}:
        raise ApiError(400)
    page = request.args.get("page", 1, type=int)
    if page < 1:
        raise ApiError(400)
    rows, has_next = contest_service.public_contests(
        db.session, ContestKind(kind) if kind else None, caller(), page=page
    )
    return jsonify(contests=[contest_summary(c) for c in rows], page=page, has_next=has_next)


@bp.route("/contests/<int:contest_id>")
def contest(contest_id: int) -> Response:
    found = contest_or_404(contest_id)
    user = caller()
    registration = contestant.registration_of(db.session, found, user)
    team = contestant.team_of(db.session, found, user)
    return jsonify(
        contest_summary(found)
        | {
            "description": found.description,
            "max_team_size": found.max_team_size,
            "open_to_students": found.open_to_students,
            "open_to_teachers": found.open_to_teachers,
            "categories": [{"id": c.id, "code": c.code, "name": c.name} for c in found.categories],
            "registered": registration is not None,
            "category": registration.category.code if registration and registration.category else None,
            "team": {
                "name": team.team_name,
                "code": team.team_code,
                "members": [m.user.full_name for m in sorted(team.members, key=lambda m: m.user.sort_key)],
            }
            if team is not None
            else None,
        }
    )


@bp.route("/contests/<int:contest_id>/problems")
def problems(contest_id: int) -> Response:
    found = contest_or_404(contest_id, programming_only=True)
    user = caller()
    settings = judging_settings.settings_for(db.session, found)
    visible, reason = contestant.problem_list(db.session, found, user)
    return jsonify(
        problems=[problem_summary(p) for p in visible],
        languages=settings.language_keys,
        time_multipliers={key: settings.time_multiplier(key) for key in settings.language_keys},
        reason=str(reason) if reason is not None else None,
    )
