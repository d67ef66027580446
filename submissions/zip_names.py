"""The names of a zip's entries: what each is called once unpacked (``entry_name``, ``header_name``: the encodings
that Windows, macOS and old archivers write names in), whether it is a folder, which two entries would be one file
(``file_key``), and which names no package may hold (``name_problems``: control characters, absolute paths, drive
letters, ``..``, parts too long)."""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator

from .report import Code, Problem, problem

MAX_NAME_BYTES = 255
"""The most a file or folder name may be in UTF-8 on Linux and macOS (NTFS: 255 UTF-16 units, never fewer letters)."""
DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""Names Windows keeps for its devices, with or without an extension (``con.html``, ``aux/``): no file there can
be made so."""
_UNICODE_PATH = 0x7075


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name, in NFC, with ``/`` between folders. Names flagged UTF-8 (bit 11) are taken as
    ``zipfile`` decoded them; others were decoded as cp437, so their raw bytes are recovered and the name is the one
    in their Info-ZIP Unicode Path field when they have one for these bytes (WinRAR and older 7-Zip write the name
    in the computer's code page, Vietnamese letters lost as ``?``, and the real one there), else the bytes read as
    UTF-8 when valid, else as cp1258 (Vietnamese Windows, which writes tone marks as combining characters), else
    kept as cp437. A backslash is a folder separator (zips made on Windows by PowerShell's ``Compress-Archive`` and
    older tools write ``lesson\\index.html``); NFC because macOS writes names decomposed while pages and manifests
    name them composed."""
    if info.flag_bits & 0x800:
        name = info.orig_filename
    else:
        raw = info.orig_filename.encode("cp437")
        name = _unicode_path(info.extra, raw) or _decoded(raw, info.orig_filename)
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def header_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its header writes it, read as ``entry_name`` reads a name with no Unicode Path field:
    what Windows's Explorer, Java and Python's ``zipfile`` unpack it as, whatever that field says."""
    if info.flag_bits & 0x800:
        return entry_name(info)
    name = _decoded(info.orig_filename.encode("cp437"), info.orig_filename)
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def _decoded(raw: bytes, as_cp437: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1258")
    except UnicodeDecodeError:
        return as_cp437


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The name in the Unicode Path extra field (id 0x7075: version 1, the CRC-32 of the header's name, the name in
    UTF-8) of ``extra``, when it is there for the name ``raw`` and valid; ``None`` otherwise."""
    at = 0
    while at + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if field_id != _UNICODE_PATH or len(body) < 5 or body[0] != 1:
            continue
        if struct.unpack_from("<L", body, 1)[0] != zlib.crc32(raw):
            return None  # the name was changed after the field was written: the field is stale
        try:
            return body[5:].decode("utf-8") or None
        except UnicodeDecodeError:
            return None
    return None


def is_folder(info: zipfile.ZipInfo) -> bool:
    """Whether the entry is a folder (its name, separators read as ``entry_name`` reads them, ends in ``/``)."""
    return entry_name(info).endswith("/")


def file_key(name: str) -> str:
    """The file ``name`` becomes wherever the package is unpacked, for finding two entries that would be one: its
    letter case ignored (NFC), ``.`` and empty parts dropped (``./index.html``, ``a//b.js``), and each part's
    trailing dots and spaces, which Windows drops (``index.html.``, ``"index.html "``)."""
    parts = (part.rstrip(". ") or part for part in name.split("/") if part not in ("", "."))
    return unicodedata.normalize("NFC", "/".join(parts)).casefold()


def name_problems(name: str) -> Iterator[Problem]:
    if not name or _CONTROL.search(name):
        yield problem(Code.BAD_NAME, f"{name!r}: the name is empty or holds control characters", name)
    if name.startswith("/"):
        yield problem(Code.ABSOLUTE_PATH, f"{name}: absolute paths are not allowed", name)
    if DRIVE.match(name):
        yield problem(Code.DRIVE_PATH, f"{name}: drive letters are not allowed", name)
    if any(_up_a_folder(part) for part in name.split("/")):
        yield problem(Code.PARENT_PATH, f"{name}: '..' would reach outside the package", name)
    if any(len(part.encode()) > MAX_NAME_BYTES for part in name.split("/")):
        yield problem(Code.LONG_NAME, f"{name}: a file or folder name is longer than {MAX_NAME_BYTES} bytes", name)


def _up_a_folder(part: str) -> bool:
    """Whether the path part ``part`` may be ``..`` where the package is unpacked: Windows drops a part's trailing
    spaces and dots (``file_key``), so ``.. `` is ``..`` to an extractor that checks the name before trimming it,
    and ``...`` is ``..`` or nothing depending on how much it trims; no tool names a folder so."""
    return ".." in part and not part.strip(". ")
