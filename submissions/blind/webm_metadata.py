"""A WebM (Matroska) video's tags blanked in its judge's copy: its ``Tags`` (artist, comment, the encoder's user
name...), its title (``Info/Title``), its tracks' names and a Matroska file's ``Attachments`` (a cover picture with
its EXIF, a file named after its author: mkvmerge and ffmpeg's ``-attach`` put them there; fonts for subtitles,
which browsers do not show), without touching a frame. Subtitles' own text, in the
blocks, is not reached.

Each is turned, in place, into an EBML ``Void`` element of the same length filled with zeros: players skip
``Void`` elements, and since nothing moves, every position the file records (its seek head, its cues) stays right.
The segment's top-level elements are walked by their sizes; a cluster of unknown size (a live recording's) ends the
walk, as what follows it cannot be found without reading every block.
"""

from __future__ import annotations

from typing import BinaryIO

_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TAGS = 0x1254C367
_ATTACHMENTS = 0x1941A469
_TITLE = 0x7BA9
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_NAME = 0x536E
_VOID = 0xEC
_ZEROS = bytes(1 << 16)


class BrokenElement(ValueError):
    """An EBML element header that does not fit the file."""


def blank_tags(f: BinaryIO) -> int:
    """Blank the tags and the title of the WebM open in ``f`` (for reading and writing); how many elements were
    blanked. Raises ``BrokenElement`` (a ``ValueError``) for a file whose elements do not fit it, before changing
    anything."""
    size = f.seek(0, 2)
    found: list[tuple[int, int]] = []
    for element, _start, data, end in _elements(f, 0, size):
        if element != _SEGMENT:
            continue
        for child, child_start, child_data, child_end in _elements(f, data, end):
            if child in (_TAGS, _ATTACHMENTS):
                found.append((child_start, child_end))
            elif child == _INFO:
                found.extend((s, e) for kind, s, _, e in _elements(f, child_data, child_end) if kind == _TITLE)
            elif child == _TRACKS:
                for entry, _s, entry_data, entry_end in _elements(f, child_data, child_end):
                    if entry == _TRACK_ENTRY:
                        found.extend((s, e) for kind, s, _, e in _elements(f, entry_data, entry_end) if kind == _NAME)
    for start, end in found:
        _void(f, start, end)
    return len(found)


def _elements(f: BinaryIO, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(ID, start, data start, end) of each element from ``start`` to ``end``, up to one of unknown size (whose
    end is then taken as ``end``, and which ends the list)."""
    found = []
    at = start
    while at < end:
        f.seek(at)
        head = f.read(12)
        element, id_length = _vint(head, 0, keep_marker=True)
        size, size_length = _vint(head, id_length, keep_marker=False)
        data = at + id_length + size_length
        unknown = size == (1 << (7 * size_length)) - 1
        element_end = end if unknown else data + size
        if element_end > end or data > end:
            raise BrokenElement()
        found.append((element, at, data, element_end))
        if unknown:
            break
        at = element_end
    return found


def _vint(head: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """The variable-length integer at ``at`` of ``head`` and its length in bytes (an ID keeps its marker bit)."""
    if at >= len(head) or head[at] == 0:
        raise BrokenElement()
    length = 8 - head[at].bit_length() + 1
    if at + length > len(head):
        raise BrokenElement()
    value = int.from_bytes(head[at : at + length], "big")
    return (value if keep_marker else value & ((1 << (7 * length)) - 1)), length


def _void(f: BinaryIO, start: int, end: int) -> None:
    total = end - start
    width = next(w for w in range(1, 9) if total - 1 - w < (1 << (7 * w)) - 1)
    size = total - 1 - width
    if size < 0:
        raise BrokenElement()
    f.seek(start)
    f.write(bytes([_VOID]) + (size | (1 << (7 * width))).to_bytes(width, "big"))
    left = size
    while left > 0:
        left -= f.write(_ZEROS[: min(left, len(_ZEROS))])
