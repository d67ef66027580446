"""A problem's code: it names the task's files in a Themis contest folder (``LOGIN/CODE.ext``), so it is a plain
name, never a path."""

from __future__ import annotations

import re
import unicodedata

CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
"""A plain name: 1 to 40 ASCII letters, digits, '-' or '_'."""


def plain_code(name: str, fallback: str) -> str:
    """``name`` made a plain name: its diacritics dropped (``Bài thi 1`` is ``Baithi1``), any other sign, space or
    folder separator left out, cut to 40 characters; ``fallback`` when nothing is left of it."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore")
    return re.sub(r"[^A-Za-z0-9_-]", "", plain.decode("ascii"))[:40] or fallback
