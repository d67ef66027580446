"""The scoreboard of a programming contest: the page, its Excel export and its print view.

Anyone may see the board of a published (or archived) programming contest; a draft's board exists for its staff
only. Staff see the live board, everyone else the frozen one while the contest's freeze lasts.
"""

from __future__ import annotations

import io
from functools import lru_cache

from flask import abort, current_app, make_response, render_template, request, send_file
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from werkzeug.wrappers import Response

from ..authz import viewer, visible_contest
from ..extensions import db
from ..models import Contest
from ..policies.contests import is_staff
from ..policies.programming import scoreboard_hidden
from ..queue import connection
from ..services.number_text import number_text
from ..services.programming import scoreboard as service
from ..services.xlsx_text import CellValue, append_row
from ..timeutil import format_datetime, utcnow
from . import bp

DEFAULT_REFRESH_SECONDS = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contest(contest_id: int) -> tuple[Contest, bool]:
    """The contest and whether the viewer is its staff; 404 for a missing, non-programming or (to the public)
    draft contest."""
    contest = visible_contest(contest_id, programming=True)
    user = viewer()
    staff = user is not None and is_staff(user, contest)
    if scoreboard_hidden(db.session, contest, staff):
        abort(make_response(render_template("programming/scoreboard_hidden.html", contest=contest), 403))
    return contest, staff


def _board(contest: Contest, staff: bool) -> tuple[service.Scoreboard, int | None, int | None]:
    unit_id = request.args.get("unit", type=int)
    district_id = request.args.get("district", type=int)
    board = service.build(
        db.session,
        contest,
        viewer_is_staff=staff,
        unit_id=unit_id,
        district_id=district_id,
        cache=connection(),
    )
    return board, unit_id, district_id


@bp.app_template_filter("scoreboard_cells")
def scoreboard_cells(row: service.Row, icpc: bool) -> Markup:
    """A row's problem cells as HTML. Built here rather than in the template because a board has thousands of
    them; they hold only numbers, so there is nothing to escape."""
    language = str(get_locale() or "vi")
    return Markup(
        "".join(_cell_html(c.score, c.tries, c.pending, c.solved, c.minutes, icpc, language) for c in row.cells)
    )


@lru_cache(maxsize=4096)
def _cell_html(
    score: float | None, tries: int, pending: int, solved: bool, minutes: int | None, icpc: bool, language: str
) -> str:
    """IOI: the best score, written for ``language`` (``number_text``); ICPC: ``+`` (with the rejected tries) over
    the minutes of the first AC, or ``-tries``; `` ?n``: n submissions whose results the freeze hides."""
    classes = "num"
    if icpc:
        if solved:
            classes, text = "num solved", f"+{tries or ''}<br><small>{minutes}</small>"
        else:
            classes, text = ("num rejected", f"-{tries}") if tries else ("num", "")
    else:
        text = "" if score is None else number_text(score, language)
    if pending:
        classes, text = f"{classes} pending", f"{text} ?{pending}"
    return f'<td class="{classes}">{text}</td>'


def _filter_name(board: service.Scoreboard, unit_id: int | None, district_id: int | None) -> str | None:
    names = [name for uid, name in board.units if uid == unit_id]
    names += [name for did, name in board.districts if did == district_id]
    return " · ".join(names) or None


def refresh_seconds() -> int:
    """How often an open scoreboard fetches its table again (``SCOREBOARD_REFRESH_SECONDS``, default 10)."""
    return max(1, int(current_app.config.get("SCOREBOARD_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS)))


@bp.route("/scoreboard")
def scoreboard(contest_id: int) -> str:
    contest, staff = _contest(contest_id)
    board, unit_id, district_id = _board(contest, staff)
    return render_template(
        "programming/scoreboard.html",
        contest=contest,
        board=board,
        staff=staff,
        unit_id=unit_id,
        district_id=district_id,
        filter_name=_filter_name(board, unit_id, district_id),
        penalty_minutes=service.PENALTY_MINUTES,
        refresh_seconds=refresh_seconds(),
    )


@bp.route("/scoreboard/live")
def scoreboard_live(contest_id: int) -> Response:
    """The board's notes and table alone, as HTML: what an open scoreboard page fetches to refresh itself
    (app/static/contest.js), with the same filters and the same rules of who sees what as the page."""
    contest, staff = _contest(contest_id)
    board, _unit_id, _district_id = _board(contest, staff)
    response = make_response(
        render_template("programming/scoreboard_live.html", contest=contest, board=board, staff=staff)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/scoreboard/print")
def scoreboard_print(contest_id: int) -> str:
    contest, staff = _contest(contest_id)
    board, unit_id, district_id = _board(contest, staff)
    return render_template(
        "programming/scoreboard_print.html",
        contest=contest,
        board=board,
        staff=staff,
        printed_at=utcnow(),
        filter_name=_filter_name(board, unit_id, district_id),
    )


@bp.route("/scoreboard.xlsx")
def scoreboard_xlsx(contest_id: int) -> Response:
    contest, staff = _contest(contest_id)
    board, unit_id, district_id = _board(contest, staff)
    return send_file(
        io.BytesIO(_workbook(contest, board, _filter_name(board, unit_id, district_id))),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"bang-xep-hang-{contest.id}.xlsx",
    )


def _cell_value(cell: service.Cell, icpc: bool) -> str | float:
    """A cell as the sheet shows it: IOI the score (a text in the page's language when marked ``?n``), ICPC
    ``+tries (minutes)`` or ``-tries``; ``?n`` marks submissions whose results are not shown (the freeze hides
    them, or the judge has still to give them), on a solved ICPC cell those before its first AC."""
    pending = f" ?{cell.pending}" if cell.pending else ""
    if icpc:
        if cell.solved:
            return f"+{cell.tries or ''} ({cell.minutes}){pending}"
        return ((f"-{cell.tries}" if cell.tries else "") + pending).strip()
    if cell.score is None:
        return pending.strip()
    return f"{number_text(cell.score, get_locale() or 'vi')}{pending}" if pending else cell.score


def _workbook(contest: Contest, board: service.Scoreboard, filter_name: str | None) -> bytes:
    """The board's rows as one sheet: a title line, a heading row, one row per contestant."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = _("Scoreboard")[:31]
    title = f"{contest.title} · {_('Scoreboard')}" + (f" · {filter_name}" if filter_name else "")
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    note = _("Frozen since %(t)s", t=format_datetime(board.freeze_at)) if board.frozen else ""
    append_row(sheet, [_("As of %(t)s", t=format_datetime(board.computed_at)), note])
    boards = len({r.board_id for r in board.rows}) > 1  # several boards: ranks are within each
    headings = [_("Rank"), *([_("Category")] if boards else []), _("Contestant"), _("Members"), _("Unit")]
    headings += [_("District"), *(p.label for p in board.problems)]
    headings += [_("Solved"), _("Penalty")] if board.icpc else [_("Total")]
    append_row(sheet, headings)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in board.rows:
        values: list[CellValue] = [row.rank, *([row.board_name or ""] if boards else []), row.name]
        values += [", ".join(row.members), row.unit_name, row.district_name or ""]
        values += [_cell_value(c, board.icpc) for c in row.cells]
        values += [int(row.total), row.penalty] if board.icpc else [row.total]
        append_row(sheet, values)
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions["D"].width = 30
    sheet.column_dimensions["E"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
