"""GIF pictures without their metadata: comment extensions (where editors write an author or a copyright) and
application extensions other than looping (``NETSCAPE2.0``, ``ANIMEXTS1.0``) and the colour profile
(``ICCRGBG1``, its words blanked by ``icc``) are taken out block by block, among them Adobe's XMP
(``XMP DataXMP``); anything after the trailer goes. Frames, their timing and their plain-text extensions (the
picture shows those) are copied byte for byte, never decoded. A file that does not parse is returned as it is
(GIF89a specification)."""

from __future__ import annotations

from .icc import blank_text

_IMAGE, _EXTENSION, _TRAILER = 0x2C, 0x21, 0x3B
_COMMENT, _APPLICATION = 0xFE, 0xFF
_LOOPING = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
_PROFILE = b"ICCRGBG1012"


class _Damaged(Exception):
    pass


def strip_gif(data: bytes) -> bytes:
    """``data`` (a GIF) without its comments and foreign application extensions (see the module docstring)."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return data
    try:
        return _strip(data)
    except _Damaged:
        return data


def _strip(data: bytes) -> bytes:
    at = 13 + _colour_table(data[10])
    out = [data[:at]]
    while True:
        if at >= len(data):
            raise _Damaged()
        introducer = data[at]
        if introducer == _TRAILER:
            out.append(data[at : at + 1])
            return b"".join(out)
        if introducer == _IMAGE:
            if at + 10 > len(data):
                raise _Damaged()
            start, at = at, at + 10 + _colour_table(data[at + 9]) + 1  # the descriptor, its colours, LZW size
            at = _after_blocks(data, at)
            out.append(data[start:at])
        elif introducer == _EXTENSION and at + 1 < len(data):
            label, start = data[at + 1], at
            at = _after_blocks(data, at + 2)
            block = data[start:at]
            identifier = block[3 : 3 + 11]
            if label == _COMMENT:
                continue
            if label == _APPLICATION and identifier == _PROFILE:
                out.append(_blank_profile(block))
            elif label != _APPLICATION or identifier in _LOOPING:
                out.append(block)
        else:
            raise _Damaged()


def _colour_table(packed: int) -> int:
    """The size in bytes of the colour table that a descriptor's packed byte announces."""
    return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0


def _after_blocks(data: bytes, at: int) -> int:
    """The offset after the data sub-blocks starting at ``at`` (each a length byte then its bytes, ending with 0)."""
    while True:
        if at >= len(data):
            raise _Damaged()
        size = data[at]
        at += 1 + size
        if size == 0:
            return at


def _blank_profile(block: bytes) -> bytes:
    """The ICC profile extension ``block`` with its profile's words blanked, its sub-blocks the same sizes."""
    head = 2 + 1 + 11  # introducer, label, the identifier's block
    pieces, at = [], head
    while block[at]:
        pieces.append(block[at + 1 : at + 1 + block[at]])
        at += 1 + block[at]
    blanked, out = blank_text(b"".join(pieces)), bytearray(block[:head])
    for piece in pieces:
        out += bytes([len(piece)]) + blanked[: len(piece)]
        blanked = blanked[len(piece) :]
    return bytes(out + b"\x00")
