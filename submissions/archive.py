"""Safe reading of an uploaded zip: every entry's name, type, flags and sizes are checked, and every file's
data is decompressed (streaming, in chunks) to prove its declared size and CRC, before anything trusts it.

What is verified, in order, and why that order:

1. The end-of-central-directory record is read by hand first: an entry count or directory size over the limits is
   refused before ``zipfile`` builds one object per entry (a directory of millions of entries would otherwise
   cost memory before any check ran), and the directory's entries are counted by walking their headers: ``zipfile``
   reads as many as the directory's size holds, whatever the record counts.
2. Per entry, from the central directory alone (cheap): the name (decoded, see ``zip_names.entry_name``; and as
   its header writes it, ``header_name``, when a Unicode Path field says otherwise: extractors that ignore the
   field unpack that one; no part over ``MAX_NAME_BYTES``), the file type
   (symlinks and special files refused), encryption (a zip made with a password has every entry encrypted: one
   problem counts them and names the first, not one per entry), compression method (stored and deflate only: bzip2
   and LZMA decompressors cannot bound their output per call, and authoring tools do not use them; 7-Zip offers them
   and Deflate64: one problem names the methods met, not one per entry), duplicates
   (two names that unpack to one file: ``file_key``), overlapping entries (the "overlapping files" zip bomb),
   the declared compression ratio (of each entry and of the whole) and the declared total size.
3. Only when the declared sizes are within the limits: every file entry is decompressed in ``CHUNK`` pieces and
   discarded, counting bytes. ``zipfile`` stops at the declared size and checks the CRC, so a header that lies
   either way is caught (too short: the count differs; too long: the CRC of the truncated data fails) and
   memory never holds more than one chunk. The work is bounded by the total-size limit.

One kind of entry is left out unchecked and unread: the empty file ``Icon\r`` (and its AppleDouble ``._Icon\r``)
that macOS's Finder writes into a folder given a custom icon. Its name ends in a carriage return, which would
otherwise refuse the whole package for a file no teacher put there; it never reaches ``files``.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from .report import Code, Problem, problem
from .zip_names import entry_name, file_key, header_name, name_problems

CHUNK = 1024 * 1024
MAX_LISTED = 50  # past this many problems a package is hopeless; the rest are counted, not listed
_EOCD = struct.Struct("<4s4H2LH")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL_HEADER = 46  # fixed part of a central directory entry
_LOCAL_HEADER = 30
_ACCEPTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_METHOD_NAMES = {9: "Deflate64", 12: "BZip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd"}  # APPNOTE 4.4.5
# What zipfile raises on bad entry data (NotImplementedError: features its reader lacks, flagged in the header).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, NotImplementedError)
_ENCRYPTED = 0x1 | 0x40  # traditional, strong
_PATCHED = 0x20
_FOLDER_ICONS = {"Icon\r", "._Icon\r"}  # a macOS folder's custom icon, and its resource fork under __MACOSX


@dataclass(frozen=True)
class Limits:
    """Caps on an uploaded zip. ``max_ratio`` applies to entries larger than ``ratio_floor`` bytes (small files
    such as blank pages compress far better than 100:1 and are harmless), and to the whole archive when it unpacks
    to more than ``ratio_floor`` bytes (thousands of small entries of zeros add up to a bomb just as well)."""

    max_total_size: int = 2 * 1024**3
    max_entries: int = 20_000
    max_ratio: float = 100.0
    ratio_floor: int = 1024 * 1024
    max_manifest_size: int = 4 * 1024 * 1024


class UnreadableArchive(Exception):
    """The file cannot be read as a zip at all, or is refused before its directory is parsed."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found["message"])
        self.problem = found


@dataclass
class Archive:
    """A checked zip. ``files`` maps each regular file's decoded name to its entry (duplicates and unsafe names
    included only once: their problems are in ``problems``); ``left_out`` names the entries refused and so not in
    ``files`` (a link, an encrypted or damaged file...), whose problems are in ``problems`` too."""

    zf: zipfile.ZipFile
    files: dict[str, zipfile.ZipInfo]
    problems: list[Problem]
    left_out: set[str] = field(default_factory=set)

    def read(self, name: str, max_bytes: int) -> bytes | None:
        """The entry ``name``'s bytes, or ``None`` when it is damaged or longer than ``max_bytes`` (never read
        past that)."""
        try:
            with self.zf.open(self.files[name]) as f:
                data = f.read(max_bytes + 1)
        except _DAMAGED:
            return None
        return None if len(data) > max_bytes else data

    def head(self, name: str, size: int) -> bytes | None:
        """The first ``size`` bytes of the entry ``name`` (fewer when it is shorter), or ``None`` when it is
        damaged there."""
        try:
            with self.zf.open(self.files[name]) as f:
                return f.read(size)
        except _DAMAGED:
            return None


