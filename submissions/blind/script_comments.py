"""The comments that open a script, before any of its code: a data file's header ("Bài giảng ... Người thực hiện:
<author>", a contact address), which the player never runs. In the judge's copy each of their bytes but line breaks
becomes a space, so the script keeps its length and every line its number. A comment a minifier keeps as a licence
(``/*!``, ``@license``, ``@preserve``: a library's notice) stays, and so does every comment after the first code:
telling a comment there from a string or a regular expression needs the script parsed, so those are read for names
and reported. A script starting with ``#!`` or saved as UTF-16 is left as it is."""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"
_SPACES = b" \t\r\n\f\v"
_KEPT = (b"/*!", b"@license", b"@preserve")


def without_opening_comments(data: bytes) -> bytes:
    """``data`` (a script) with its opening comments blanked (see the module docstring)."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    out = bytearray(data)
    at = start
    while True:
        while at < len(data) and data[at] in _SPACES:
            at += 1
        if data.startswith(b"/*", at):
            end = data.find(b"*/", at + 2)
            if end < 0:
                return data  # not closed: not a script we can read
            end += 2
        elif data.startswith(b"//", at):
            end = len(data) if (newline := data.find(b"\n", at)) < 0 else newline
        else:
            return bytes(out)
        if not any(mark in data[at:end] for mark in _KEPT):
            out[at:end] = bytes(32 if byte not in b"\r\n" else byte for byte in data[at:end])
        at = end
