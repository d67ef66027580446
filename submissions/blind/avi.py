"""An AVI video's tags blanked in its judge's copy, in place: nothing moves, so its index still finds every frame.

AVI is RIFF: chunks of a four-letter ID and a size, lists (``LIST``) of chunks. Editors, ffmpeg and Windows's file
properties keep text in the ``LIST INFO`` (IART, the artist; INAM; ICMT, a comment; ICOP...), in each stream's name
(``strn`` in ``LIST hdrl > LIST strl``: "Quay bởi <author>", as ffmpeg's ``title`` of a stream), in Premiere's XMP
(``_PMX``) and in ``bext``, ``iXML`` and ``id3`` chunks; each becomes a ``JUNK`` chunk of zeros, of the same size,
which players skip. An OpenDML file's further ``RIFF AVIX`` chunks are walked the same way. The walk reads at most
``MAX_CHUNKS`` chunk headers, and raises ``ValueError`` on a chunk that does not fit, before changing anything."""

from __future__ import annotations

import struct
from typing import BinaryIO

from .in_place import zero

MAX_CHUNKS = 100_000
_TEXT = {b"bext", b"iXML", b"_PMX", b"id3 ", b"ID3 "}
_HEADER = struct.Struct("<4sI")


def is_avi(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an AVI video."""
    return head[:4] == b"RIFF" and head[8:12] == b"AVI "


def blank_avi(f: BinaryIO) -> int:
    """Blank the tags of the AVI open in ``f`` (for reading and writing); how many chunks were blanked."""
    size = f.seek(0, 2)
    found: list[tuple[int, int]] = []
    budget = [MAX_CHUNKS]
    at = 0
    while at + 12 <= size:
        kind, length, form = _chunk(f, at, size, budget)
        if kind != b"RIFF" or form not in (b"AVI ", b"AVIX"):
            break
        _walk(f, at + 12, at + 8 + length, found, budget)
        at += 8 + length + (length & 1)
    for start, end in found:
        f.seek(start)
        f.write(b"JUNK")
        zero(f, start + 8, end)
    return len(found)


def _walk(f: BinaryIO, start: int, end: int, found: list[tuple[int, int]], budget: list[int]) -> None:
    """Add to ``found`` the (start, end) of each chunk of text from ``start`` to ``end``, lists searched within."""
    at = start
    while at + 8 <= end:
        kind, length, form = _chunk(f, at, end, budget)
        if (kind == b"LIST" and form == b"INFO") or kind in _TEXT or kind == b"strn":
            found.append((at, at + 8 + length))
        elif kind == b"LIST" and form in (b"hdrl", b"strl"):
            _walk(f, at + 12, at + 8 + length, found, budget)
        at += 8 + length + (length & 1)


def _chunk(f: BinaryIO, at: int, end: int, budget: list[int]) -> tuple[bytes, int, bytes]:
    """The ID, size and (for a list) form of the chunk at ``at``, which must end by ``end``."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("too many chunks")
    f.seek(at)
    head = f.read(12)
    if len(head) < 8:
        raise ValueError("a chunk is cut short")
    kind, length = _HEADER.unpack_from(head)
    if at + 8 + length > end:
        raise ValueError("a chunk does not fit")
    return kind, length, head[8:12]
