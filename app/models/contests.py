"""Contests, their categories, and who is registered for them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow
from .people import User
from .proposals import Proposal
from .units import Unit


class ContestKind(enum.StrEnum):
    ELEARNING = "elearning"
    INFORMATICS = "informatics"
    CREATIVITY = "creativity"


class ContestRound(enum.StrEnum):
    SCHOOL = "school"
    DISTRICT = "district"
    PROVINCE = "province"
    NATIONAL = "national"  # the Ministry's or the Youth Union's round; usually run outside hoithi


class ContestStatus(enum.StrEnum):
    DRAFT = "draft"  # visible to its organisers only
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Contest(Model):
    """A contest. Windows are stored in UTC; registration opens only with an approved proposal."""

    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ContestKind] = mapped_column(Enum(ContestKind, native_enum=False, length=20), index=True)
    round: Mapped[ContestRound] = mapped_column(Enum(ContestRound, native_enum=False, length=20))
    school_year: Mapped[str] = mapped_column(String(9))
    status: Mapped[ContestStatus] = mapped_column(
        Enum(ContestStatus, native_enum=False, length=20), default=ContestStatus.DRAFT, index=True
    )
    organiser_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    registration_opens: Mapped[datetime] = mapped_column(DateTime)
    registration_closes: Mapped[datetime] = mapped_column(DateTime)
    submission_opens: Mapped[datetime] = mapped_column(DateTime)
    submission_closes: Mapped[datetime] = mapped_column(DateTime)
    max_team_size: Mapped[int] = mapped_column(default=1)
    allows_supervisor: Mapped[bool] = mapped_column(default=False)
    open_to_teachers: Mapped[bool] = mapped_column(default=False)
    open_to_students: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """Drawn anew in the transaction of every change to the contest, its boards, its problems (their packages,
    statements, images) and its judging settings (``services.contests.data_versions``): what a process that keeps
    the contest's data between requests (``services.programming.kept_contests``) checks it against."""

    organiser_unit: Mapped[Unit] = relationship(lazy="joined")
    proposal: Mapped[Proposal | None] = relationship(lazy="joined")
    categories: Mapped[list[Category]] = relationship(
        back_populates="contest", cascade="all, delete-orphan", order_by="Category.code", lazy="selectin"
    )


class Category(Model):
    """A division of a contest, e.g. Bảng A (primary) … Bảng D (creative products)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    # the grades it takes, both included (Bảng B: 6 to 9); None: everyone the contest takes
    # (``services.contests.grade_rules``)
    grades_from: Mapped[int | None] = mapped_column()
    grades_to: Mapped[int | None] = mapped_column()

    contest: Mapped[Contest] = relationship(back_populates="categories")


class Registration(Model):
    """One entrant of a contest: a person, or a team of people, in one category. A team has a name and a code
    unique in its contest (``services.contests.teams``)."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("contest_id", "team_code", name="uq_registrations_contest_team_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    team_name: Mapped[str | None] = mapped_column(String(120))
    team_code: Mapped[str | None] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # the minutes after the contest's closing (whenever it is) that the organisers gave this entrant (a power cut at
    # their school), None without: ``services.programming.extra_time``
    extra_minutes: Mapped[int | None] = mapped_column()
    # why the organisers disqualified this entrant (None: not disqualified): ``services.programming.disqualification``
    disqualified_reason: Mapped[str | None] = mapped_column(String(500))

    contest: Mapped[Contest] = relationship()
    category: Mapped[Category | None] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id], lazy="joined")
    members: Mapped[list[RegistrationMember]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", lazy="selectin"
    )


class RegistrationMember(Model):
    """A person in a registration; a person enters a contest at most once (the unique constraint)."""

    __tablename__ = "registration_members"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    registration: Mapped[Registration] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")