@contextmanager
def open_archive(f: IO[bytes], limits: Limits, *, check_data: bool = True) -> Iterator[Archive]:
    """Check the zip in ``f`` (see the module's docstring) and yield it open for reading its entries.
    Raises ``UnreadableArchive`` when it is not a readable zip or has too many entries.

    ``check_data=False`` leaves out step 3 (decompressing every entry), for a zip accepted earlier of which only a
    few small entries are read again: only its end records, its directory and the entries read are then read
    (``zipfile`` still checks the size and CRC of each entry read to its end, as ``Archive.read`` does), which
    keeps a package of hundreds of megabytes in a bucket from being downloaded whole for its manifest."""
    size = f.seek(0, os.SEEK_END)
    entries, directory_size, directory_end = _directory_bounds(f, size)
    if entries > limits.max_entries:
        raise UnreadableArchive(_too_many(entries, limits))
    if directory_size > limits.max_entries * (_CENTRAL_HEADER + 1024):
        raise UnreadableArchive(
            problem(Code.TOO_MANY_ENTRIES, f"the archive's directory is too large ({directory_size} bytes)")
        )
    if (walked := _walked_entries(f, directory_end, directory_size, limits.max_entries)) > limits.max_entries:
        raise UnreadableArchive(_too_many(walked, limits))
    try:
        zf = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as e:
        raise UnreadableArchive(problem(Code.NOT_A_ZIP, f"the file is not a readable zip archive ({e})")) from e
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise UnreadableArchive(_too_many(len(infos), limits))
        archive = Archive(zf, {}, [])
        sizes_ok = _check_entries(archive, infos, limits, zf.start_dir)
        if sizes_ok and check_data:
            _verify_data(archive)
        if len(archive.problems) > MAX_LISTED:
            hidden = len(archive.problems) - MAX_LISTED
            del archive.problems[MAX_LISTED:]
            archive.problems.append(problem(Code.MORE_PROBLEMS, f"... and {hidden} more problems not listed"))
        yield archive


def declared_extent(f: IO[bytes]) -> tuple[int, int]:
    """(entry count, central directory size in bytes) of the zip in ``f`` as its end records declare them, read
    without parsing the directory (``zipfile`` builds an object per entry first: a directory of a million entries
    costs it hundreds of megabytes). Raises ``UnreadableArchive`` when there are no end records."""
    return _directory_bounds(f, f.seek(0, os.SEEK_END))[:2]


def _too_many(entries: int, limits: Limits) -> Problem:
    return problem(Code.TOO_MANY_ENTRIES, f"the archive has {entries} entries; at most {limits.max_entries} allowed")


def _walked_entries(f: IO[bytes], end: int, size: int, most: int) -> int:
    """How many entries the central directory of ``size`` bytes ending at ``end`` holds, counted by walking their
    fixed headers, up to one past ``most``. The end record's count is not what ``zipfile`` goes by: it reads entries
    until the directory's size is used up, so a record declaring one entry before a directory of 20 MB of tiny
    ones would have it build some 450,000 objects (9 s and 120 MB) before the count could be refused."""
    if end - size < 0:
        return 0  # not where the records say: ``zipfile`` says so
    f.seek(end - size)
    directory = f.read(size)
    count = at = 0
    while count <= most and at + _CENTRAL_HEADER <= len(directory) and directory[at : at + 4] == b"PK\x01\x02":
        name, extra, comment = struct.unpack_from("<3H", directory, at + 28)
        at += _CENTRAL_HEADER + name + extra + comment
        count += 1
    return count


def _directory_bounds(f: IO[bytes], size: int) -> tuple[int, int, int]:
    """(entry count, central directory size, where the directory ends in the file) from the end records;
    ``UnreadableArchive`` if there are none."""
    tail_start = max(0, size - _EOCD.size - 0xFFFF - 20 - _EOCD64.size)  # the longest comment, plus zip64 records
    f.seek(tail_start)
    tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise UnreadableArchive(
            problem(Code.NOT_A_ZIP, "the file is not a readable zip archive (its directory is missing)")
        )
    _, _, _, _, entries, directory_size, _, _ = _EOCD.unpack_from(tail, at)
    if at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        # Zip64 (as zipfile, whenever the locator is there): the real figures are in the zip64 end record, which
        # sits just before its 20-byte locator.
        record = at - 20 - _EOCD64.size
        if record < 0 or tail[record : record + 4] != b"PK\x06\x06":
            raise UnreadableArchive(problem(Code.NOT_A_ZIP, "the file is not a readable zip archive (bad zip64 end)"))
        fields = _EOCD64.unpack_from(tail, record)
        return fields[7], fields[8], tail_start + record
    return entries, directory_size, tail_start + at


