"""File types by content: the first bytes of a file say what it is, whatever its name claims.

Only the head of a file is read (``HEAD`` bytes), so a 500 MB video costs one small read; whether the rest of the
file is there is ``media_integrity``'s to say. A format is recognised here when its signature and header structure
are right; recognised formats that the contest does not accept (Matroska, GIF, RAR...) are named so
that a refusal can say what the file really is.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from .report import Kind

HEAD = 4096
MAX_PIXELS = 120_000_000
"""The most pixels an image may have (a phone's 108-megapixel photo passes): past it a browser that shows the image
to a judge must hold gigabytes, the "pixel flood"."""
_JPEG_FRAMES = {
    0xC0,
    0xC1,
    0xC2,
    0xC3,
    0xC5,
    0xC6,
    0xC7,
    0xC9,
    0xCA,
    0xCB,
    0xCD,
    0xCE,
    0xCF,
}  # SOF0-SOF15 less DHT, JPG, DAC
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-RST7: markers without a length
_JPEG_SCAN_OR_END = {0xDA, 0xD9}  # SOS, EOI: past them no frame header may come


@dataclass(frozen=True)
class Format:
    """A file format: how to name it to a user and which kind of entry it makes (``None``: not accepted, or,
    for ``zip``, decided by the package's contents)."""

    label: str
    kind: Kind | None


FORMATS: dict[str, Format] = {
    "mp4": Format("MP4 video", "video"),
    "webm": Format("WebM video", "video"),
    "pdf": Format("PDF", "document"),
    "docx": Format("Word document (DOCX)", "document"),
    "jpeg": Format("JPEG image", "image"),
    "png": Format("PNG image", "image"),
    "zip": Format("ZIP archive", None),
    "docm": Format("macro-enabled Word document (DOCM)", None),
    "dotx": Format("Word template (DOTX)", None),
    "scratch": Format("Scratch project (SB3)", None),
    "odf": Format("OpenDocument file (ODT, ODP, ODS)", None),
    "epub": Format("EPUB e-book", None),
    "pptx": Format("PowerPoint presentation (PPTX)", None),
    "xlsx": Format("Excel workbook (XLSX)", None),
    "quicktime": Format("QuickTime video (MOV)", "video"),
    "heif": Format("HEIC/HEIF image", None),
    "isomedia": Format("ISO media other than MP4", None),
    "matroska": Format("Matroska video (MKV)", None),
    "gif": Format("GIF image", None),
    "webp": Format("WebP image", "image"),
    "rar": Format("RAR archive", None),
    "7z": Format("7-Zip archive", None),
    "ole": Format("old Microsoft Office document (DOC/PPT/XLS)", None),
}

# The accepted extensions and the format each promises, each format's usual extension first. The other standard
# names of MP4 (.m4v: HandBrake, iTunes) and of JPEG (.jfif: Windows saving a browser's image, .jpe) are accepted:
# files are served by their format's media type, whatever their extension. WebP is what Android phones and Zalo
# save photos as; every browser shows it.
EXTENSIONS: dict[str, str] = {
    ".zip": "zip",
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "quicktime",
    ".webm": "webm",
    ".pdf": "pdf",
    ".docx": "docx",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jfif": "jpeg",
    ".jpe": "jpeg",
    ".png": "png",
    ".webp": "webp",
}

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty archive: only the end record
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
]

# ISO base media brands of the MP4 family (ISO/IEC 14496-12/-14 and the common MP4 derivatives).
_MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"iso7",
    b"iso8",
    b"iso9",
    b"mp41",
    b"mp42",
    b"mp71",
    b"avc1",
    b"dash",
    b"M4V ",
    b"M4VH",
    b"M4VP",
    b"MSNV",
    b"f4v ",
}
# Major brands of QuickTime movies (iPhones record these) and of HEIF images (iPhones take photos as HEIC).
_QUICKTIME_BRAND = b"qt  "
_QUICKTIME_OLD_TOP = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}  # QuickTime before ftyp (2001)
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PNG_HEADER = struct.Struct(">I4sIIBBBBB")  # IHDR: length, type, width, height, depth, colour, methods
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}  # by colour type
_EBML_DOCTYPE = 0x4282
_WEBP_HEAD = 30  # the RIFF header (12), the first chunk's header (8) and the 10 bytes that hold a canvas's size
_VP8_START = b"\x9d\x01\x2a"  # a lossy key frame's start code (RFC 6386, 9.1)
_VP8L_SIGNATURE = 0x2F  # a lossless stream's first byte ("WebP Lossless Bitstream Specification", 3.2)


