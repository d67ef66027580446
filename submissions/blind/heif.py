"""HEIC and AVIF pictures in a package (HEIF files, ISO/IEC 23008-12) without their EXIF and XMP, in place.

A HEIF file keeps its metadata as items beside the picture's: an ``Exif`` item (the camera, the time, the place
photographed, an owner's name) and a ``mime`` item of type ``application/rdf+xml`` (XMP: the author, the editor).
Their items are found in the ``meta`` box's item information (``iinf``), their bytes by the item locations
(``iloc``: in the file, or in the ``meta`` box's own ``idat``), and those bytes are zeroed: nothing moves, no
picture is decoded. The picture's orientation is not EXIF's in HEIF but its own properties (``irot``, ``imir``),
which stay. A file whose boxes do not fit raises ``ValueError`` (the part is then kept, and the author told)."""

from __future__ import annotations

import io
import struct

from ..media_integrity import Box, BrokenBox, boxes

_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis", b"mif2"}
_XMP = b"application/rdf+xml"
_EMPTY_EXIF = bytes(4) + b"MM\x00*" + (8).to_bytes(4, "big") + bytes(6)  # no offset; a TIFF header; no entries


def is_heif(head: bytes) -> bool:
    """Whether ``head`` starts a HEIF picture (HEIC, AVIF): its file type box names a HEIF brand."""
    if head[4:8] != b"ftyp" or len(head) < 16:
        return False
    (size,) = struct.unpack_from(">I", head)
    brands = {head[8:12]} | {head[at : at + 4] for at in range(16, min(size, len(head)) - 3, 4)}
    return bool(brands & _BRANDS)


def strip_heif(data: bytes) -> bytes:
    """``data`` (a HEIF file) with its EXIF and XMP items zeroed (see the module docstring)."""
    out = bytearray(data)
    reader = io.BytesIO(data)
    try:
        meta = next((b for b in boxes(reader, 0, len(data)) if b.kind == b"meta"), None)
        if meta is None:
            return data
        parts = {b.kind: b for b in boxes(reader, meta.payload + 4, meta.end)}  # meta is a full box
        if b"iinf" not in parts or b"iloc" not in parts:
            return data
        exif, xmp = _metadata_items(data, reader, parts[b"iinf"])
        idat = parts[b"idat"].payload if b"idat" in parts else None
        for item in (*exif, *xmp):
            extents = _extents(data, parts[b"iloc"], item, idat)
            if any(start + length > len(out) for start, length in extents):
                raise ValueError("a HEIF item lies outside the file")
            for start, length in extents:
                out[start : start + length] = bytes(length)
            if item in exif and extents and extents[0][1] >= len(_EMPTY_EXIF):
                start = extents[0][0]  # readers (libavif) refuse an Exif item that is not one: an empty one
                out[start : start + len(_EMPTY_EXIF)] = _EMPTY_EXIF
    except (BrokenBox, struct.error, IndexError) as e:
        raise ValueError(f"a HEIF box does not fit the file ({e})") from e
    return bytes(out)


def _metadata_items(data: bytes, reader: io.BytesIO, iinf: Box) -> tuple[set[int], set[int]]:
    """The ids of the EXIF items and of the XMP items that the item information box ``iinf`` lists."""
    version = data[iinf.payload]
    first = iinf.payload + 4 + (2 if version == 0 else 4)
    exif, xmp = set(), set()
    for entry in boxes(reader, first, iinf.end):
        if entry.kind != b"infe" or data[entry.payload] < 2:
            continue
        at = entry.payload + 4
        if data[entry.payload] == 2:
            (item,) = struct.unpack_from(">H", data, at)
            at += 2
        else:
            (item,) = struct.unpack_from(">I", data, at)
            at += 4
        kind = data[at + 2 : at + 6]
        rest = data[at + 6 : entry.end]
        if kind == b"Exif":
            exif.add(item)
        elif kind == b"mime" and rest.split(b"\x00", 2)[1:2] == [_XMP]:
            xmp.add(item)
    return exif, xmp


def _extents(data: bytes, iloc: Box, wanted: int, idat: int | None) -> list[tuple[int, int]]:
    """(offset in the file, length) of each extent of the item ``wanted``, by the item location box ``iloc``;
    extents in a construction this does not place (another item's data) are left out."""
    at = iloc.payload
    version = data[at]
    sizes, more = data[at + 4], data[at + 5]
    offset_size, length_size, base_size = sizes >> 4, sizes & 15, more >> 4
    index_size = more & 15 if version in (1, 2) else 0
    at += 6
    count, at = _number(data, at, 4 if version == 2 else 2)
    found = []
    for _ in range(count):
        item, at = _number(data, at, 4 if version == 2 else 2)
        method = 0
        if version in (1, 2):
            method = struct.unpack_from(">H", data, at)[0] & 15
            at += 2
        at += 2  # data reference index
        base, at = _number(data, at, base_size)
        extents, at = _number(data, at, 2)
        for _ in range(extents):
            at += index_size
            offset, at = _number(data, at, offset_size)
            length, at = _number(data, at, length_size)
            if item != wanted or length == 0:
                continue
            if method == 0:
                found.append((base + offset, length))
            elif method == 1 and idat is not None:
                found.append((idat + base + offset, length))
    return found


def _number(data: bytes, at: int, size: int) -> tuple[int, int]:
    """The big-endian number of ``size`` bytes (0, 2, 4 or 8) at ``at``, and where the next field starts."""
    if size not in (0, 2, 4, 8):
        raise ValueError(f"a HEIF field of {size} bytes")
    return (int.from_bytes(data[at : at + size], "big") if size else 0), at + size
