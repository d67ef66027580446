"""Builders of theory-test worlds: a contest's bank and a board's test, pupils' sheets, and .xlsx question
sheets."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from openpyxl import Workbook

from app.extensions import db
from app.models import Category, Contest, Question, Quiz, Role, User
from app.services.quizzes import bank, quiz_settings
from app.services.quizzes.bank_xlsx import TEMPLATE_HEADINGS
from app.timeutil import utcnow

from .. import builders


def question(
    contest: Contest,
    topic: str = "Tin học",
    difficulty: int = 1,
    *,
    options: tuple[str, ...] = ("Đúng", "Sai", "Không biết", "Cả ba"),
    correct: tuple[int, ...] = (0,),
    multiple: bool = False,
    points: float = 1.0,
    text: str = "Câu hỏi",
) -> Question:
    """A question of the contest's bank, added as an organiser adds one (checked)."""
    spec = bank.check(bank.QuestionSpec(topic, difficulty, text, list(options), list(correct), multiple, points))
    row = Question(
        contest_id=contest.id,
        topic=spec.topic,
        difficulty=spec.difficulty,
        text=spec.text,
        options=spec.options,
        correct=spec.correct,
        multiple=spec.multiple,
        points=spec.points,
    )
    db.session.add(row)
    db.session.flush()
    return row


def quiz(
    organiser: User,
    contest: Contest,
    category: Category,
    plan: list[tuple[str, int, int]],
    *,
    minutes: int = 20,
    partial: bool = False,
    theory_weight: int = 30,
    opens_in: timedelta = timedelta(hours=-1),
    open_for: timedelta = timedelta(days=1),
) -> Quiz:
    """The test of ``category``, set as its organisers set it (``plan``: topic, difficulty, count)."""
    opens = utcnow().replace(microsecond=0) + opens_in
    return quiz_settings.save(
        db.session,
        organiser,
        contest,
        category,
        quiz_settings.QuizSpec(
            opens_at=opens,
            closes_at=opens + open_for,
            duration_minutes=minutes,
            plan=[quiz_settings.PlanLine(t, d, c) for t, d, c in plan],
            partial=partial,
            theory_weight=theory_weight,
        ),
    )


def board_world() -> dict[str, Any]:
    """A running informatics contest of the organiser's Sở with a board A, two pupils registered in it, and a
    bank of 3 easy and 2 hard questions of one topic."""
    units = builders.unit_tree()
    organiser = builders.person("btc", units.department, Role.ORGANISER)
    contest = builders.contest(organiser_unit=units.department)
    board = builders.categories(contest, "A")["A"]
    pupils = [builders.person(name, units.school) for name in ("an", "binh")]
    builders.register(contest, *pupils, category=board)
    easy = [question(contest, "Tin học", 1, text=f"Dễ {i}") for i in range(3)]
    hard = [question(contest, "Tin học", 3, text=f"Khó {i}", correct=(0, 2), multiple=True) for i in range(2)]
    return {"organiser": organiser, "contest": contest, "board": board, "pupils": pupils, "easy": easy, "hard": hard}


def sheet_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    """An .xlsx of ``rows`` under ``header`` (the template's headings by default)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header if header is not None else TEMPLATE_HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
