"""The Young Informatics contest on the web: a contest's judging settings, its problems, announcements,
clarifications, and API tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, Enum, Float, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sandbox.languages import LANGUAGES

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Category, Contest, Registration
from .informatics import Problem
from .people import User
from .reviews import AwardLevel


class ScoreboardMode(enum.StrEnum):
    IOI = "ioi"  # points: per problem the best submission (or the best of each subtask), total, rank with ties
    ICPC = "icpc"  # problems solved, then penalty minutes (20 per rejected try before the first AC)


class Feedback(enum.StrEnum):
    FULL = "full"  # every test: verdict, time, memory, score
    VERDICTS = "verdicts"  # every test's verdict, no times or data
    SCORE = "score"  # the total score only


class ProgrammingSettings(Model):
    """How a programming contest is judged and shown. The window is the contest's submission window."""

    __tablename__ = "programming_settings"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    scoreboard_mode: Mapped[ScoreboardMode] = mapped_column(
        Enum(ScoreboardMode, native_enum=False, length=10), default=ScoreboardMode.IOI
    )
    best_per_subtask: Mapped[bool] = mapped_column(default=False)
    freeze_minutes: Mapped[int] = mapped_column(default=0)
    results_published: Mapped[bool] = mapped_column(default=False)
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime)  # when last published (UTC)
    # Whether contestants and the public see the scoreboard before the results are published (live, or frozen
    # for the last minutes); when not, it is shown to them only once published.
    scoreboard_public: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Whether registered contestants may still read the problems after the window closes.
    problems_after_end: Mapped[bool] = mapped_column(default=True, server_default=true())
    feedback_during: Mapped[Feedback] = mapped_column(
        Enum(Feedback, native_enum=False, length=10), default=Feedback.FULL
    )
    feedback_after: Mapped[Feedback] = mapped_column(
        Enum(Feedback, native_enum=False, length=10), default=Feedback.FULL
    )
    languages: Mapped[str] = mapped_column(String(100), default=",".join(LANGUAGES))  # the keys it accepts
    # The problems' time limit is multiplied by these for a submission in that language (e.g. {"python": 2.0});
    # a language not named here has 1. Only languages the contest accepts are named.
    time_multipliers: Mapped[dict[str, float]] = mapped_column(JSON, default=dict, server_default="{}")

    contest: Mapped[Contest] = relationship()

    @property
    def language_keys(self) -> list[str]:
        return [k for k in self.languages.split(",") if k]

    def time_multiplier(self, language: str) -> float:
        """How many times the problems' time limit a submission in ``language`` gets (1 unless the organisers
        set another)."""
        return float((self.time_multipliers or {}).get(language, 1.0))


class ProgrammingAward(Model):
    """An award of a programming contest, fixed from its final scoreboard when the results are published
    (``services.programming_awards``): one per awarded registration (a contestant, or a team), with the rank and
    result it had in its category. Shown only while the results are published; ``certificate_code`` is printed on
    the certificates of its members."""

    __tablename__ = "programming_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    level: Mapped[AwardLevel] = mapped_column(Enum(AwardLevel, native_enum=False, length=20))
    rank: Mapped[int] = mapped_column()  # in its category
    total: Mapped[float] = mapped_column(Float)  # IOI: points; ICPC: problems solved
    penalty: Mapped[int | None] = mapped_column()  # ICPC only
    certificate_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(lazy="joined")


class ContestProblem(Model):
    """A problem as set in a contest: its label (A, B, …), order, and the category that sees it (all if None)."""

    __tablename__ = "contest_problems"
    __table_args__ = (UniqueConstraint("contest_id", "label"), UniqueConstraint("problem_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)

    problem: Mapped[Problem] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")


class Announcement(Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Clarification(Model):
    """A contestant's question and the organiser's answer, to that contestant or (``public``) to everyone."""

    __tablename__ = "clarifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("problems.id", ondelete="SET NULL"))
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=False)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    asked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    asker: Mapped[User] = relationship(foreign_keys=[asker_id])


class ApiToken(Model):
    """A bearer token of the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(lazy="joined")
