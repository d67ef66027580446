"""An entry's files: adding, replacing and removing them (earlier versions are kept), and how each is served.

An upload arrives as a file on disk (streamed there by the view, never held in memory); it is checked by content
with ``submissions.validate.check_file``, must be of the kind its slot takes, and is then put in the content store.
Replacing or removing a file sets ``superseded_at`` on its row: nothing is deleted. Each file also gets its judge's
copy, without its authors (``judge_copies``), and the warnings about names left in it are kept on its row.
"""

from __future__ import annotations

import enum
import os
from datetime import datetime
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from submissions.media import EXTENSIONS
from submissions.store import ContentStore, TooLarge
from submissions.validate import check_file

from ...extensions import DbSession
from ...models import Entry, EntryFile, FileKind, User
from ...policies.entries import is_author
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from . import judge_copies
from .entering import settings_for
from .entry_problems import report_messages
from .entry_window import require_open


class Slot(enum.StrEnum):
    """Where an upload goes on the entry's page; each takes some kinds of content and a number of files."""

    PACKAGE = "package"
    VIDEO = "video"
    DOCUMENT = "document"
    IMAGE = "image"


SLOT_KINDS = {
    Slot.PACKAGE: {FileKind.HTML5, FileKind.SCORM},
    Slot.VIDEO: {FileKind.VIDEO},
    Slot.DOCUMENT: {FileKind.DOCUMENT},
    Slot.IMAGE: {FileKind.IMAGE},
}
SLOT_LIMITS = {Slot.PACKAGE: 1, Slot.VIDEO: 3, Slot.DOCUMENT: 10, Slot.IMAGE: 20}
SLOT_LABELS = {
    Slot.PACKAGE: _l("Package (HTML5 or SCORM zip)"),
    Slot.VIDEO: _l("Video (MP4, MOV, WebM)"),
    Slot.DOCUMENT: _l("Document (PDF, DOCX)"),
    Slot.IMAGE: _l("Photo (JPG, PNG, WebP)"),
}
MEDIA_TYPES = {
    "zip": "application/zip",
    "mp4": "video/mp4",
    "quicktime": "video/mp4",  # a MOV of H.264 plays as an MP4; Firefox refuses to play video/quicktime
    "webm": "video/webm",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


class FileRefused(InvalidInput):
    """The checker refused the file; ``messages`` lists every reason, in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(_l("The file was refused:"), "file")
        self.messages = messages


class OverCap(InvalidInput):
    """The file is larger than the contest's upload cap."""


def slot_of(kind: FileKind) -> Slot:
    return next(slot for slot, kinds in SLOT_KINDS.items() if kind in kinds)


def cap_bytes(session: DbSession, entry: Entry) -> int:
    """The largest file the entry's contest takes, in bytes."""
    return settings_for(session, entry.contest).upload_cap_mb * 1024 * 1024


def over_cap_message(cap: int, name: str = "", size: int = 0) -> object:
    """Why a file over the contest's cap of ``cap`` bytes is refused: naming the file ``name`` and its ``size`` (in
    MB, rounded up) when they are known."""
    n = cap // (1024 * 1024)
    if not name:
        return _l("The file is larger than this contest's limit of %(n)d MB.", n=n)
    if not size:
        return _l("%(name)s is larger than this contest's limit of %(n)d MB.", name=name, n=n)
    megabytes = -(-size // (1024 * 1024))
    return _l("%(name)s is %(size)s MB, larger than this contest's limit of %(n)d MB.", name=name, size=megabytes, n=n)


def clean_name(name: str) -> str:
    """The uploaded file's own name (no folders), at most 255 characters, keeping its extension."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if len(base) > 255:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base


def check_editable(session: DbSession, actor: User, entry: Entry, now: datetime | None = None) -> None:
    """``NotAllowed`` unless ``actor`` is an author; ``InvalidInput`` once the deadline has passed."""
    if not is_author(entry, actor):
        raise NotAllowed()
    require_open(session, actor, entry.contest, now)


def _replaced(current: list[EntryFile], slot: Slot, replaces_id: int | None) -> list[EntryFile]:
    """The files of ``current`` that an upload into ``slot`` supersedes: the one it replaces, or the package (an entry
    has one); InvalidInput when the file to replace is not current or the slot is full."""
    in_slot = [f for f in current if slot_of(f.kind) is slot]
    if replaces_id is not None:
        replaced = [f for f in in_slot if f.id == replaces_id]
        if not replaced:
            raise InvalidInput(_l("The file to replace is not a current file of this entry of the same kind."), "file")
        return replaced
    if slot is Slot.PACKAGE:
        return in_slot
    if len(in_slot) >= SLOT_LIMITS[slot]:
        raise InvalidInput(
            _l("An entry has at most %(n)d files of this kind: replace or remove one.", n=SLOT_LIMITS[slot]), "file"
        )
    return []


def _lock_files(session: DbSession, entry: Entry, at: datetime) -> list[EntryFile]:
    """Lock the entry until the transaction ends and return its current files as they are now.

    The entry's row is written first (its ``updated_at``): PostgreSQL then holds the row as ``SELECT … FOR UPDATE``
    would, and SQLite begins the write transaction that holds the whole database. A concurrent upload of the same
    entry waits here until this one commits, then reads the files this one left: two uploads never both supersede
    the same package or both take the last place of a slot."""
    session.execute(update(Entry).where(Entry.id == entry.id).values(updated_at=at))
    session.expire(entry, ["files"])
    fresh = session.scalars(
        select(EntryFile).where(EntryFile.entry_id == entry.id).execution_options(populate_existing=True)
    )
    return [f for f in fresh if f.superseded_at is None]


def add_file(
    session: DbSession,
    store: ContentStore,
    actor: User,
    entry: Entry,
    path: str | os.PathLike[str],
    original_name: str,
    slot: Slot,
    *,
    replaces_id: int | None = None,
    now: datetime | None = None,
) -> EntryFile:
    """Check the file at ``path`` (uploaded as ``original_name``) and add it to ``entry`` in ``slot``, superseding
    the file ``replaces_id`` (or the current package: an entry has one). Refuses, storing and changing nothing:
    after the deadline, over the contest's cap (``OverCap``), content refused by the checker or of a kind the slot
    does not take (``FileRefused``), a full slot. The slot is checked again once the file is stored, with the entry
    locked (``_lock_files``), so that concurrent uploads keep to its limits; a refusal found only then leaves the
    stored content unreferenced in the store."""
    check_editable(session, actor, entry, now)
    name = clean_name(original_name)
    if not name:
        raise InvalidInput(_l("Choose a file to upload."), "file")
    cap = cap_bytes(session, entry)
    if (size := Path(path).stat().st_size) > cap:
        raise OverCap(over_cap_message(cap, name, size), "file")
    report = check_file(path, declared_name=name)
    if not report.ok:
        raise FileRefused(report_messages(report))
    assert report.kind is not None, "check_file reports a problem for a content of no known kind"
    kind = FileKind(report.kind)
    if kind not in SLOT_KINDS[slot]:
        raise FileRefused([str(_l("This is not a file of the kind chosen (%(slot)s).", slot=SLOT_LABELS[slot]))])
    _replaced(entry.current_files, slot, replaces_id)  # refuse a full slot before the (long) store
    with open(path, "rb") as f:
        try:
            digest, size = store.put(f, max_bytes=cap)
        except TooLarge:
            raise OverCap(over_cap_message(cap, name), "file") from None
    judge_copy = judge_copies.make(store, path, format_of(name), judge_copies.name_spotter(entry))
    at = utcnow()
    replaced = _replaced(_lock_files(session, entry, at), slot, replaces_id)
    for old in replaced:
        old.superseded_at = at
    added = EntryFile(
        entry_id=entry.id,
        kind=kind,
        sha256=digest,
        size=size,
        original_name=name,
        launch=report.launch,
        launch_query=report.launch_query,
        uploaded_by_id=actor.id,
        uploaded_at=at,
    )
    judge_copies.record(added, *judge_copy)
    entry.files.append(added)
    session.flush()
    audit.record(
        session,
        "entry.file_add",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={
            "file": added.id,
            "kind": kind.value,
            "sha256": digest,
            "size": size,
            "judge_sha256": added.judge_sha256,
            "replaces": [f.id for f in replaced],
        },
    )
    return added


def remove_file(session: DbSession, actor: User, entry: Entry, file_id: int, now: datetime | None = None) -> None:
    """Take a current file off the entry before the deadline; its row stays as an earlier version."""
    check_editable(session, actor, entry, now)
    found = next((f for f in entry.current_files if f.id == file_id), None)
    if found is None:
        raise InvalidInput(_l("This file is not a current file of the entry."))
    found.superseded_at = utcnow()
    entry.updated_at = found.superseded_at
    audit.record(
        session, "entry.file_remove", actor_id=actor.id, object_type="entry", object_id=entry.id, data={"file": file_id}
    )


def versions(entry: Entry) -> list[EntryFile]:
    """The entry's earlier files (replaced or removed), latest first."""
    old = [f for f in entry.files if f.superseded_at is not None]
    return sorted(old, key=lambda f: (f.superseded_at, f.id), reverse=True)


def format_of(name: str) -> str:
    """The format (a key of ``submissions.media.FORMATS``) that a checked file named ``name`` is of: its extension
    promised it and the checker found its content to match."""
    return EXTENSIONS.get(PurePosixPath(name).suffix.lower(), "zip")


def file_format(file: EntryFile) -> str:
    return format_of(file.original_name)


def served_digest(store: ContentStore, file: EntryFile, *, blind: bool) -> str:
    """The stored object that a viewer of ``file`` receives: the original, or for a viewer blind to the entry's
    authors (``policies.entries.sees_authors``) the judge's copy, made now when the file has none (commit after)."""
    return judge_copies.judge_digest(store, file, file_format(file)) if blind else file.sha256


def served_launch(store: ContentStore, file: EntryFile, *, blind: bool) -> str | None:
    """The launch page of the package ``file`` in what ``served_digest`` gives (the judge's copy may have renamed
    the folder that held the package; it is made now when the file has none: commit after)."""
    return judge_copies.judge_launch(store, file, file_format(file)) if blind else file.launch


def served_size(file: EntryFile, *, blind: bool) -> int:
    """The size of what ``served_digest`` gives (the original's while the judge's copy is not made yet)."""
    return (file.judge_size or file.size) if blind else file.size


def media_type(file: EntryFile) -> str:
    return MEDIA_TYPES[file_format(file)]


def download_name(file: EntryFile, entry: Entry, *, for_author: bool) -> str:
    """The name a file is served under: its own for its authors, else the entry's code and the file's kind
    (e.g. ``EL-7KQ3M-video.mp4``), so that nothing of the authors reaches judges through a file name."""
    if for_author:
        return file.original_name
    suffix = PurePosixPath(file.original_name).suffix.lower()
    return f"{entry.code}-{slot_of(file.kind).value}{suffix}"
