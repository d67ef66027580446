"""Lab rounds run offline: the lab packages a provincial hoithi issued for a programming contest, and on the lab's
standalone hoithi the round a package set up (services.programming.lab)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from ..timeutil import utcnow


class LabPackage(Model):
    """A lab package issued for ``contest_id`` (the province's side). It keeps what checks the results bundle that
    comes back: the package's Ed25519 public key (the private key travels only in the package), the window the
    round ran in, and which login and which label stand for which of this hoithi's contestants and problems."""

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
