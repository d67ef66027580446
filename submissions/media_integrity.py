"""Whether an MP4 or QuickTime movie, a PDF, a PNG or a WebP is whole: an upload cut short (a dropped connection, a copy
interrupted) or a file whose first bytes only are right passes the check by content, yet a browser cannot show it.

A few seeks and small reads, never the whole file:

- MP4 and QuickTime: the top-level boxes are walked by their sizes (one 16-byte read each, at most ``MAX_BOXES``)
  until the movie box (``moov``), which a player needs before any frame; a box that runs past the end of the file
  before it, no ``moov``, or more boxes than a walk reads, means the file is incomplete; so does a box after it
  (the media data of a movie written ``moov`` first) that runs past the end. What its tracks hold is
  ``movie_tracks``'s to say.
- PDF: ``%%EOF`` in its last 1024 bytes, where readers look for it.
- PNG: its ``IEND`` chunk in its last 4096 bytes (some tools write a little after it).
- WebP: the file holds at least the length its RIFF header gives (a photo cut short in a copy shows grey or
  nothing in some browsers).
- WebM and Matroska: the segment holds the length its header gives (ffmpeg and MKVToolNix write it when they can
  seek back); a segment of unknown size (written to a pipe, a live recording) is walked by its children's sizes
  (``ebml.MAX_ELEMENTS`` at most), and one that runs past the end of the file, or a header cut in two, means it is
  incomplete. A cluster of unknown size (Chrome's MediaRecorder writes only such) ends the walk: where its data
  should end cannot be told, and the file is taken as whole.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO, Literal, NamedTuple

from .ebml import MAX_ELEMENTS, SEGMENT, BrokenElement, vint

MAX_BOXES = 250_000
"""Boxes one walk reads (some 0.3 s): a file of millions of tiny boxes would otherwise hold a worker for minutes;
a fragmented MP4 of hours in one-second fragments has some tens of thousands at its top."""
_TOP_LEVEL = {
    b"mdat",
    b"free",
    b"skip",
    b"wide",
    b"moof",
    b"mfra",
    b"sidx",
    b"styp",
    b"uuid",
    b"meta",
    b"udta",
    b"prft",
}
"""Boxes that may follow the movie box at the top of a movie (ISO/IEC 14496-12), a trailer's bytes being none."""
_PDF_TAIL = 1024
_PNG_TAIL = 4096
_PNG_END = b"IEND\xaeB`\x82"


class BrokenBox(ValueError):
    """An MP4 box header that does not fit the file."""


class Box(NamedTuple):
    """One MP4 box: its type, where it starts (its size, then its type at ``start + 4``), where its payload starts
    and where it ends."""

    kind: bytes
    start: int
    payload: int
    end: int


Wholeness = Literal["whole", "incomplete"]
MOVIES = ("mp4", "quicktime")
EBML = ("webm", "matroska")


def wholeness(f: BinaryIO, content: str) -> Wholeness:
    """``incomplete`` when the file ``f`` of format ``content`` (a key of ``media.FORMATS``) is cut short or
    malformed past its head, else ``whole`` (formats not checked here included). ``f`` is left anywhere."""
    size = f.seek(0, os.SEEK_END)
    if content == "pdf":
        f.seek(max(0, size - _PDF_TAIL))
        return "whole" if b"%%EOF" in f.read(_PDF_TAIL) else "incomplete"
    if content == "png":
        f.seek(max(0, size - _PNG_TAIL))
        return "whole" if _PNG_END in f.read(_PNG_TAIL) else "incomplete"
    if content in MOVIES:
        movie = movie_box(f)
        return "whole" if movie is not None and _media_fits(f, movie.end, size) else "incomplete"
    if content in EBML:
        return "whole" if ebml_fits(f, size) else "incomplete"
    if content == "webp":
        f.seek(4)
        declared = f.read(4)
        return "whole" if len(declared) == 4 and 8 + struct.unpack("<I", declared)[0] <= size else "incomplete"
    return "whole"


def ebml_fits(f: BinaryIO, size: int) -> bool:
    """Whether the WebM or Matroska file ``f`` of ``size`` bytes (given: a zip's member would be decompressed whole to
    find its end) holds what its elements' sizes say (see the module docstring). Reads forward only."""
    at = 0
    for _ in range(MAX_ELEMENTS):
        if at >= size:
            return True
        f.seek(at)
        head = f.read(12)
        try:
            element, id_length = vint(head, 0, keep_marker=True)
            length, size_length = vint(head, id_length, keep_marker=False)
        except BrokenElement:
            return at + 12 <= size  # a header cut in two; other bytes are none of ours to judge
        data = at + id_length + size_length
        if length == (1 << (7 * size_length)) - 1:  # of unknown size
            if element != SEGMENT:
                return True
            at = data  # its children follow its header
            continue
        if data + length > size:
            return False
        if element == SEGMENT:
            return True  # what follows a segment that fits (a tool's trailer) is none of ours to judge
        at = data + length
    return True


def movie_box(f: BinaryIO) -> Box | None:
    """The movie box (``moov``) of the MP4 or QuickTime movie ``f``; ``None`` when there is none before the end
    or a box before it does not fit the file."""
    try:
        return next((box for box in boxes(f, 0, f.seek(0, os.SEEK_END)) if box.kind == b"moov"), None)
    except BrokenBox:
        return None


def _media_fits(f: BinaryIO, start: int, end: int) -> bool:
    """Whether the boxes from ``start`` (after the movie box) to ``end`` fit the file: a movie written for the web
    (``moov`` first: ffmpeg's ``+faststart``, HandBrake's Web Optimized, phones) and cut short keeps its ``moov``
    whole, and only its ``mdat`` runs past the end. Walking stops, the file taken as whole, at a size of 0 ("to the
    end"), at bytes that are no box a movie holds (Samsung's phones write a trailer of their own after the last
    box), and after ``MAX_BOXES`` boxes."""
    at = start
    for _ in range(MAX_BOXES):
        if at + 8 > end:
            return True
        f.seek(at)
        header = f.read(16)
        box_size, kind = struct.unpack_from(">I4s", header)
        if box_size == 1 and len(header) == 16:
            (box_size,) = struct.unpack_from(">Q", header, 8)
        if box_size == 0 or kind not in _TOP_LEVEL:
            return True
        if box_size < 8 or at + box_size > end:
            return False
        at += box_size
    return True


def boxes(f: BinaryIO, start: int, end: int) -> Iterator[Box]:
    """Each box from ``start`` to ``end`` of ``f`` (ISO/IEC 14496-12, 4.2: a 32-bit size, 1 for a 64-bit one after
    the type, 0 for "to the end"). Raises ``BrokenBox`` when a box runs past ``end`` or is smaller than its header,
    or past ``MAX_BOXES`` boxes; fewer than 8 bytes left at the end are ignored."""
    at = start
    count = 0
    while at + 8 <= end:
        count += 1
        if count > MAX_BOXES:
            raise BrokenBox()
        f.seek(at)
        header = f.read(16)
        box_size, kind = struct.unpack_from(">I4s", header)
        payload = at + 8
        if box_size == 1:
            if len(header) < 16:
                raise BrokenBox()
            (box_size,) = struct.unpack_from(">Q", header, 8)
            payload += 8
        elif box_size == 0:
            box_size = end - at
        if box_size < payload - at or at + box_size > end:
            raise BrokenBox()
        yield Box(kind, at, payload, at + box_size)
        at += box_size
