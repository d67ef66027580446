"""WebP pictures without their metadata: the EXIF and XMP chunks that cameras, phones and editors write (an artist,
a copyright, the owner, the place) are taken out, chunk by chunk, never decoded or re-encoded, so the picture is
bit for bit the one uploaded. The EXIF orientation alone is kept (as a minimal EXIF chunk), as for a JPEG; the
colour profile (ICCP) keeps its colours and loses its words (``icc``); chunks that no reader knows go too. The
extended header's flags are set to what is left, and the RIFF size to the new length. A file that does not parse
is returned as it is (RIFF container and chunks: Google's "WebP Container Specification")."""

from __future__ import annotations

import struct

from . import images
from .icc import blank_text

_KEPT = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_EXIF_FLAG, _XMP_FLAG = 0x08, 0x04
_EXIF_HEADER = b"Exif\x00\x00"


def strip_webp(data: bytes) -> bytes:
    """``data`` (a WebP) without its EXIF (save for the orientation), XMP and unknown chunks."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    chunks: list[tuple[bytes, bytes]] = []
    orientation: int | None = None
    at, end = 12, min(len(data), 8 + struct.unpack_from("<I", data, 4)[0])
    while at + 8 <= end:
        kind, size = struct.unpack_from("<4sI", data, at)
        if at + 8 + size > end:
            return data
        payload = data[at + 8 : at + 8 + size]
        if kind == b"EXIF":
            orientation = images.exif_orientation(
                payload if payload.startswith(_EXIF_HEADER) else _EXIF_HEADER + payload
            )
        elif kind == b"ICCP":
            chunks.append((kind, blank_text(payload)))
        elif kind in _KEPT:
            chunks.append((kind, payload))
        at += 8 + size + (size & 1)
    if orientation not in (None, 1):
        chunks.append((b"EXIF", images.exif_with(orientation)[4 + len(_EXIF_HEADER) :]))
    if chunks and chunks[0][0] == b"VP8X":
        flags = chunks[0][1][0] & ~(_EXIF_FLAG | _XMP_FLAG)
        if orientation not in (None, 1):
            flags |= _EXIF_FLAG
        chunks[0] = (b"VP8X", bytes([flags]) + chunks[0][1][1:])
    body = b"".join(struct.pack("<4sI", kind, len(p)) + p + bytes(len(p) & 1) for kind, p in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body
