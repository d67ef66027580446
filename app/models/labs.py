"""Lab rounds run offline: the lab packages a provincial hoithi issued for a programming contest, and on the lab's
standalone hoithi the round a package set up (services.programming.lab)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow


class LabPackage(Model):
    """A lab package issued for ``contest_id`` (the province's side). It keeps what checks the results bundle that
    comes back: the package's Ed25519 public key (the private key travels only in the package), the window the
    round ran in, and which login and which label stand for which of this hoithi's contestants and problems.
    A package withdrawn (lost, say) before its results came in keeps its row, with who withdrew it, when and why;
    its seats are freed and its bundle is refused."""

    __tablename__ = "lab_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(32), unique=True)  # random; named by the package and its bundle
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # hex of the raw 32-byte Ed25519 public key
    package_sha256: Mapped[str] = mapped_column(String(64))
    opens_at: Mapped[datetime] = mapped_column(DateTime)  # the submission window carried in the package (UTC)
    closes_at: Mapped[datetime] = mapped_column(DateTime)
    logins: Mapped[dict[str, int]] = mapped_column(JSON)  # login -> user id
    labels: Mapped[dict[str, int]] = mapped_column(JSON)  # problem label -> problem id
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    results_sha256: Mapped[str | None] = mapped_column(String(64))  # the bundle imported, once
    results_imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    seats: Mapped[list[LabSeat]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class LabSeat(Model):
    """A contestant of ``contest_id`` carried by a lab package that stands (issued, not withdrawn): the primary key
    lets each contestant sit in one lab only, and the database, not a check made before writing, refuses a second
    package carrying them, however close together two exports run."""

    __tablename__ = "lab_seats"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("lab_packages.id", ondelete="CASCADE"), index=True)


class LabRound(Model):
    """On the lab's hoithi: the contest a lab package set up, with the package's signing key for the results
    bundle (hex of the raw 32-byte Ed25519 private key) and the window the province will check."""

    __tablename__ = "lab_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(32), unique=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    signing_key: Mapped[str] = mapped_column(String(64))
    opens_at: Mapped[datetime] = mapped_column(DateTime)
    closes_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
