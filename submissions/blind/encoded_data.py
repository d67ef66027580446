"""Data a tool keeps base64-encoded in a page or script, cleaned as the same data kept as plain text would be:
Articulate Rise writes its whole course (its title, its lessons' words, the author's name it shows on the course's
cover) into its page as one base64 string of JSON, which its player decodes. Each such string that decodes to
UTF-8 JSON has the person fields of an authoring tool's data emptied (``tool_data``: ``author``, ``authorName``,
``email``, a presenter's details...) and is encoded again as it was written (padded or not); the rest of the course,
the work, is untouched and read for names as plain text is (``member_text.readable``). A string that is not such
JSON (a picture, a font) is left as it is, and so is one past ``MAX_DECODED`` bytes."""

from __future__ import annotations

import base64
import binascii
import re

from .tool_data import clean_tool_data

MAX_DECODED = 32 * 1024 * 1024
_ENCODED = re.compile(rb"[A-Za-z0-9+/]{160,}={0,2}")  # as ``member_text.readable`` finds them


def clean_encoded_data(data: bytes) -> bytes:
    """``data`` with the person fields of the JSON it holds base64-encoded emptied (see the module docstring)."""
    if len(data) < 160:
        return data
    return _ENCODED.sub(_cleaned, data)


def _cleaned(match: re.Match[bytes]) -> bytes:
    run = match.group()
    if len(run) * 3 // 4 > MAX_DECODED:
        return run
    try:
        decoded = base64.b64decode(run + b"=" * (-len(run) % 4), validate=True)
        decoded.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return run
    if not decoded.lstrip().startswith((b"{", b"[")):
        return run
    cleaned = clean_tool_data(decoded)
    if cleaned == decoded:
        return run
    encoded = base64.b64encode(cleaned)
    return encoded if run.endswith(b"=") else encoded.rstrip(b"=")