def _check_entries(archive: Archive, infos: list[zipfile.ZipInfo], limits: Limits, directory_start: int) -> bool:
    """Add the problems visible in the central directory; True when the declared sizes are within the limits."""
    seen: set[str] = set()
    methods: dict[str, None] = {}  # the unsupported compression methods met, in order
    encrypted: list[str] = []
    total = packed = 0
    sizes_ok = True
    report = archive.problems.append
    for info in infos:
        name = entry_name(info)
        if name.rpartition("/")[2] in _FOLDER_ICONS:
            continue  # Finder's, not the teacher's (see the module docstring)
        for form in dict.fromkeys((name, header_name(info))):
            for found in name_problems(form):
                report(found)
        key = file_key(name)
        if key in seen:
            report(problem(Code.DUPLICATE, f"{name}: another entry has the same name (ignoring case)", name))
        seen.add(key)
        mode = info.external_attr >> 16
        if not name.endswith("/"):
            archive.left_out.add(name)  # until it is found sound
        if stat.S_ISLNK(mode):
            report(problem(Code.SYMLINK, f"{name}: symbolic links are not allowed", name))
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            report(problem(Code.SPECIAL_FILE, f"{name}: special files (devices, pipes, sockets) are not allowed", name))
            continue
        if name.endswith("/"):
            continue
        if info.flag_bits & _ENCRYPTED:
            encrypted.append(name)
        elif info.compress_type not in _ACCEPTED_METHODS or info.flag_bits & _PATCHED:
            methods[_method_name(info)] = None
        elif info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            sizes_ok = False
            ratio = info.file_size / max(info.compress_size, 1)
            report(
                problem(
                    Code.RATIO,
                    f"{name}: compressed {ratio:.0f}:1, more than the {limits.max_ratio:.0f}:1 allowed (zip bomb?)",
                    name,
                )
            )
        else:
            archive.files.setdefault(name, info)
            archive.left_out.discard(name)
        total += info.file_size
        packed += info.compress_size
    if encrypted:
        message = f"{len(encrypted)} files are encrypted (password-protected), {encrypted[0]} the first"
        report(problem(Code.ENCRYPTED, message, encrypted[0], detail=str(len(encrypted))))
    if methods:
        used = " and ".join(methods)
        message = f"files are compressed with {used}, which is not supported: compress the zip again with Deflate"
        report(problem(Code.COMPRESSION, message, detail=used))
    if total > limits.max_total_size:
        sizes_ok = False
        archive.problems.append(
            problem(
                Code.TOO_LARGE,
                f"the archive unpacks to {total} bytes; at most {limits.max_total_size} allowed",
            )
        )
    elif sizes_ok and total > limits.ratio_floor and total > limits.max_ratio * max(packed, 1):
        sizes_ok = False  # many entries, each under the floor, that together make a bomb
        archive.problems.append(
            problem(
                Code.TOTAL_RATIO,
                f"the archive is compressed {total / max(packed, 1):.0f}:1 as a whole, more than the "
                f"{limits.max_ratio:.0f}:1 allowed (zip bomb?)",
            )
        )
    _check_layout(archive, infos, directory_start)
    return sizes_ok


def _method_name(info: zipfile.ZipInfo) -> str:
    """How the entry is compressed, as 7-Zip and WinRAR name it in their settings."""
    if info.flag_bits & _PATCHED:
        return "patched data"
    return _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")


def _check_layout(archive: Archive, infos: list[zipfile.ZipInfo], directory_start: int) -> None:
    """Each entry's data must lie before the central directory and not overlap the next entry's; entries that do
    are dropped from ``files``. The end used is a lower bound (the local extra field is not counted), so a valid
    archive never trips this."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    if not ordered:
        return
    next_starts = [i.header_offset for i in ordered[1:]] + [directory_start]
    for info, limit in zip(ordered, next_starts, strict=True):
        raw_name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        end = info.header_offset + _LOCAL_HEADER + len(raw_name) + info.compress_size
        if info.header_offset < 0 or end > limit:
            name = entry_name(info)
            archive.problems.append(
                problem(Code.OVERLAPPING, f"{name}: its data overlaps another entry or lies outside the archive", name)
            )
            if archive.files.get(name) is info:  # not to be read: its offset may even be outside the file
                del archive.files[name]
                archive.left_out.add(name)


def _verify_data(archive: Archive) -> None:
    """Decompress every accepted file entry in chunks, checking its size and CRC (see the module docstring)."""
    for name, info in list(archive.files.items()):
        produced = 0
        try:
            with archive.zf.open(info) as f:
                while chunk := f.read(CHUNK):
                    produced += len(chunk)
        except _DAMAGED as e:
            archive.problems.append(problem(Code.ENTRY_CORRUPT, f"{name}: the entry is damaged ({e})", name))
            del archive.files[name]
            archive.left_out.add(name)
            continue
        if produced != info.file_size:
            archive.problems.append(
                problem(
                    Code.SIZE_MISMATCH,
                    f"{name}: declares {info.file_size} bytes but unpacks to {produced}",
                    name,
                )
            )
            del archive.files[name]
            archive.left_out.add(name)