def sniff(head: bytes) -> str | None:
    """The key in ``FORMATS`` of the file whose first bytes are ``head`` (pass ``HEAD`` bytes), or ``None``."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(_PNG_MAGIC):
        return _png(head)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return _iso_media(head)
    if head[4:8] in _QUICKTIME_OLD_TOP and struct.unpack_from(">I", head)[0] not in range(2, 8):
        return "quicktime"  # a box size: 0 (to the end), 1 (64-bit) or at least its header
    if head.startswith(_EBML_MAGIC):
        return _ebml(head)
    return None


def _iso_media(head: bytes) -> str | None:
    """MP4 when the leading ``ftyp`` box is well formed and its major or a compatible brand is of the family;
    else QuickTime or HEIF by its major brand, or other ISO media."""
    (size,) = struct.unpack_from(">I", head)
    if size < 16 or size % 4 or size > len(head):
        return None
    major = head[8:12]
    brands = {head[at : at + 4] for at in range(16, size, 4)} | {major}
    if brands & _MP4_BRANDS:
        return "mp4"
    if major == _QUICKTIME_BRAND:
        return "quicktime"
    return "heif" if major in _HEIF_BRANDS else "isomedia"


def _png(head: bytes) -> str | None:
    """PNG when its first chunk is a well-formed IHDR (PNG specification, 11.2.2): 13 bytes long, a width and a
    height from 1 to 2^31 - 1, a bit depth allowed for its colour type, and methods 0 (interlace 0 or 1); else
    ``None``."""
    if len(head) < len(_PNG_MAGIC) + _PNG_HEADER.size:
        return None
    length, kind, width, height, depth, colour, compression, filtering, interlace = _PNG_HEADER.unpack_from(
        head, len(_PNG_MAGIC)
    )
    if length != 13 or kind != b"IHDR" or not (0 < width < 2**31 and 0 < height < 2**31):
        return None
    if depth not in _PNG_DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
        return None
    return "png"


MAX_JPEG_STEPS = 65_536
"""Markers and fill bytes a JPEG may hold before its picture (0.05 s to walk); real photos have tens, Photoshop's
hundreds."""


def image_size(f: BinaryIO, content: str) -> tuple[int, int] | None:
    """The width and height of the PNG, WebP or JPEG image ``f`` (``content``: its ``sniff``), or None when they are
    not found. A PNG's come from its header (``sniff`` checked it); a WebP's from its first chunk (``webp_size``).
    A JPEG's come from its frame header (SOF), reached by skipping the segments before it (EXIF, XMP, colour
    profiles, thumbnails: Photoshop writes hundreds) by their lengths: each step is one seek and one 4-byte read, at
    most ``MAX_JPEG_STEPS`` of them (a file of millions of empty segments would otherwise hold the check for
    minutes). ``None`` for a JPEG means no well-formed frame header comes before the scan (SOS), the end (EOI), the
    end of the file or that many steps: the file is damaged, cut short before its header, or not a JPEG. ``f`` is
    left anywhere."""
    if content == "png":
        f.seek(len(_PNG_MAGIC) + 8)
        dims = f.read(8)
        return struct.unpack(">II", dims) if len(dims) == 8 else None
    if content == "webp":
        f.seek(0)
        return webp_size(f.read(_WEBP_HEAD))
    if content != "jpeg":
        return None
    f.seek(2)
    for _ in range(MAX_JPEG_STEPS):
        segment = f.read(4)  # the marker and the segment's length
        while segment[:2] == b"\xff\xff":  # fill bytes before a marker
            segment = segment[1:] + f.read(1)
        if len(segment) < 4 or segment[0] != 0xFF or segment[1] in _JPEG_SCAN_OR_END:
            return None
        if segment[1] in _JPEG_STANDALONE:
            f.seek(-2, 1)
            continue
        (length,) = struct.unpack_from(">H", segment, 2)
        if segment[1] in _JPEG_FRAMES:
            return _jpeg_frame(length, f.read(6))
        if length < 2:
            return None
        f.seek(length - 2, 1)
    return None


def webp_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) of the WebP whose first bytes are ``head``, from the picture header its first chunk must be
    (Google's "WebP Container Specification"): the extended header's canvas (VP8X), a lossless stream's header
    (VP8L: its signature, 14-bit sizes, version 0) or a lossy key frame's (VP8: its start code, 14-bit sizes);
    ``None`` when that chunk is none of these, is malformed, or gives no pixels: damaged, or not a WebP."""
    if len(head) < _WEBP_HEAD or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    kind, size = struct.unpack_from("<4sI", head, 12)
    if kind == b"VP8X" and size == 10:
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if kind == b"VP8L" and size >= 5 and head[20] == _VP8L_SIGNATURE:
        bits = int.from_bytes(head[21:25], "little")
        if bits >> 29:  # the version, 0 in every stream
            return None
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if kind == b"VP8 " and size >= 10 and not head[20] & 1 and head[23:26] == _VP8_START:
        width, height = (value & 0x3FFF for value in struct.unpack_from("<HH", head, 26))
        return (width, height) if width and height else None
    return None


def _jpeg_frame(length: int, frame: bytes) -> tuple[int, int] | None:
    """(width, height) of a JPEG frame header of ``length`` whose first bytes are ``frame`` (precision, height,
    width, component count), or ``None`` when it is malformed (ITU T.81, B.2.2): a length other than 8 + 3 per
    component, a precision outside 2-16, no components or no pixels."""
    if len(frame) < 6:
        return None
    precision, height, width, components = struct.unpack(">BHHB", frame)
    if length != 8 + 3 * components or not 2 <= precision <= 16 or not (components and height and width):
        return None
    return width, height


def _ebml(head: bytes) -> str | None:
    """WebM or Matroska by the DocType of the EBML header that opens the file; ``None`` if it is malformed."""
    parsed = _vint(head, len(_EBML_MAGIC))
    if parsed is None:
        return None
    body_size, at = parsed
    end = min(at + body_size, len(head))
    while at < end:
        element = _vint(head, at, keep_marker=True)
        if element is None:
            return None
        element_id, at = element
        sized = _vint(head, at)
        if sized is None:
            return None
        size, at = sized
        if element_id == _EBML_DOCTYPE:
            doctype = head[at : at + size].rstrip(b"\0")
            return {b"webm": "webm", b"matroska": "matroska"}.get(doctype)
        at += size
    return None


def _vint(data: bytes, at: int, *, keep_marker: bool = False) -> tuple[int, int] | None:
    """The EBML variable-length integer at ``at`` and the offset after it; element IDs keep their marker bit."""
    if at >= len(data) or data[at] == 0:
        return None
    length = 9 - data[at].bit_length()
    if at + length > len(data):
        return None
    value = int.from_bytes(data[at : at + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
    return value, at + length
