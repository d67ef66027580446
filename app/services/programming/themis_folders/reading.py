"""Reading a Themis contest folder (a path, or an uploaded zip) into files, checked for shape only.

Accepted: ``CONTESTANT/FILE`` for every file, optionally all under one enclosing folder (``CONTEST/CONTESTANT/FILE``,
as a zip of the contest folder itself holds them). Everything else is a problem named in the listing: files at the
top, nested folders, links, special files, unsafe paths (the zip checks of ``submissions.archive``), files over
``MAX_SOURCE_BYTES``. Empty folders are harmless and ignored.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask_babel import gettext as _

from submissions.archive import Limits, UnreadableArchive, open_archive

from ....timeutil import to_utc
from ...entries.entry_problems import problem_message
from ..grading import MAX_SOURCE_BYTES

MAX_ZIP_BYTES = 64 * 1024 * 1024
"""The largest zip an organiser may upload (a lab of 60 contestants with 5 tasks is well under 5 MiB)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""The most a folder's files may hold in all, unpacked (a listing holds them in memory until they are stored)."""
ZIP_LIMITS = Limits(max_total_size=MAX_TOTAL_BYTES, max_entries=5000)


@dataclass(frozen=True)
class FolderFile:
    """One file of a contestant's folder: its path in the contest folder (as shown in reports), the folder's and the
    file's names as found, its bytes, and the time it was saved (naive UTC) when known."""

    path: str
    folder: str
    name: str
    data: bytes
    saved_at: datetime | None


@dataclass
class Listing:
    """The files of a contest folder and the problems of its shape (translated messages, each naming a path)."""

    files: list[FolderFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_directory(root: Path) -> Listing:
    """The contest folder ``root`` on this machine. Links are refused, never followed."""
    listing = Listing()
    if not root.is_dir():
        listing.problems.append(_("%(path)s is not a folder.", path=str(root)))
        return listing
    paths = sorted(p for p in root.rglob("*") if not (p.is_dir() and not p.is_symlink()))
    parts = [p.relative_to(root).parts for p in paths]
    skip = _enclosing_folder(parts)
    total = 0
    for path, relative in zip(paths, parts, strict=True):
        shown = "/".join(relative)
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            listing.problems.append(_("%(path)s: links are not allowed.", path=shown))
        elif not stat.S_ISREG(mode):
            listing.problems.append(_("%(path)s: special files are not allowed.", path=shown))
        elif _shape_ok(listing, relative[skip:], shown):
            data, saved = _read_regular(path)
            if data is None:
                listing.problems.append(_too_large(shown))
                continue
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                listing.problems.append(_("The folder holds more than %(mb)d MB.", mb=MAX_TOTAL_BYTES >> 20))
                break
            listing.files.append(FolderFile(shown, relative[skip], relative[skip + 1], data, saved))
    return listing


def read_zip(f: IO[bytes]) -> Listing:
    """A zip of a contest folder. Zip times are the lab's wall clock, taken as Asia/Ho_Chi_Minh time."""
    listing = Listing()
    try:
        with open_archive(f, ZIP_LIMITS) as archive:
            listing.problems.extend(problem_message(p) for p in archive.problems)
            names = sorted(archive.files)
            parts = [tuple(name.split("/")) for name in names]
            skip = _enclosing_folder(parts)
            for name, relative in zip(names, parts, strict=True):
                if not _shape_ok(listing, relative[skip:], name):
                    continue
                info = archive.files[name]
                data = archive.read(name, MAX_SOURCE_BYTES) if info.file_size <= MAX_SOURCE_BYTES else None
                if data is None:
                    listing.problems.append(_too_large(name))
                    continue
                saved = to_utc(datetime(*info.date_time)) if info.date_time[0] > 1980 else None
                listing.files.append(FolderFile(name, relative[skip], relative[skip + 1], data, saved))
    except UnreadableArchive as error:
        listing.problems.append(problem_message(error.problem))
    return listing


def _read_regular(path: Path) -> tuple[bytes | None, datetime]:
    """The file's bytes (None past ``MAX_SOURCE_BYTES``, never read further) and its modification time (naive UTC);
    opened without following a link, should one have replaced it since it was listed."""
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as f:
        saved = datetime.fromtimestamp(os.fstat(f.fileno()).st_mtime, UTC).replace(tzinfo=None)
        data = f.read(MAX_SOURCE_BYTES + 1)
    return (data if len(data) <= MAX_SOURCE_BYTES else None), saved


def _enclosing_folder(parts: list[tuple[str, ...]]) -> int:
    """1 when every file lies two folders deep under one same folder (the contest folder itself), else 0."""
    firsts = {p[0] for p in parts}
    return 1 if len(firsts) == 1 and all(len(p) >= 3 for p in parts) else 0


def _shape_ok(listing: Listing, parts: tuple[str, ...], shown: str) -> bool:
    if len(parts) == 1:
        listing.problems.append(_("%(path)s: a file outside every contestant's folder.", path=shown))
        return False
    if len(parts) > 2:
        listing.problems.append(
            _("%(path)s: a folder inside a contestant's folder (only files belong there).", path=shown)
        )
        return False
    return True


def _too_large(shown: str) -> str:
    return _("%(path)s: larger than %(kb)d KiB.", path=shown, kb=MAX_SOURCE_BYTES // 1024)
