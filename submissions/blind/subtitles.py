"""A WebVTT file's comments: its ``NOTE`` blocks and the words after ``WEBVTT`` on its first line (where Subtitle
Edit, Aegisub's exports and teachers write who made the subtitles). No player shows them, so the judge's copy drops
them; the header's other lines and every cue stay byte for byte, with the file's own line endings. SRT files have
no comments: all they say is cues, the work."""

from __future__ import annotations

import re

_HEADER = re.compile(rb"^(\xef\xbb\xbf)?WEBVTT(?=[ \t])[^\r\n]*")
_NOTE = re.compile(rb"NOTE(?:[ \t\r\n]|$)")


def without_comments(data: bytes) -> bytes:
    """``data`` (a WebVTT file) without its comments; unchanged when it has none or is no WebVTT file."""
    header = _HEADER.match(data)
    if header is None and not data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return data
    if header is not None:
        data = (header.group(1) or b"") + b"WEBVTT" + data[header.end() :]
    lines = data.splitlines(keepends=True)
    kept: list[bytes] = []
    in_note = False
    starts_block = False  # the previous line was blank: this one may open a block
    for number, line in enumerate(lines):
        blank = not line.strip(b"\r\n")
        if in_note:
            in_note = not blank
            starts_block = blank
            continue  # the note's lines, and the blank line closing it
        if number > 0 and starts_block and not blank and _NOTE.match(line):
            in_note = True
            continue
        starts_block = blank
        kept.append(line)
    return b"".join(kept)
