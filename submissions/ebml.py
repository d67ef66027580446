"""Walking the elements of an EBML file (WebM, Matroska) by their sizes, a few small reads per element.

A walk is bounded (``Walk``): a file made of millions of tiny elements (two bytes each: a ``Void`` of nothing) would
otherwise hold an upload for minutes; a real video has a few thousand at its top level (one cluster every few
seconds). Past the bound, or where an element does not fit its parent, ``BrokenElement`` is raised."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
MAX_ELEMENTS = 100_000
"""Elements one walk may read: some 0.1 s; a two-hour recording in clusters of a second has some 7,200."""


class BrokenElement(ValueError):
    """An EBML element header that does not fit the file, or a file of more elements than a walk reads."""


@dataclass
class Walk:
    """How many more elements may be read (shared by the walks over one file)."""

    left: int = MAX_ELEMENTS


@dataclass(frozen=True)
class Element:
    """An element: its ID (marker bit kept), where it starts, where its data starts, where it ends."""

    id: int
    start: int
    data: int
    end: int


def elements(f: BinaryIO, start: int, end: int, walk: Walk) -> Iterator[Element]:
    """The elements from ``start`` to ``end`` of ``f``, read as they are asked for, up to one of unknown size (whose
    end is then taken as ``end``, and which is the last). Raises ``BrokenElement`` (see the module docstring)."""
    at = start
    while at < end:
        walk.left -= 1
        if walk.left < 0:
            raise BrokenElement("too many elements")
        f.seek(at)
        head = f.read(12)
        element, id_length = vint(head, 0, keep_marker=True)
        size, size_length = vint(head, id_length, keep_marker=False)
        data = at + id_length + size_length
        unknown = size == (1 << (7 * size_length)) - 1
        element_end = end if unknown else data + size
        if element_end > end or data > end:
            raise BrokenElement("an element does not fit")
        yield Element(element, at, data, element_end)
        if unknown:
            return
        at = element_end


def vint(head: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """The variable-length integer at ``at`` of ``head`` and its length in bytes (an ID keeps its marker bit)."""
    if at >= len(head) or head[at] == 0:
        raise BrokenElement("a malformed number")
    length = 8 - head[at].bit_length() + 1
    if at + length > len(head):
        raise BrokenElement("a malformed number")
    value = int.from_bytes(head[at : at + length], "big")
    return (value if keep_marker else value & ((1 << (7 * length)) - 1)), length
