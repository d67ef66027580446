"""A WebM (Matroska) video's tags blanked in its judge's copy: its ``Tags`` (artist, comment, the encoder's user
name...), its title (``Info/Title``), its tracks' names and a Matroska file's ``Attachments`` (a cover picture with
its EXIF, a file named after its author: mkvmerge and ffmpeg's ``-attach`` put them there; fonts for subtitles,
which browsers do not show), without touching a frame. Subtitles' own text, in the
blocks, is not reached.

Each is turned, in place, into an EBML ``Void`` element of the same length filled with zeros: players skip
``Void`` elements, and since nothing moves, every position the file records (its seek head, its cues) stays right.
The segment's top-level elements are walked by their sizes (``ebml``), a cluster of unknown size (a live
recording's: a browser's MediaRecorder) by its blocks' sizes, so that tags after it are reached too; a file of more
elements or blocks than a walk reads (``ebml.MAX_ELEMENTS``, ``ebml.MAX_BLOCKS``) has its copy kept as it was, and the
author told.
"""

from __future__ import annotations

from typing import BinaryIO

from ..ebml import SEGMENT, BrokenElement, Walk, elements
from .in_place import zero

_INFO = 0x1549A966
_TAGS = 0x1254C367
_ATTACHMENTS = 0x1941A469
_TITLE = 0x7BA9
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_NAME = 0x536E
_VOID = 0xEC


def blank_tags(f: BinaryIO) -> int:
    """Blank the tags and the title of the WebM open in ``f`` (for reading and writing); how many elements were
    blanked. Raises ``ebml.BrokenElement`` (a ``ValueError``) for a file whose elements do not fit it or that holds
    more elements than a walk reads, before changing anything."""
    size = f.seek(0, 2)
    walk = Walk()
    found: list[tuple[int, int]] = []
    for segment in elements(f, 0, size, walk):
        if segment.id != SEGMENT:
            continue
        for child in elements(f, segment.data, segment.end, walk):
            if child.id in (_TAGS, _ATTACHMENTS):
                found.append((child.start, child.end))
            elif child.id == _INFO:
                found.extend((e.start, e.end) for e in elements(f, child.data, child.end, walk) if e.id == _TITLE)
            elif child.id == _TRACKS:
                for entry in elements(f, child.data, child.end, walk):
                    if entry.id == _TRACK_ENTRY:
                        named = elements(f, entry.data, entry.end, walk)
                        found.extend((e.start, e.end) for e in named if e.id == _NAME)
    for start, end in found:
        _void(f, start, end)
    return len(found)


def _void(f: BinaryIO, start: int, end: int) -> None:
    total = end - start
    width = next(w for w in range(1, 9) if total - 1 - w < (1 << (7 * w)) - 1)
    size = total - 1 - width
    if size < 0:
        raise BrokenElement()
    f.seek(start)
    f.write(bytes([_VOID]) + (size | (1 << (7 * width))).to_bytes(width, "big"))
    zero(f, end - size, end)
