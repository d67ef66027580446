"""Blanking part of a file where it lies, for the cleaners that must not move a byte (videos: their indexes point
at their frames by offset)."""

from __future__ import annotations

from typing import BinaryIO

_ZEROS = bytes(1 << 16)


def zero(f: BinaryIO, start: int, end: int) -> None:
    """Write zeros over the bytes of ``f`` from ``start`` to ``end``, in pieces (a tag may be megabytes: a cover
    picture, an attachment)."""
    f.seek(start)
    left = end - start
    while left > 0:
        left -= f.write(_ZEROS[: min(left, len(_ZEROS))])
