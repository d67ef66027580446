"""Walking the elements of an EBML file (WebM, Matroska) by their sizes, a few small reads per element.

A walk is bounded (``Walk``): a file made of millions of tiny elements (two bytes each: a ``Void`` of nothing) would
otherwise hold an upload for minutes; a real video has a few thousand at its top level (one cluster every few
seconds). Past the bound, or where an element does not fit its parent, ``BrokenElement`` is raised.

A cluster of unknown size (a live recording's: Chrome's and Firefox's MediaRecorder write only such) ends, as
Matroska says, where an element that cannot be one of its children starts: its blocks are walked by their sizes to
find it (``MAX_BLOCKS`` at most in one walk), so that what follows the recording (tags a tool added at its end) is
reached; a last cluster cut short (a recording stopped by a closed tab) ends with the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
MAX_ELEMENTS = 100_000
"""Elements one walk may read: some 0.1 s; a two-hour recording in clusters of a second has some 7,200."""
MAX_BLOCKS = 1_000_000
"""Children of clusters of unknown size one walk may read: some 2 s; a two-hour recording at 30 pictures and 50
sound frames a second has some 580,000."""
_CLUSTER_CHILDREN = {0xE7, 0xA7, 0xAB, 0xA3, 0xA0, 0xAF, 0x5854, 0xEC, 0xBF}
"""Timestamp, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock, SilentTracks, Void, CRC-32."""
_CHUNK = 64 * 1024


class BrokenElement(ValueError):
    """An EBML element header that does not fit the file, or a file of more elements than a walk reads."""


@dataclass
class Walk:
    """How many more elements may be read (shared by the walks over one file)."""

    left: int = MAX_ELEMENTS
    blocks: int = MAX_BLOCKS


@dataclass(frozen=True)
class Element:
    """An element: its ID (marker bit kept), where it starts, where its data starts, where it ends."""

    id: int
    start: int
    data: int
    end: int


def elements(f: BinaryIO, start: int, end: int, walk: Walk) -> Iterator[Element]:
    """The elements from ``start`` to ``end`` of ``f``, read as they are asked for, up to one of unknown size (whose
    end is then taken as ``end``, and which is the last) but a cluster (see the module docstring). Raises
    ``BrokenElement`` (see the module docstring)."""
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
        if unknown and element == CLUSTER and data <= end:
            element_end, unknown = _cluster_end(f, data, end, walk), False
        else:
            element_end = end if unknown else data + size
        if element_end > end or data > end:
            raise BrokenElement("an element does not fit")
        yield Element(element, at, data, element_end)
        if unknown:
            return
        at = element_end


def _cluster_end(f: BinaryIO, at: int, end: int, walk: Walk) -> int:
    """Where the cluster of unknown size whose children start at ``at`` ends: at the first element that is not a
    cluster's child, else at ``end`` (its last block may be cut short there)."""
    read, chunk = at, b""  # what was read from where: blocks are small, so most headers are found in one read
    while at < end:
        walk.blocks -= 1
        if walk.blocks < 0:
            raise BrokenElement("too many blocks")
        if at < read or at + 12 > read + len(chunk):
            f.seek(at)
            read, chunk = at, f.read(_CHUNK)
        offset = at - read
        if offset + 2 > len(chunk):
            return end  # a header cut in two by the end of the file
        if chunk[offset] in _CLUSTER_CHILDREN:  # a one-byte ID, read without ``vint``: millions of them
            id_length = 1
        else:
            element, id_length = vint(chunk, offset, keep_marker=True)
            if element not in _CLUSTER_CHILDREN:
                return at
        if offset + id_length >= len(chunk):
            return end
        first = chunk[offset + id_length]
        size_length = 9 - first.bit_length()
        if first == 0 or offset + id_length + size_length > len(chunk):
            raise BrokenElement("a malformed number")
        size = int.from_bytes(chunk[offset + id_length : offset + id_length + size_length], "big")
        size &= (1 << (7 * size_length)) - 1
        if size == (1 << (7 * size_length)) - 1:
            raise BrokenElement("a block of unknown size")
        at += id_length + size_length + size
    return end


def vint(head: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """The variable-length integer at ``at`` of ``head`` and its length in bytes (an ID keeps its marker bit)."""
    if at >= len(head) or head[at] == 0:
        raise BrokenElement("a malformed number")
    length = 8 - head[at].bit_length() + 1
    if at + length > len(head):
        raise BrokenElement("a malformed number")
    value = int.from_bytes(head[at : at + length], "big")
    return (value if keep_marker else value & ((1 << (7 * length)) - 1)), length
