"""Rounds that feed one another: which round a contest feeds, who was nominated into it, and the exports handed to a
round run outside hoithi (``services.contests.progression`` and ``handoff``)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Enum, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Contest, Registration
from .entries import Entry
from .people import User
from .reviews import AwardLevel


class RoundLink(Model):
    """The round a contest feeds: another contest of hoithi (``next_contest_id``), or a round outside it
    (``outside_name``, e.g. the national round, and who runs it), exactly one of the two."""

    __tablename__ = "round_links"
    __table_args__ = (CheckConstraint("(next_contest_id IS NULL) <> (outside_name IS NULL)", name="one_target"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    next_contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    outside_name: Mapped[str | None] = mapped_column(String(200))
    outside_organiser: Mapped[str] = mapped_column(String(200), default="")
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    next_contest: Mapped[Contest | None] = relationship(foreign_keys=[next_contest_id], lazy="joined")


class NominationMethod(enum.StrEnum):
    RANK = "rank"  # the first N of each category
    AWARD = "award"  # everyone with one of the chosen award levels
    UNIT_QUOTA = "unit_quota"  # the first N of each unit in each category
    HAND = "hand"  # chosen one by one, with a reason


class Nomination(Model):
    """One nominee of a round moved on: an entry judged by people (``entry_id``) or a contestant or team of a
    programming board (``registration_id``), with where it stood (category, rank, score, award) and what it became in
    the next round (``carried_*``; None for a round outside hoithi). A nominee moves on once: the unique constraints."""

    __tablename__ = "nominations"
    __table_args__ = (
        UniqueConstraint("from_contest_id", "entry_id", name="uq_nominations_entry"),
        UniqueConstraint("from_contest_id", "registration_id", name="uq_nominations_registration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    to_contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    carried_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    carried_registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    method: Mapped[NominationMethod] = mapped_column(Enum(NominationMethod, native_enum=False, length=20))
    reason: Mapped[str] = mapped_column(Text, default="")
    category_code: Mapped[str] = mapped_column(String(10), default="")
    rank: Mapped[int | None] = mapped_column()
    score: Mapped[float | None] = mapped_column(Float)
    award: Mapped[AwardLevel | None] = mapped_column(Enum(AwardLevel, native_enum=False, length=20))
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    from_contest: Mapped[Contest] = relationship(foreign_keys=[from_contest_id], lazy="joined")
    entry: Mapped[Entry | None] = relationship(foreign_keys=[entry_id], lazy="joined")
    registration: Mapped[Registration | None] = relationship(foreign_keys=[registration_id], lazy="joined")
    nominated_by: Mapped[User] = relationship(foreign_keys=[nominated_by_id])


class Handoff(Model):
    """An export of a round's nominees for the round outside hoithi: the zip, kept in the content store under
    ``sha256``, and how many nominees it holds."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    nominees: Mapped[int] = mapped_column()
    made_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    made_by: Mapped[User] = relationship()
