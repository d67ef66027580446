"""A style sheet's comments, blanked in the judge's copy, as a script's are (``script_comments``): a hand-made
lecture's ``style.css`` often opens with "Bài giảng ... - GV: <author>", and no browser shows a comment.

CSS has one kind of comment, ``/* ... */``; what looks like one inside a string (``content: "/* */"``) or an
unquoted ``url(...)`` is not. Each byte of a comment but line breaks becomes a space, so the sheet keeps its length
and every line its number. A comment left open at the end of the sheet (CSS reads it to the end) and a licence a
minifier keeps (``/*!``, ``@license``, ``@preserve``) stay; a sheet saved as UTF-16 is left as it is."""

from __future__ import annotations

import re

_KEPT = (b"/*!", b"@license", b"@preserve")
_TOKEN = re.compile(
    rb"""(?P<skip>"(?:[^"\\\r\n]|\\[\s\S])*"|'(?:[^'\\\r\n]|\\[\s\S])*'|url\(\s*[^\s"')][^)]*\))"""
    rb"""|(?P<comment>/\*[\s\S]*?\*/)""",
    re.IGNORECASE,
)
_NOT_BREAK = re.compile(rb"[^\r\n]")


def without_comments(data: bytes) -> bytes:
    """``data`` (a style sheet, or a page's ``<style>`` text) with its comments blanked (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"/*" not in data:
        return data

    def blanked(match: re.Match[bytes]) -> bytes:
        comment = match.group("comment")
        if comment is None or any(mark in comment for mark in _KEPT):
            return match.group()
        return _NOT_BREAK.sub(b" ", comment)

    return _TOKEN.sub(blanked, data)
