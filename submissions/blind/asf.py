"""A Windows Media file's (WMV, WMA: ASF) tags blanked in its judge's copy, in place: nothing moves.

An ASF file opens with a header object whose children are objects of a GUID and a size. Windows Media Player, its
encoders and Windows's file properties keep text in the content description (title, author, copyright, description,
rating), the extended content description (WM/AlbumArtist, WM/Publisher, WM/Picture...), the content branding
(a banner, a copyright address), and, inside the header extension, the metadata and metadata library objects. Each
becomes a padding object of zeros, of the same size, which readers skip. Raises ``ValueError`` on an object that
does not fit, before changing anything."""

from __future__ import annotations

import struct
from typing import BinaryIO

from .in_place import zero

HEADER = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
_PADDING = bytes.fromhex("74d40618dfca0945a4ba9aabcb96aae8")
_HEADER_EXTENSION = bytes.fromhex("b503bf5f2ea9cf118ee300c00c205365")
_TAGS = {
    bytes.fromhex("3326b2758e66cf11a6d900aa0062ce6c"),  # content description
    bytes.fromhex("40a4d0d207e3d21197f000a0c95ea850"),  # extended content description
    bytes.fromhex("fab3112223bdd211b4b700a0c955fc6e"),  # content branding
    bytes.fromhex("eacbf8c5af5b77488467aa8c44fa4cca"),  # metadata
    bytes.fromhex("941c23449894d149a1411d134e457054"),  # metadata library
}
_OBJECT = struct.Struct("<16sQ")
_EXTENSION_DATA = 16 + 2 + 4  # a reserved GUID, a reserved number, the size of the objects that follow
_MAX_OBJECTS = 10_000


def is_asf(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an ASF file (WMV, WMA)."""
    return head.startswith(HEADER)


def blank_asf(f: BinaryIO) -> int:
    """Blank the tags of the ASF file open in ``f`` (for reading and writing); how many objects were blanked."""
    size = f.seek(0, 2)
    kind, header_size = _object(f, 0, size)
    if kind != HEADER:
        raise ValueError("not an ASF file")
    found: list[tuple[int, int]] = []
    for kind, start, end in _objects(f, 30, header_size):
        if kind in _TAGS:
            found.append((start, end))
        elif kind == _HEADER_EXTENSION and end - start >= _OBJECT.size + _EXTENSION_DATA:
            found.extend((s, e) for k, s, e in _objects(f, start + _OBJECT.size + _EXTENSION_DATA, end) if k in _TAGS)
    for start, end in found:
        f.seek(start)
        f.write(_PADDING)
        zero(f, start + _OBJECT.size, end)
    return len(found)


def _objects(f: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(GUID, start, end) of each object from ``start`` to ``end``."""
    found: list[tuple[bytes, int, int]] = []
    at = start
    while at + _OBJECT.size <= end and len(found) < _MAX_OBJECTS:
        kind, length = _object(f, at, end)
        found.append((kind, at, at + length))
        at += length
    return found


def _object(f: BinaryIO, at: int, end: int) -> tuple[bytes, int]:
    f.seek(at)
    head = f.read(_OBJECT.size)
    if len(head) < _OBJECT.size:
        raise ValueError("an object is cut short")
    kind, length = _OBJECT.unpack(head)
    if length < _OBJECT.size or at + length > end:
        raise ValueError("an object does not fit")
    return kind, length
