"""Scoring a sheet. A question scores its points when the ticked options are exactly its correct ones. A
multiple-answer question of a test with ``partial`` scoring earns a share of its points otherwise: (correct options
ticked − wrong options ticked) / correct options, never below 0; without ``partial`` it is all or nothing."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Question, Quiz, Sheet


def question_score(question: Question, chosen: Iterable[int], partial: bool) -> float:
    """What ticking ``chosen`` (option indexes as stored) earns on ``question``."""
    picked, correct = set(chosen), set(question.correct)
    if picked == correct:
        return question.points
    if not (partial and question.multiple):
        return 0.0
    share = (len(picked & correct) - len(picked - correct)) / len(correct)
    return round(max(0.0, share) * question.points, 4)


def item_ids(sheet: Sheet) -> list[int]:
    """The ids of the sheet's questions, in the pupil's order."""
    return [int(str(item["q"])) for item in sheet.items]


def score_sheet(session: DbSession, sheet: Sheet, quiz: Quiz) -> None:
    """Set the sheet's score and maximum from its saved answers and its questions as they are now."""
    ids = item_ids(sheet)
    questions = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
    chosen = {a.question_id: a.chosen for a in sheet.answers}
    sheet.max_score = sum(questions[i].points for i in ids if i in questions)
    sheet.score = round(
        sum(question_score(questions[i], chosen.get(i, []), quiz.partial) for i in ids if i in questions), 4
    )


def rescore(session: DbSession, question: Question) -> int:
    """Score again every closed sheet that holds ``question`` (after an organiser corrected it); how many."""
    sheets = session.scalars(
        select(Sheet)
        .join(Quiz, Quiz.id == Sheet.quiz_id)
        .where(Quiz.contest_id == question.contest_id, Sheet.closed_at.is_not(None))
    )
    count = 0
    for sheet in sheets:
        if question.id in item_ids(sheet):
            score_sheet(session, sheet, sheet.quiz)
            count += 1
    return count
