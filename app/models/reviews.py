"""Judging entries by people: panels, rubrics, assignments, conflicts, score sheets, reconciliation and awards.

Points are ``Numeric(7, 2)`` (a criterion's maximum and step are given to the hundredth, e.g. 0.5 or 0.25), so that
sums and bounds are exact; the services take and give ``Decimal``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, Enum, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Category, Contest
from .entries import Entry
from .people import User

Points = Numeric(7, 2)


class ScoreMethod(enum.StrEnum):
    """How an entry's score is made of its judges' totals, as the contest's rules say
    (``services.results.aggregation.combine``)."""

    MEAN = "mean"  # the mean of every total
    TRIMMED = "trimmed"  # with three totals or more, the highest and the lowest left out, then the mean
    MEDIAN = "median"


class ReviewSettings(Model):
    """How a contest's entries are judged and its results published."""

    __tablename__ = "review_settings"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    judges_per_entry: Mapped[int] = mapped_column(default=2)
    discrepancy_percent: Mapped[int] = mapped_column(default=10)  # of the rubric's maximum total
    score_method: Mapped[ScoreMethod] = mapped_column(
        Enum(ScoreMethod, native_enum=False, length=10), default=ScoreMethod.MEAN, server_default="MEAN"
    )
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime)


class PanelMember(Model):
    """A judge on a contest's panel; ``is_head`` marks the head judge, who may reopen sheets and reconcile. A judge
    of a category (a Creativity contest's field, a board) is assigned only its entries; of none, any entry."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    is_head: Mapped[bool] = mapped_column(default=False)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))

    contest: Mapped[Contest] = relationship()
    user: Mapped[User] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship()


class Rubric(Model):
    """The criteria of a contest, or of one of its categories (which then overrides the contest's)."""

    __tablename__ = "rubrics"
    __table_args__ = (UniqueConstraint("contest_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))

    contest: Mapped[Contest] = relationship()
    category: Mapped[Category | None] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="rubric", cascade="all, delete-orphan", order_by="Criterion.position", lazy="selectin"
    )


class Criterion(Model):
    """One criterion: a score is a multiple of ``step`` in [0, ``max_points``]; ``weight`` multiplies it in the total.
    ``tie_break`` orders the criteria that break ties in the results (1 first; None: not used)."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[Decimal] = mapped_column(Points)
    step: Mapped[Decimal] = mapped_column(Points, default=Decimal("0.5"))
    weight: Mapped[Decimal] = mapped_column(Points, default=Decimal("1"))
    tie_break: Mapped[int | None] = mapped_column()

    rubric: Mapped[Rubric] = relationship(back_populates="criteria")


class AssignmentOrigin(enum.StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"
    RECONCILIATION = "reconciliation"  # a further judge for an entry flagged for reconciliation


class Assignment(Model):
    """A judge is to score an entry."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    origin: Mapped[AssignmentOrigin] = mapped_column(
        Enum(AssignmentOrigin, native_enum=False, length=20), default=AssignmentOrigin.AUTOMATIC
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entry: Mapped[Entry] = relationship()
    judge: Mapped[User] = relationship()


class DeclaredConflict(Model):
    """A conflict of interest a judge declared on an entry. Conflicts by unit (own school, a school under one's own
    district office) are computed, never stored."""

    __tablename__ = "declared_conflicts"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SheetStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # locked; only a head judge reopens it (audit-logged)


class ScoreSheet(Model):
    """A judge's scores for one entry. ``total`` is the weighted sum, kept when the sheet is submitted."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("entry_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[SheetStatus] = mapped_column(
        Enum(SheetStatus, native_enum=False, length=10), default=SheetStatus.DRAFT
    )
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    total: Mapped[Decimal | None] = mapped_column(Points)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    entry: Mapped[Entry] = relationship()
    judge: Mapped[User] = relationship()
    scores: Mapped[list[CriterionScore]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", lazy="selectin"
    )


class CriterionScore(Model):
    __tablename__ = "criterion_scores"
    __table_args__ = (UniqueConstraint("sheet_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    points: Mapped[Decimal | None] = mapped_column(Points)
    comment: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class ReconciliationKind(enum.StrEnum):
    FURTHER_JUDGE = "further_judge"  # another judge was assigned; the mean then includes their sheet
    HEAD_DECISION = "head_decision"  # the head judge set the entry's score


class Reconciliation(Model):
    """How a flagged entry (judges' totals too far apart) was settled; the latest row for an entry counts."""

    __tablename__ = "reconciliations"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReconciliationKind] = mapped_column(Enum(ReconciliationKind, native_enum=False, length=20))
    score: Mapped[Decimal | None] = mapped_column(Points)  # the head judge's decision
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AwardLevel(enum.StrEnum):
    FIRST = "first"  # Giải Nhất
    SECOND = "second"  # Giải Nhì
    THIRD = "third"  # Giải Ba
    CONSOLATION = "consolation"  # Giải Khuyến khích


class AwardRule(Model):
    """A quota for one award level (in a category, or the whole contest): a count or a percentage of the ranked
    entries, and the minimum score an entry needs to receive it."""

    __tablename__ = "award_rules"
    __table_args__ = (UniqueConstraint("contest_id", "category_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    level: Mapped[AwardLevel] = mapped_column(Enum(AwardLevel, native_enum=False, length=20))
    quota_count: Mapped[int | None] = mapped_column()
    quota_percent: Mapped[int | None] = mapped_column()
    min_score: Mapped[Decimal] = mapped_column(Points, default=Decimal("0"))


class Award(Model):
    """An award given when results are published; ``certificate_code`` is printed on the certificate to verify it."""

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), unique=True)
    level: Mapped[AwardLevel] = mapped_column(Enum(AwardLevel, native_enum=False, length=20))
    rank: Mapped[int] = mapped_column()
    score: Mapped[Decimal] = mapped_column(Points)
    certificate_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entry: Mapped[Entry] = relationship()


class ReopenRecord(Model):
    """Kept beside the audit log so a sheet's page can show who reopened it and why."""

    __tablename__ = "sheet_reopenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    reopened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
