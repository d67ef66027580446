"""Colour profiles (ICC) without the words people put in them: a profile's description, copyright and device names
are free text, and a calibration tool or a photo editor writes there what it was told ("Ngọc's MacBook", "(c)
Nguyễn Văn An"). Their text is blanked in place, character by character, to spaces: the profile keeps its size, its
tag table and every number that says how to show colours, so a photo looks the same. A profile whose ID (an MD5 of
its bytes) was set gets it computed again, as ICC.1:2010 section 7.2.18 says.

Text lives in tags of three types (ICC.1:2001-04 and ICC.1:2010): ``text`` (ASCII), ``desc`` (an ASCII, a UTF-16 and a
Macintosh ScriptCode form) and ``mluc`` (UTF-16 strings, one per language). Anything that does not parse is left as
it is.
"""

from __future__ import annotations

import hashlib
import struct

_HEADER = 128
_ID = slice(84, 100)
_ZEROED_FOR_ID = ((44, 48), (64, 68), (84, 100))  # profile flags, rendering intent, the ID itself


def blank_text(profile: bytes) -> bytes:
    """``profile`` with the text of its ``text``, ``desc`` and ``mluc`` tags turned to spaces (see the module
    docstring); ``profile`` itself when it holds none or is malformed."""
    if len(profile) < _HEADER + 4:
        return profile
    out = bytearray(profile)
    (count,) = struct.unpack_from(">I", profile, _HEADER)
    if _HEADER + 4 + 12 * count > len(profile):
        return profile
    for entry in range(count):
        _, offset, size = struct.unpack_from(">4sII", profile, _HEADER + 4 + 12 * entry)
        if offset + size <= len(profile) and size >= 8:
            _blank_tag(out, offset, offset + size)
    if out == profile:
        return profile
    if any(profile[_ID]):
        out[_ID] = _profile_id(bytes(out))
    return bytes(out)


def _blank_tag(out: bytearray, start: int, end: int) -> None:
    kind = bytes(out[start : start + 4])
    try:
        if kind == b"text":
            _spaces(out, start + 8, end, 1)
        elif kind == b"desc":
            (ascii_count,) = struct.unpack_from(">I", out, start + 8)
            at = start + 12
            _spaces(out, at, min(at + ascii_count, end), 1)
            at += ascii_count + 4  # the Unicode language code
            (unicode_count,) = struct.unpack_from(">I", out, at)
            _spaces(out, at + 4, min(at + 4 + 2 * unicode_count, end), 2)
            at += 4 + 2 * unicode_count + 2  # the ScriptCode code
            script_count = out[at] if at < end else 0
            _spaces(out, at + 1, min(at + 1 + script_count, at + 68, end), 1)
        elif kind == b"mluc":
            records, record_size = struct.unpack_from(">II", out, start + 8)
            for record in range(records):
                length, offset = struct.unpack_from(">II", out, start + 16 + record * record_size + 4)
                _spaces(out, start + offset, min(start + offset + length, end), 2)
    except (struct.error, IndexError):  # a tag cut short: whatever was blanked before stays blanked
        return


def _spaces(out: bytearray, start: int, end: int, width: int) -> None:
    """Turn the characters (of ``width`` bytes, big-endian) from ``start`` to ``end`` into spaces; a NUL ends the
    text."""
    space = b" ".rjust(width, b"\x00")
    for at in range(start, end - width + 1, width):
        if not any(out[at : at + width]):
            return
        out[at : at + width] = space


def _profile_id(profile: bytes) -> bytes:
    data = bytearray(profile)
    for start, end in _ZEROED_FOR_ID:
        data[start:end] = bytes(end - start)
    return hashlib.md5(data, usedforsecurity=False).digest()
