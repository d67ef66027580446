"""The streams of an OLE compound file ([MS-CFB]: old Word, Excel and PowerPoint files, Outlook messages), found
where they lie so that one can be rewritten in place, at the same length: nothing in the file moves.

A compound file is a small file system: fixed-size sectors chained by a FAT (whose own sectors the header and the
DIFAT list), a directory of 128-byte entries (each a storage or a stream: its name, its first sector, its size),
and streams smaller than the header's cutoff (4096 bytes: property sets, a PowerPoint's "Current User") kept in
64-byte sectors of the mini stream, chained by the mini FAT. ``streams`` gives each stream with the spans of the file
that hold its bytes, in order. Chains that loop or leave the file raise ``ValueError``."""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_HEADER_DIFAT = 109
_ENTRY = 128
_STREAM, _ROOT = 2, 5


@dataclass(frozen=True)
class Stream:
    """A stream of the file: its name (its storage's not included) and the (offset, length) spans that hold its
    bytes."""

    name: str
    spans: tuple[tuple[int, int], ...]

    def read(self, data: bytes | bytearray | mmap.mmap) -> bytes:
        return b"".join(bytes(data[at : at + length]) for at, length in self.spans)

    def write(self, out: bytearray, content: bytes) -> None:
        """Write ``content``, of the stream's own length, over the stream in ``out``."""
        assert len(content) == sum(length for _, length in self.spans), "a stream is rewritten at its own length"
        done = 0
        for at, length in self.spans:
            out[at : at + length] = content[done : done + length]
            done += length


def streams(data: bytes | bytearray | mmap.mmap) -> list[Stream]:
    """Every stream of the compound file ``data``, in directory order. Raises ``ValueError`` when it is not one or
    its structures do not fit it."""
    try:
        return _Reader(data).streams()
    except (struct.error, IndexError) as e:
        raise ValueError(f"the compound file's structures do not fit it ({e})") from e


class _Reader:
    def __init__(self, data: bytes | bytearray | mmap.mmap) -> None:
        if data[:8] != SIGNATURE:
            raise ValueError("not an OLE compound file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not 7 <= shift <= 16 or mini_shift >= shift:
            raise ValueError("the compound file's sector sizes are not valid")
        self.size: int = 1 << int(shift)
        self.mini_size: int = 1 << int(mini_shift)
        self.sectors = (len(data) + self.size - 1) // self.size  # an upper bound on any chain's length
        (self.cutoff,) = struct.unpack_from("<I", data, 0x38)
        self.fat = self._fat()

    def _offset(self, sector: int) -> int:
        at = (sector + 1) * self.size
        if sector >= _END or at >= len(self.data):
            raise ValueError(f"sector {sector} lies outside the compound file")
        return at

    def _fat(self) -> list[int]:
        first_difat, difat_count = struct.unpack_from("<II", self.data, 0x44)
        listed = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", self.data, 0x4C))
        sector, per = first_difat, self.size // 4
        for _ in range(min(difat_count, self.sectors)):
            if sector >= _END:
                break
            values = struct.unpack_from(f"<{per}I", self.data, self._offset(sector))
            listed.extend(values[:-1])
            sector = values[-1]
        fat: list[int] = []
        for sector in listed:
            if len(fat) >= self.sectors:
                break  # a FAT needs no more entries than the file has sectors: the rest would only cost memory
            if sector < _END:
                fat.extend(struct.unpack_from(f"<{per}I", self.data, self._offset(sector)))
        return fat

    def _chain(self, first: int, table: list[int]) -> list[int]:
        chain: list[int] = []
        sector = first
        while sector < _END:
            if sector >= len(table) or len(chain) > len(table):
                raise ValueError("a sector chain leaves its table or loops")
            chain.append(sector)
            sector = table[sector]
        return chain

    def streams(self) -> list[Stream]:
        directory = b"".join(
            bytes(self.data[at : at + self.size])
            for at in map(self._offset, self._chain(struct.unpack_from("<I", self.data, 0x30)[0], self.fat))
        )
        entries = [directory[at : at + _ENTRY] for at in range(0, len(directory) - _ENTRY + 1, _ENTRY)]
        root = next((e for e in entries if e[66] == _ROOT), None)
        if root is None:
            raise ValueError("the compound file has no root entry")
        mini_stream = [self._offset(s) for s in self._chain(struct.unpack_from("<I", root, 116)[0], self.fat)]
        mini_fat = self._mini_fat()
        found = []
        for entry in entries:
            if entry[66] != _STREAM:
                continue
            (length,) = struct.unpack_from("<H", entry, 64)
            name = entry[: max(0, min(length, 64) - 2)].decode("utf-16-le", errors="replace")
            first, size = struct.unpack_from("<IQ", entry, 116)
            if struct.unpack_from("<H", self.data, 0x1A)[0] == 3:
                size &= 0xFFFFFFFF  # version 3 files may leave the high half undefined
            if size < self.cutoff:
                spans = self._spans(self._chain(first, mini_fat), size, self.mini_size, mini_stream)
            else:
                spans = self._spans(self._chain(first, self.fat), size, self.size, None)
            found.append(Stream(name, spans))
        return found

    def _mini_fat(self) -> list[int]:
        first, count = struct.unpack_from("<II", self.data, 0x3C)
        if count == 0 or first >= _END:
            return []
        raw = b"".join(bytes(self.data[at : at + self.size]) for at in map(self._offset, self._chain(first, self.fat)))
        return list(struct.unpack_from(f"<{len(raw) // 4}I", raw))

    def _spans(
        self, chain: list[int], size: int, sector_size: int, mini_stream: list[int] | None
    ) -> tuple[tuple[int, int], ...]:
        if len(chain) * sector_size < size:
            raise ValueError("a stream is longer than its chain of sectors")
        spans = []
        left = size
        for sector in chain:
            if left <= 0:
                break
            if mini_stream is None:
                at = self._offset(sector)
            else:
                place = sector * sector_size
                at = mini_stream[place // self.size] + place % self.size
            spans.append((at, min(sector_size, left)))
            left -= sector_size
        if any(at + length > len(self.data) for at, length in spans):
            raise ValueError("a stream lies outside the compound file")
        return tuple(spans)
