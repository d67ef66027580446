"""A style sheet's comments, blanked in the judge's copy, as a script's are (``script_comments``): a hand-made
lecture's ``style.css`` often opens with "Bài giảng ... - GV: <author>", and no browser shows a comment.

CSS has one kind of comment, ``/* ... */``; what looks like one inside a string (``content: "/* */"``) or an
unquoted ``url(...)`` is not. Each byte of a comment but line breaks becomes a space, so the sheet keeps its length
and every line its number. A comment left open at the end of the sheet (CSS reads it to the end) and a licence a
minifier keeps (``/*!``, ``@license``, ``@preserve``) stay; a sheet saved as UTF-16 is left as it is. The sheet is
read once from start to end, whatever it holds (a string or a comment left open does not make it read again)."""

from __future__ import annotations

import re

_KEPT = (b"/*!", b"@license", b"@preserve")
_START = re.compile(rb"""["']|/\*|(?i:url)\(""")
_STRING = {
    ord("'"): re.compile(rb"'[^'\\\r\n]*(?:\\[\s\S][^'\\\r\n]*)*'"),
    ord('"'): re.compile(rb'"[^"\\\r\n]*(?:\\[\s\S][^"\\\r\n]*)*"'),
}
_URL = re.compile(rb"""[^\s"'()]*""")  # an unquoted url's characters, after its ``url(``
_LINE_END = re.compile(rb"[\r\n\f]")
_NOT_BREAK = re.compile(rb"[^\r\n]")


def without_comments(data: bytes) -> bytes:
    """``data`` (a style sheet, or a page's ``<style>`` text) with its comments blanked (see the module docstring)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"/*" not in data:
        return data
    out = bytearray(data)
    at = 0
    while (start := _START.search(data, at)) is not None:
        token = start.group()
        if token == b"/*":
            end = data.find(b"*/", start.end())
            if end < 0:
                break  # open to the end of the sheet: kept
            comment = data[start.start() : end + 2]
            if not any(mark in comment for mark in _KEPT):
                out[start.start() : end + 2] = _NOT_BREAK.sub(b" ", comment)
            at = end + 2
        elif token[0] in _STRING:
            string = _STRING[token[0]].match(data, start.start())
            if string is not None:
                at = string.end()
            else:  # a string left open ends at its line's end, as CSS reads it
                line_end = _LINE_END.search(data, start.end())
                at = line_end.end() if line_end else len(data)
        else:
            url = _URL.match(data, start.end())
            at = url.end() if url else start.end()
    return bytes(out)
