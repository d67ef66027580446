"""Entries judged by people (e-Learning lectures, creativity projects, Tin học trẻ Bảng D products) and their files.

An entry belongs to one contest (and a category of it), has one or more authors and the unit it represents. Its
files live in the content-addressed store (``submissions.store``); an ``EntryFile`` row points at one stored blob.
Replacing or removing a file never deletes the row: it gets ``superseded_at`` so that earlier versions are kept,
and judges see only the current files (``superseded_at IS NULL``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..timeutil import utcnow
from .contests import Category, Contest
from .people import User
from .units import Unit

DEFAULT_UPLOAD_CAP_MB = 500


class Licence(enum.StrEnum):
    CC_BY = "cc_by"
    CC_BY_SA = "cc_by_sa"


class FileKind(enum.StrEnum):
    """What ``submissions.validate.check_file`` found the content to be."""

    HTML5 = "html5"  # a zip of a web page with an index.html (or another launch page)
    SCORM = "scorm"  # a SCORM 1.2 or 2004 zip with imsmanifest.xml
    VIDEO = "video"
    DOCUMENT = "document"
    IMAGE = "image"

    @property
    def is_package(self) -> bool:
        return self in (FileKind.HTML5, FileKind.SCORM)


class EntrySettings(Model):
    """How a contest takes entries. The author limit and supervisors are the contest's own
    (``Contest.max_team_size``, ``Contest.allows_supervisor``); the deadline is ``Contest.submission_closes``."""

    __tablename__ = "entry_settings"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True)
    upload_cap_mb: Mapped[int] = mapped_column(default=DEFAULT_UPLOAD_CAP_MB)
    licence_required: Mapped[bool] = mapped_column(default=False)


class Entry(Model):
    """One entry. ``code`` is what judges see instead of names (e.g. ``EL-7KQ3M``): drawn at random, never derived
    from authors or the order of entry (``services.entries.entering.next_code``)."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(120), default="")
    level: Mapped[str] = mapped_column(String(60), default="")  # grade or level, e.g. "Lớp 8", "THPT"
    field: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[Licence | None] = mapped_column(Enum(Licence, native_enum=False, length=10))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # why the organisers disqualified this entry (None: not disqualified): ``services.results.disqualification``
    disqualified_reason: Mapped[str | None] = mapped_column(String(500))

    contest: Mapped[Contest] = relationship()
    category: Mapped[Category | None] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship()
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    authors: Mapped[list[EntryAuthor]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryAuthor.position", lazy="selectin"
    )
    files: Mapped[list[EntryFile]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryFile.id"
    )

    @property
    def current_files(self) -> list[EntryFile]:
        return [f for f in self.files if f.superseded_at is None]


class EntryAuthor(Model):
    """An author of an entry; a person is an author of at most one entry per contest (``contest_id`` repeats the
    entry's so that the database can hold that rule)."""

    __tablename__ = "entry_authors"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    entry: Mapped[Entry] = relationship(back_populates="authors")
    user: Mapped[User] = relationship(lazy="joined")


class EntryFile(Model):
    """One uploaded file of an entry, by its SHA-256 in the store. ``launch`` is the package's start page,
    ``launch_query`` what its SCORM manifest adds after it (``?lang=vi``, encoded: ``submissions.launch_query``).

    ``judge_sha256`` is the copy that judges receive, without its authors in its metadata
    (``services.entries.judge_copies``; ``None`` until made, for files uploaded before it existed); ``judge_notes`` what
    making it found: names still visible, parts kept as they were, files attached to a PDF that it left out and old
    binary Office files whose records may still name people, and the pictures made grey, the presenter's photo
    (``{"sightings": [[where, place, [names]]], "kept": [where], "left_out": [name], "old_office": [where],
    "greyed": [where]}``; rows made before have no ``old_office`` or ``greyed``)."""

    __tablename__ = "entry_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FileKind] = mapped_column(Enum(FileKind, native_enum=False, length=10))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    original_name: Mapped[str] = mapped_column(String(255))
    launch: Mapped[str | None] = mapped_column(String(500))
    launch_query: Mapped[str | None] = mapped_column(String(1000))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)
    judge_sha256: Mapped[str | None] = mapped_column(String(64))
    judge_size: Mapped[int | None] = mapped_column(BigInteger)
    judge_notes: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    entry: Mapped[Entry] = relationship(back_populates="files")


class PreviewToken(Model):
    """A preview address's token (``app.services.entries.entry_preview``), kept by its SHA-256 only: the package and the
    viewer it opens, the browser session it was made for, and until when."""

    __tablename__ = "preview_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("entry_files.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
