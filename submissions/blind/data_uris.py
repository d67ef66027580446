"""Pictures written into a text file as ``data:`` addresses (``data:image/jpeg;base64,...``), cleaned as the same
picture in a file of its own is (``images``, ``webp``, ``gif``): Lumi's one-page HTML export of H5P content, Inkscape's
embedded pictures and tools that inline small images keep a phone photo whole, its EXIF with the place it was taken
and the owner's name, in base64 where no one reads it.

A picture is replaced only when cleaning changed it, encoded again as base64 without line breaks (its slashes
escaped again when a JSON writer had escaped them, as PHP's json_encode does); the rest of the text stays byte for
byte. A picture that does not parse, or is larger than ``MAX_PICTURE``, stays as it is."""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Callable

from . import gif, images, webp

MAX_PICTURE = 64 * 1024 * 1024  # of base64 text
_ADDRESS = re.compile(
    rb"data:image\\?/(?:jpeg|jpg|pjpeg|png|webp|gif)(?:;[^,;\"')\s]*)*;base64,([A-Za-z0-9+/\\]+=*)", re.I
)  # a JSON writer may escape every slash (PHP's json_encode: data:image\/jpeg, and in the base64)
_STRIPPERS: tuple[tuple[bytes, Callable[[bytes], bytes]], ...] = (
    (b"\xff\xd8\xff", images.strip_jpeg),
    (b"\x89PNG\r\n\x1a\n", images.strip_png),
    (b"GIF8", gif.strip_gif),
)


def clean_data_uris(data: bytes) -> bytes:
    """``data`` (a page, a style sheet, a script, JSON, SVG) with each picture of its ``data:`` addresses cleaned."""
    if b"base64," not in data:
        return data
    return _ADDRESS.sub(_cleaned, data)


def _cleaned(found: re.Match[bytes]) -> bytes:
    encoded = found.group(1)
    if len(encoded) > MAX_PICTURE:
        return found.group(0)
    escaped = b"\\/" in found.group(0)
    core = encoded.rstrip(b"\\")  # a backslash after the base64 escapes what follows it (a quote)
    tail = encoded[len(core) :]
    try:
        picture = base64.b64decode(core.replace(b"\\/", b"/"), validate=True)
        cleaned = _strip(picture)
    except (binascii.Error, ValueError, IndexError, struct.error):
        return found.group(0)
    if cleaned == picture:
        return found.group(0)
    start = found.start(1) - found.start(0)
    encoded = base64.b64encode(cleaned)
    return found.group(0)[:start] + (encoded.replace(b"/", b"\\/") if escaped else encoded) + tail


def _strip(picture: bytes) -> bytes:
    for magic, strip in _STRIPPERS:
        if picture.startswith(magic):
            return strip(picture)
    if picture[:4] == b"RIFF" and picture[8:12] == b"WEBP":
        return webp.strip_webp(picture)
    return picture
