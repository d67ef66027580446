"""TIFF pictures in a package without their authors, in place: nothing moves, the picture's strips and tiles are
not touched.

In each image's directory (IFD0 and the ones chained after it: a multi-page TIFF) the values of the tags that name
people, places or devices (Artist, Copyright, ImageDescription, DocumentName, Make, Model, Software, HostComputer,
DateTime, Windows's XPAuthor/XPComment..., the XMP packet, IPTC and Photoshop's resources) are zeroed: an ASCII
value of zeros is an empty text, a packet of zeros is skipped by readers. The EXIF, GPS and interoperability
directories are emptied whole (their values zeroed, then the directory itself: zero entries, no next one), as a
JPEG loses its EXIF. The colour profile loses its words (``icc``). BigTIFF and malformed files raise ``ValueError``
(the part is then kept as it is, and the author told)."""

from __future__ import annotations

import struct

from .icc import blank_text

_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8}
_NAMING = {
    269, 270, 271, 272, 285, 305, 306, 315, 316, 700, 33432, 33723, 34377, 37724, 42016,
    *range(40091, 40096),  # Windows's XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject
}  # fmt: skip
_EMPTIED = {34665, 34853, 40965}  # EXIF, GPS and interoperability directories
_ICC = 34675
_MAX_DIRECTORIES = 1000


def is_tiff(head: bytes) -> bool:
    """Whether ``head`` starts a classic TIFF file (little- or big-endian)."""
    return head[:4] in (b"II*\x00", b"MM\x00*")


def strip_tiff(data: bytes) -> bytes:
    """``data`` (a TIFF file) without its authors (see the module docstring). Raises ``ValueError`` when it is not
    a classic TIFF or a directory does not fit the file."""
    if not is_tiff(data):
        raise ValueError("not a classic TIFF file")
    out = bytearray(data)
    order = "<" if data[:2] == b"II" else ">"
    try:
        _strip(out, order)
    except struct.error as e:
        raise ValueError(f"a TIFF directory does not fit the file ({e})") from e
    return bytes(out)


def _strip(out: bytearray, order: str) -> None:
    (at,) = struct.unpack_from(order + "I", out, 4)
    seen: set[int] = set()
    while at and at not in seen and len(seen) < _MAX_DIRECTORIES:
        seen.add(at)
        for tag, where, size, pointer in _entries(out, order, at):
            if tag in _NAMING:
                out[where : where + size] = bytes(size)
            elif tag in _EMPTIED and pointer is not None and pointer not in seen:
                seen.add(pointer)
                _empty(out, order, pointer)
            elif tag == _ICC and size > 4:
                out[where : where + size] = blank_text(bytes(out[where : where + size]))
        (count,) = struct.unpack_from(order + "H", out, at)
        (at,) = struct.unpack_from(order + "I", out, at + 2 + 12 * count)


def _entries(out: bytearray, order: str, at: int) -> list[tuple[int, int, int, int | None]]:
    """Each entry of the directory at ``at``: its tag, where its value lies, its size in bytes, and the value as an
    offset when it is one 32-bit number (a sub-directory's pointer)."""
    (count,) = struct.unpack_from(order + "H", out, at)
    if at + 2 + 12 * count + 4 > len(out):
        raise ValueError("a TIFF directory runs past the end of the file")
    found = []
    for entry in range(at + 2, at + 2 + 12 * count, 12):
        tag, kind, number = struct.unpack_from(order + "HHI", out, entry)
        size = _TYPE_SIZES.get(kind, 1) * number
        where = entry + 8 if size <= 4 else struct.unpack_from(order + "I", out, entry + 8)[0]
        if where + size > len(out):
            raise ValueError("a TIFF value lies outside the file")
        pointer = struct.unpack_from(order + "I", out, entry + 8)[0] if kind in (4, 13) and number == 1 else None
        found.append((tag, where, size, pointer))
    return found


def _empty(out: bytearray, order: str, at: int) -> None:
    """Zero the values of the directory at ``at``, then the directory itself: a directory of no entries."""
    entries = _entries(out, order, at)
    for _tag, where, size, _pointer in entries:
        out[where : where + size] = bytes(size)
    out[at : at + 2 + 12 * len(entries) + 4] = bytes(2 + 12 * len(entries) + 4)
