"""The scoreboard of a programming contest in the API: the board the web shows, as the caller may see it
(frozen for the public in the last minutes, live for the contest's staff)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ..extensions import db
from ..input_checks import id_in
from ..policies.contests import is_staff
from ..policies.programming import scoreboard_hidden
from ..queue import connection
from ..services.programming import scoreboard
from . import bp
from .auth import caller
from .contests import contest_or_404, iso
from .errors import ApiError


def board_json(board: scoreboard.Scoreboard) -> dict[str, Any]:
    """The board as JSON values: times as ISO 8601 UTC, units and districts as objects."""
    data = asdict(board)
    data.update(
        mode=board.mode.value,
        freeze_at=iso(board.freeze_at),
        computed_at=iso(board.computed_at),
        units=[{"id": i, "name": name} for i, name in board.units],
        districts=[{"id": i, "name": name} for i, name in board.districts],
    )
    return data


def _id_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    found = id_in(raw)
    if found is None:
        raise ApiError(400)
    return found


@bp.route("/contests/<int:contest_id>/scoreboard")
def contest_scoreboard(contest_id: int) -> Response:
    contest = contest_or_404(contest_id, programming_only=True)
    staff = is_staff(caller(), contest)
    if scoreboard_hidden(db.session, contest, staff):
        raise ApiError(403, _l("The scoreboard will be shown when the organisers publish the results."))
    board = scoreboard.build(
        db.session,
        contest,
        viewer_is_staff=staff,
        unit_id=_id_arg("unit"),
        district_id=_id_arg("district"),
        cache=connection(),
    )
    return jsonify(board_json(board))
