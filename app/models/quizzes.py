"""Multiple-choice theory tests (Tin học trẻ Bảng A): a contest's question bank, a board's test and the weight of
its theory part in the board's result, each pupil's sheet (the questions drawn for them, in their order) and
the answers saved on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Category, Contest
from .people import User


class Question(Model):
    """A question of a contest's bank: Markdown text (formulas between ``$…$`` are typeset by KaTeX), 2 to 6
    options, the indexes of the correct ones, and whether a pupil may tick several (``multiple``). An image, if
    attached, is in the content store under ``image_hash``."""

    __tablename__ = "quiz_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(80))
    difficulty: Mapped[int] = mapped_column()  # 1 easy, 2 medium, 3 hard
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    correct: Mapped[list[int]] = mapped_column(JSON)
    multiple: Mapped[bool] = mapped_column(default=False)
    points: Mapped[float] = mapped_column(Float, default=1.0)
    image_hash: Mapped[str | None] = mapped_column(String(64))
    image_format: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Quiz(Model):
    """A board's theory test: the window in which pupils may start it, its length, how many questions of each
    topic and difficulty each pupil gets (``plan``: a list of ``{"topic", "difficulty", "count"}``), how a
    multiple-answer question scores (``partial``: in proportion, else all or nothing) and the weight, in percent,
    of the theory part in the board's result (the practice part, the programming score, weighs the rest)."""

    __tablename__ = "quizzes"
    __table_args__ = (UniqueConstraint("contest_id", "category_id", name="uq_quizzes_contest_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    opens_at: Mapped[datetime] = mapped_column(DateTime)
    closes_at: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column()
    plan: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    partial: Mapped[bool] = mapped_column(default=False)
    theory_weight: Mapped[int] = mapped_column(default=30)

    contest: Mapped[Contest] = relationship()
    category: Mapped[Category] = relationship(lazy="joined")


class Sheet(Model):
    """One pupil's test: ``items`` holds the questions drawn for them in their order, each with its options'
    order (``[{"q": id, "o": [2, 0, 1, 3]}, …]``), fixed when the pupil starts. Answers are taken until
    ``ends_at`` (plus a short grace); the sheet is then closed (``closed_at``) and scored."""

    __tablename__ = "quiz_sheets"
    __table_args__ = (UniqueConstraint("quiz_id", "user_id", name="uq_quiz_sheets_quiz_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    items: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    submitted: Mapped[bool] = mapped_column(default=False)  # by the pupil (else closed at the end of time)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship(lazy="joined")
    answers: Mapped[list[Answer]] = relationship(back_populates="sheet", cascade="all, delete-orphan")


class Answer(Model):
    """The options a pupil ticked for one question of their sheet (indexes into the question's options, as
    stored), as last saved."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("sheet_id", "question_id", name="uq_quiz_answers_sheet_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("quiz_sheets.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_questions.id"))
    chosen: Mapped[list[int]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    sheet: Mapped[Sheet] = relationship(back_populates="answers")
