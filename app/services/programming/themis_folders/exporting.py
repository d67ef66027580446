"""A programming contest out as Themis users read it: the results sheet (.xlsx) and the contest folder (a zip)."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import and_, select

from sandbox.languages import LANGUAGES

from ....extensions import DbSession
from ....models import (
    Contest,
    ContestProblem,
    Problem,
    Registration,
    RegistrationMember,
    ScoreboardMode,
    Submission,
    User,
)
from ....timeutil import to_local
from ...xlsx_text import append_row, set_widths
from .. import scoreboard
from ..extra_time import counted_window
from ..judging_settings import settings_for
from ..problem_codes import CODE, plain_code
from ..scoreboard.compute import judged


def results_workbook(session: DbSession, contest: Contest) -> bytes:
    """The results sheet, one row per contestant (registration) in rank order: No., login(s), name, unit, one
    column per task headed by its code with the contestant's score (IOI: points; ICPC: 1 when solved, else 0),
    the total (ICPC: the problems solved, then the penalty minutes, as the scoreboard ranks them), the rank and,
    when the contestants are of several categories, the category the rank is within. The board is the final one,
    as staff see it (never frozen, never cached)."""
    board = scoreboard.build(session, contest, viewer_is_staff=True, cache=None)
    codes = task_codes(session, contest)
    logins = _logins(session, contest)
    icpc = board.mode is ScoreboardMode.ICPC
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Results"))
    totals = [_("Solved"), _("Penalty")] if icpc else [_("Total")]
    boards = [_("Category")] if len({r.board_id for r in board.rows}) > 1 else []  # ranks are within each
    set_widths(sheet, [6, 18, 30, 30, *(10 for _c in codes), *(12 for _t in totals), 10, *(16 for _b in boards)])
    append_row(sheet, [_("No."), _("Contestant"), _("Full name"), _("Unit"), *codes, *totals, _("Rank"), *boards])
    for number, row in enumerate(board.rows, start=1):
        scores = [(1.0 if c.solved else 0.0) if icpc else (c.score or 0.0) for c in row.cells]
        append_row(
            sheet,
            [
                float(number),
                ", ".join(logins.get(row.registration_id, [])),
                row.name,
                row.unit_name,
                *scores,
                row.total,
                *([float(row.penalty or 0)] if icpc else []),
                float(row.rank),
                *([row.board_name or ""] if boards else []),
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Candidate:
    id: int
    registration_id: int
    problem_id: int
    score: float | None
    done: bool
    created_at: datetime
    verdict: str | None


def folder_zip(session: DbSession, contest: Contest) -> bytes:
    """The contest folder as a zip: ``LOGIN/CODE.ext`` for each contestant's chosen submission to each problem,
    where LOGIN is its author's login, CODE the problem's code and ext its language's first extension; the entry's
    time is the submission's (Asia/Ho_Chi_Minh wall clock). Chosen among the submissions made in the window, as the
    scoreboard counts them (a result that stands: ``compute.judged``, also one being judged again): IOI the best
    judged score, the later of equals; ICPC the first AC, the one that solved the task; else the last. A
    disqualified entrant's programs are left out, as the scoreboard and the results sheet leave them out (graded
    again in Themis, the folder ranks the same contestants); their submissions stay in hoithi."""
    best = settings_for(session, contest).scoreboard_mode is ScoreboardMode.IOI
    by_cell: dict[tuple[int, int], list[_Candidate]] = defaultdict(list)
    for row in session.execute(
        select(
            Submission.id,
            RegistrationMember.registration_id,
            Submission.problem_id,
            Submission.score,
            judged(),
            Submission.created_at,
            Submission.verdict,
        )
        .join(
            RegistrationMember,
            and_(RegistrationMember.user_id == Submission.user_id, RegistrationMember.contest_id == contest.id),
        )
        .join(Registration, Registration.id == RegistrationMember.registration_id)
        .where(
            Registration.disqualified_reason.is_(None),
            Submission.problem_id.in_(select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id)),
            counted_window(contest),
        )
    ):
        candidate = _Candidate(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])
        by_cell[(candidate.registration_id, candidate.problem_id)].append(candidate)
    chosen = [_choose(candidates, best) for candidates in by_cell.values()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(0, len(chosen), 500):  # sources in slices, not all at once
            ids = [c.id for c in chosen[i : i + 500]]
            for submission, code, login in session.execute(
                select(Submission, Problem.code, User.username)
                .join(Problem, Problem.id == Submission.problem_id)
                .join(User, User.id == Submission.user_id)
                .where(Submission.id.in_(ids))
                .order_by(User.username, Problem.code)
            ):
                info = zipfile.ZipInfo(
                    f"{login}/{_file_code(code, submission.problem_id)}{LANGUAGES[submission.language].extensions[0]}",
                    date_time=to_local(submission.created_at).timetuple()[:6],
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, submission.source.encode("utf-8"))
    return out.getvalue()


def _file_code(code: str, problem_id: int) -> str:
    """``code`` as the task's file name: itself, or made plain when it was stored before codes had to be plain names
    (``a/../b`` would have put the file outside its contestant's folder)."""
    return code if CODE.match(code) else plain_code(code, f"P{problem_id}")


def _choose(candidates: list[_Candidate], best: bool) -> _Candidate:
    """The submission whose source stands for its contestant and task: the one the board counts (IOI: the best
    judged score, the later of equals; ICPC: the first AC), else the last."""
    judged = [c for c in candidates if c.done and c.score is not None]
    if best and judged:
        return max(judged, key=lambda c: (c.score or 0.0, c.created_at, c.id))
    accepted = [c for c in candidates if c.done and c.verdict == "AC"]
    if not best and accepted:
        return min(accepted, key=lambda c: (c.created_at, c.id))
    return max(candidates, key=lambda c: (c.created_at, c.id))


def task_codes(session: DbSession, contest: Contest) -> list[str]:
    """The contest's problems' codes (a Themis folder's task names), in the board's order of columns."""
    return list(
        session.scalars(
            select(Problem.code)
            .join(ContestProblem, ContestProblem.problem_id == Problem.id)
            .where(ContestProblem.contest_id == contest.id)
            .order_by(ContestProblem.position, ContestProblem.label)
        )
    )


def _logins(session: DbSession, contest: Contest) -> dict[int, list[str]]:
    """Each registration's members' logins, sorted."""
    found: dict[int, list[str]] = defaultdict(list)
    for registration_id, username in session.execute(
        select(RegistrationMember.registration_id, User.username)
        .join(User, User.id == RegistrationMember.user_id)
        .where(RegistrationMember.contest_id == contest.id)
        .order_by(User.username)
    ):
        found[registration_id].append(username)
    return found
