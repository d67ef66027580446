"""Programming contests (Tin học trẻ): problems and their images, submissions and their tests, test runs; a
contest's judging settings, its problems, awards, announcements and clarifications."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sandbox.languages import DEFAULT_KEYS

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Category, Contest, Registration
from .people import User
from .reviews import AwardLevel


class Problem(Model):
    """A problem package (Kattis or Themis) imported into the store; the package is the truth about tests."""

    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    package_format: Mapped[str] = mapped_column(String(20))
    package_hash: Mapped[str] = mapped_column(String(64))
    time_limit_ms: Mapped[int]
    memory_limit_kb: Mapped[int]
    test_count: Mapped[int]
    max_score: Mapped[float] = mapped_column(Float)
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    # The statement shipped in the package: "pdf" (kept in the store under statement_hash), "md" or "html"
    # (kept as text in statement_text); None when the package has none.
    statement_kind: Mapped[str | None] = mapped_column(String(10))
    statement_hash: Mapped[str | None] = mapped_column(String(64))
    statement_text: Mapped[str | None] = mapped_column(Text)
    # The statement written in hoithi's editor (Markdown with formulas), each language optional; either one
    # replaces the package's statement, and outlives a new upload of the package unless the organiser asks
    # for the package's.
    statement_vi: Mapped[str | None] = mapped_column(Text)
    statement_en: Mapped[str | None] = mapped_column(Text)
    import_report: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    images: Mapped[list[ProblemImage]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="ProblemImage.name"
    )

    @property
    def has_edited_statement(self) -> bool:
        """Whether a statement written in the editor replaces the package's."""
        return bool(self.statement_vi or self.statement_en)


class ProblemImage(Model):
    """An image attached to a problem for its edited statement, referenced from the Markdown by ``name``; the
    bytes live in the content store, their type (``png``, ``jpeg``, ``gif``, ``webp``) read from the content."""

    __tablename__ = "problem_images"
    __table_args__ = (UniqueConstraint("problem_id", "name", name="uq_problem_images_problem_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    image_format: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    problem: Mapped[Problem] = relationship(back_populates="images")


class SubmissionStatus(enum.StrEnum):
    QUEUED = "queued"
    COMPILING = "compiling"
    RUNNING = "running"
    DONE = "done"
    ERROR = "error"  # the judge gave up (JE); never the contestant's fault


AWAITING_JUDGE = (SubmissionStatus.QUEUED, SubmissionStatus.COMPILING, SubmissionStatus.RUNNING)
"""The statuses of a submission the judge has still to grade (for the first time, or again: ``rejudging``)."""


class Submission(Model):
    """One program sent for judging. The database, not Redis, is the truth about where it stands.

    ``attempt`` counts gradings begun; the attempt that writes the result must still be the current one (a
    fencing token), so a result is written exactly once even when a stale worker finishes late.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_status_heartbeat", "status", "heartbeat_at"),
        Index("ix_submissions_problem_user", "problem_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    language: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[SubmissionStatus] = mapped_column(
        Enum(SubmissionStatus, native_enum=False, length=20), default=SubmissionStatus.QUEUED
    )
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    verdict: Mapped[str | None] = mapped_column(String(3))
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    compile_output: Mapped[str] = mapped_column(Text, default="")
    judge_log: Mapped[str] = mapped_column(Text, default="")
    # What it earned in each subtask (judge.scoring.subtask_scores), so a best-per-subtask scoreboard never reads
    # the test rows; None until graded (and for submissions graded before this was kept: their whole score counts).
    subtask_scores: Mapped[dict[str, float] | None] = mapped_column(
        JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
    )
    attempt: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Where a submission came from when not sent through hoithi ("themis": a Themis contest folder imported by an
    # organiser), and the time its file was saved when that was known (UTC; created_at is that time, brought into
    # the window: see services.programming.themis_folders).
    origin: Mapped[str | None] = mapped_column(String(20))
    file_time: Mapped[datetime | None] = mapped_column(DateTime)

    problem: Mapped[Problem] = relationship(lazy="joined")
    tests: Mapped[list[SubmissionTest]] = relationship(
        cascade="all, delete-orphan", order_by="SubmissionTest.position", back_populates="submission"
    )

    @property
    def job_id(self) -> str:
        return job_id_for(self.id)

    @property
    def rejudging(self) -> bool:
        """Being judged again: waiting or graded while its previous result, kept until the new one is written
        (``grading_admin.rejudge``), still stands for the scoreboard and the contestant."""
        return self.status in AWAITING_JUDGE and self.verdict is not None

    @property
    def standing_status(self) -> SubmissionStatus:
        """Its status as the contestant and the scoreboard take it: a submission being judged again stands as
        judged (its previous result) until the new result is written."""
        if not self.rejudging:
            return self.status
        return SubmissionStatus.ERROR if self.verdict == "JE" else SubmissionStatus.DONE


def job_id_for(submission_id: int) -> str:
    """The RQ job id of a submission: derived from it, so a job is never queued twice for one submission."""
    return f"submission-{submission_id}"


class SubmissionTest(Model):
    """The result of one test of a submission."""

    __tablename__ = "submission_tests"
    __table_args__ = (UniqueConstraint("submission_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(200), default="")
    verdict: Mapped[str] = mapped_column(String(3))
    time_ms: Mapped[int]
    memory_kb: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    submission: Mapped[Submission] = relationship(back_populates="tests")


class TestRun(Model):
    """A contestant's program run once in the sandbox on input they chose (a sample or their own), to see its
    output, time and memory. It is not a submission: no score, no verdict against an answer, not on any
    scoreboard. Like a submission, the database is the truth and ``attempt`` fences the one result written."""

    __test__ = False
    __tablename__ = "test_runs"
    __table_args__ = (
        Index("ix_test_runs_status_heartbeat", "status", "heartbeat_at"),
        Index("ix_test_runs_user_contest", "user_id", "contest_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text)
    input: Mapped[str] = mapped_column(Text)
    status: Mapped[SubmissionStatus] = mapped_column(
        Enum(SubmissionStatus, native_enum=False, length=20), default=SubmissionStatus.QUEUED
    )
    # how it ended: the sandbox's RunStatus (OK, TLE, MLE, RE, OLE), CE, or JE when the judge could not run it
    outcome: Mapped[str | None] = mapped_column(String(3))
    exit_code: Mapped[int | None]
    signal: Mapped[int | None]
    time_ms: Mapped[int | None]
    memory_kb: Mapped[int | None]
    output: Mapped[str] = mapped_column(Text, default="")
    output_truncated: Mapped[bool] = mapped_column(default=False)
    stderr: Mapped[str] = mapped_column(Text, default="")
    compile_output: Mapped[str] = mapped_column(Text, default="")
    judge_log: Mapped[str] = mapped_column(Text, default="")
    attempt: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    problem: Mapped[Problem] = relationship(lazy="joined")

    @property
    def job_id(self) -> str:
        return job_id_for_test_run(self.id)


def job_id_for_test_run(test_run_id: int) -> str:
    """The RQ job id of a test run (never the same as a submission's)."""
    return f"test-run-{test_run_id}"


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
    languages: Mapped[str] = mapped_column(String(100), default=",".join(DEFAULT_KEYS))  # the keys it accepts
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
    (``services.programming.awards``): one per awarded registration (a contestant, or a team), with the rank and
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
