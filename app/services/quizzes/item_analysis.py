"""The item analysis of a test, for its organisers: for each question of the bank that pupils' closed sheets
held, how many had it, its difficulty (the share of those who answered it fully right: high is easy) and its
discrimination, in two measures:

- upper − lower: the share right among the pupils in the top 27 % of the test's totals (as a fraction of their
  sheet's maximum) minus the share among the bottom 27 %; from −1 to 1, above 0.3 a question that tells strong
  pupils from weak ones, below 0 one that misleads the strong;
- point-biserial: the correlation between answering the question right and the sheet's total (as a fraction),
  None where either is constant.

A question counts as right when it earned all its points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Question, Quiz
from .scoring import item_ids, question_score
from .sheets import sheets_of

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemStats:
    question: Question
    sheets: int
    difficulty: float
    upper_lower: float | None
    point_biserial: float | None


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _point_biserial(pairs: list[tuple[bool, float]]) -> float | None:
    n = len(pairs)
    right = [total for ok, total in pairs if ok]
    wrong = [total for ok, total in pairs if not ok]
    if n < 2 or not right or not wrong:
        return None
    mean = sum(total for _ok, total in pairs) / n
    spread = math.sqrt(sum((total - mean) ** 2 for _ok, total in pairs) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * math.sqrt(p * (1 - p))


def analyse(session: DbSession, quiz: Quiz) -> list[ItemStats]:
    """The statistics of every question the test's closed sheets held, in the bank's order (topic, difficulty,
    entry)."""
    closed = [s for s in sheets_of(session, quiz) if s.closed_at is not None]
    fraction = {s.id: (s.score or 0) / s.max_score if s.max_score else 0.0 for s in closed}
    ranked = sorted(closed, key=lambda s: fraction[s.id])
    size = max(1, round(GROUP_SHARE * len(ranked)))
    lower, upper = {s.id for s in ranked[:size]}, {s.id for s in ranked[len(ranked) - size :]}
    ids = {i for s in closed for i in item_ids(s)}
    questions = list(
        session.scalars(
            select(Question).where(Question.id.in_(ids)).order_by(Question.topic, Question.difficulty, Question.id)
        )
    )
    outcomes: dict[int, list[tuple[int, bool]]] = {q.id: [] for q in questions}
    by_id = {q.id: q for q in questions}
    for sheet in closed:
        chosen = {a.question_id: a.chosen for a in sheet.answers}
        for question_id in item_ids(sheet):
            question = by_id[question_id]
            right = question_score(question, chosen.get(question_id, []), partial=False) == question.points
            outcomes[question_id].append((sheet.id, right))
    stats = []
    for question in questions:
        results = outcomes[question.id]
        high = _share([ok for sid, ok in results if sid in upper])
        low = _share([ok for sid, ok in results if sid in lower])
        stats.append(
            ItemStats(
                question=question,
                sheets=len(results),
                difficulty=sum(ok for _sid, ok in results) / len(results),
                upper_lower=high - low if high is not None and low is not None else None,
                point_biserial=_point_biserial([(ok, fraction[sid]) for sid, ok in results]),
            )
        )
    return stats
