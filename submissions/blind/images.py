"""Photos without their metadata: EXIF, XMP, IPTC and comments taken out of JPEG and PNG files segment by segment,
never decoded or re-encoded, so the picture itself is bit for bit the one uploaded.

A JPEG keeps its JFIF header, ICC colour profile (its words blanked: ``icc``), Adobe colour-transform marker and every
segment the picture needs;
its EXIF is dropped save for the orientation (rewritten as a minimal EXIF block) so that a phone's portrait photo is
not shown on its side. Anything after the end of the picture (a second, "multi-picture" image, a trailer) is dropped.
A PNG keeps its critical chunks and the ancillary ones that say how to show it (transparency, gamma, colour, pixel
size, APNG's frames): it loses its text chunks (tEXt, zTXt, iTXt, where XMP lives), its EXIF chunk, its modification
time, Content Credentials (C2PA's caBX, which may name the author) and any chunk private to a tool; its colour
profile (iCCP) keeps its colours and loses its words and its own name.
Malformed input is never refused: whatever cannot be parsed is copied as it is.
"""

from __future__ import annotations

import struct
import warnings
import zlib

from PIL import Image

from ..media import MAX_JPEG_STEPS
from .icc import blank_text

JPEG_START = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ORIENTATION = 0x0112
_SOS, _EOI, _APP0, _APP1, _APP2, _APP14 = 0xDA, 0xD9, 0xE0, 0xE1, 0xE2, 0xEE
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length
_ICC = b"ICC_PROFILE\x00"
_KEPT_APP = {_APP0: b"JFIF\x00", _APP2: _ICC, _APP14: b"Adobe"}
_PNG_SHOWN = {  # the ancillary chunks (a lower-case first letter) that say how the picture looks: kept
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi", b"sBIT", b"bKGD",
    b"pHYs", b"sPLT", b"hIST", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def strip_jpeg(data: bytes) -> bytes:
    """``data`` (a JPEG) without its metadata segments (see the module docstring). Raises ``ValueError`` for one of
    more markers than ``media.MAX_JPEG_STEPS`` (the upload check refuses those)."""
    if not data.startswith(JPEG_START):
        return data
    out = [JPEG_START]
    orientation: int | None = None
    at = 2
    steps = 0
    while at + 2 <= len(data):
        steps += 1
        if steps > MAX_JPEG_STEPS:
            raise ValueError("more segments than a photo holds")
        if data[at] != 0xFF:  # not at a marker: the file is damaged here, keep the rest as it is
            out.append(data[at:])
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            out.append(data[at : at + 2])
            at += 2
            continue
        if marker == _EOI or at + 4 > len(data):
            out.append(data[at : at + 2])
            break
        (length,) = struct.unpack_from(">H", data, at + 2)
        end = at + 2 + length
        segment = data[at:end]
        payload = segment[4:]
        if _APP0 <= marker <= 0xEF or marker == 0xFE:  # APPn and COM
            if marker == _APP1 and payload.startswith(b"Exif\x00\x00"):
                orientation = exif_orientation(payload) or orientation
            if payload.startswith(_KEPT_APP.get(marker, b"\x00never")):
                out.append(segment)
        else:
            out.append(segment)
        at = end
        if marker == _SOS:
            at = _after_scan(data, at, out)
    _blank_profile(out)
    if orientation not in (None, 1):
        out.insert(_after_jfif(out), exif_with(orientation))
    return b"".join(out)


def _blank_profile(out: list[bytes]) -> None:
    """Blank the words of the ICC profile held in ``out``'s APP2 segments (a large profile is cut into several,
    in order), each segment keeping its length."""
    header = 4 + len(_ICC) + 2  # marker, length, signature, sequence number, count
    found = [i for i, segment in enumerate(out) if segment[1:2] == bytes([_APP2]) and segment[4:].startswith(_ICC)]
    profile = b"".join(out[i][header:] for i in found)
    blanked = blank_text(profile)
    at = 0
    for i in found:
        length = len(out[i]) - header
        out[i] = out[i][:header] + blanked[at : at + length]
        at += length


def _after_scan(data: bytes, at: int, out: list[bytes]) -> int:
    """Copy the entropy-coded data that follows a scan header at ``at`` into ``out``; the offset of the next
    marker (stuffed ``FF 00`` bytes and restart markers belong to the data)."""
    start = at
    while True:
        found = data.find(b"\xff", at)
        if found < 0 or found + 1 >= len(data):
            out.append(data[start:])
            return len(data)
        following = data[found + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at = found + 1
            continue
        out.append(data[start:found])
        return found


def exif_orientation(payload: bytes) -> int | None:
    """The orientation that an EXIF block (``Exif`` and two NULs, then TIFF) gives, or ``None``."""
    exif = Image.Exif()
    try:
        with warnings.catch_warnings():  # Pillow warns of each damaged tag; the orientation is all we want
            warnings.simplefilter("ignore")
            exif.load(payload)
            value = exif.get(_ORIENTATION)
    except Exception:  # Pillow raises many kinds on a damaged block; it only loses the orientation
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None


def exif_with(orientation: int) -> bytes:
    """An APP1 segment holding an EXIF block with the orientation alone."""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()
    return struct.pack(">BBH", 0xFF, _APP1, len(payload) + 2) + payload


def _after_jfif(out: list[bytes]) -> int:
    """Where a new segment goes in ``out``: after the JFIF header when there is one (it must come first)."""
    return 2 if len(out) > 1 and out[1][1:2] == bytes([_APP0]) else 1


def strip_png(data: bytes) -> bytes:
    """``data`` (a PNG) without its text, EXIF, time, Content Credentials and private chunks."""
    if not data.startswith(PNG_SIGNATURE):
        return data
    out = [PNG_SIGNATURE]
    at = len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        end = at + 12 + length
        if end > len(data):
            break
        if kind == b"iCCP":
            out.append(_png_profile(data[at + 8 : end - 4]))
        elif kind[0:1].isupper() or kind in _PNG_SHOWN:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            return b"".join(out)
    out.append(data[at:])
    return b"".join(out)


def _png_profile(payload: bytes) -> bytes:
    """An iCCP chunk of ``payload`` (the profile's name, a NUL, the compression method, the compressed profile)
    again, its name neutral and its profile's words blanked; as it was when it cannot be read."""
    rest = payload.partition(b"\x00")[2]
    try:
        profile = zlib.decompress(rest[1:])
    except zlib.error:
        profile = None
    if profile is None or not rest:
        chunk = b"iCCP" + payload
    else:
        chunk = b"iCCP" + b"ICC profile\x00\x00" + zlib.compress(blank_text(profile))
    return struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk))
