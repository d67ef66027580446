"""A board's result from its parts: the theory test and the programs, each normalised to its maximum and weighed
by the test's ``theory_weight`` (practice weighs the rest), on a scale of 100.

- Theory: the pupil's closed sheet, its score over its maximum (0 without a closed sheet).
- Practice: the pupil's scoreboard total over the board's maximum: the sum of the maximum scores of the problems
  the board sees (IOI), or their number (ICPC, where the total counts problems solved); 0 when the board has no
  problem.
- Who takes part: a pupil who closed a sheet or made a counted submission.

The programming contest's awards (``services.programming.awards``) rank a board that has a test by this result,
so its ranks, awards and certificates are those of the other boards.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import or_, select

from ...extensions import DbSession
from ...models import Contest, ContestProblem, Problem, ProgrammingSettings, Quiz, ScoreboardMode, Sheet
from ..programming.scoreboard import Row
from .sheets import sheets_of


@dataclass(frozen=True)
class Parts:
    """One pupil's parts (each a fraction of its maximum; theory None without a closed sheet) and result."""

    theory: float | None
    practice: float
    total: float


def practice_maximum(session: DbSession, contest: Contest, category_id: int) -> float:
    """The most a pupil of the board can score in practice (see the module's docstring)."""
    settings = session.get(ProgrammingSettings, contest.id)
    icpc = settings is not None and settings.scoreboard_mode is ScoreboardMode.ICPC
    maxima = session.scalars(
        select(Problem.max_score)
        .join(ContestProblem, ContestProblem.problem_id == Problem.id)
        .where(
            ContestProblem.contest_id == contest.id,
            or_(ContestProblem.category_id.is_(None), ContestProblem.category_id == category_id),
        )
    ).all()
    return float(len(maxima)) if icpc else float(sum(maxima))


def closed_sheets(session: DbSession, quiz: Quiz) -> dict[int, Sheet]:
    """The test's closed sheets by registration."""
    return {s.registration_id: s for s in sheets_of(session, quiz) if s.closed_at is not None}


def parts(theory: Sheet | None, practice_total: float, practice_max: float, theory_weight: int) -> Parts:
    """The parts and result of one pupil (see the module's docstring)."""
    theory_share = (theory.score or 0) / theory.max_score if theory is not None and theory.max_score else None
    practice_share = practice_total / practice_max if practice_max > 0 else 0.0
    total = theory_weight * (theory_share or 0.0) + (100 - theory_weight) * practice_share
    return Parts(theory_share, practice_share, round(total, 2))


def board_rows(
    session: DbSession, contest: Contest, quiz: Quiz, rows: list[Row], took_part: set[int]
) -> tuple[list[Row], dict[int, Parts]]:
    """The board's scoreboard ``rows`` with the result as their total (and no penalty), best first (equals by name,
    as on the scoreboard), of the pupils who took part (``took_part``: the registrations with a counted submission,
    or a closed sheet); and each one's parts by registration."""
    sheets = closed_sheets(session, quiz)
    maximum = practice_maximum(session, contest, quiz.category_id)
    by_registration = {}
    combined = []
    for row in rows:
        if row.registration_id not in took_part and row.registration_id not in sheets:
            continue
        practice = row.total if row.registration_id in took_part else 0.0
        result = parts(sheets.get(row.registration_id), practice, maximum, quiz.theory_weight)
        by_registration[row.registration_id] = result
        combined.append(dataclasses.replace(row, total=result.total, penalty=None))
    combined.sort(key=lambda r: (-r.total, r.name_order))
    return combined, by_registration
