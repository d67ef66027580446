"""OLE compound files as old Office writes them ([MS-CFB] version 3, 512-byte sectors): small streams (property
sets, PowerPoint's "Current User") in the mini stream, large ones (the document) in sectors of their own; and the
property sets that name a document's author, who last saved it and the company ([MS-OLEPS])."""

from __future__ import annotations

import struct
import uuid

from submissions.blind.compound_file import SIGNATURE

from . import authored
from .blind_helpers import AUTHOR, SCHOOL

SECTOR, MINI, CUTOFF = 512, 64, 4096
END, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
SUMMARY = uuid.UUID("f29f85e0-4ff9-1068-ab91-08002b27b3d9")
DOCUMENT_SUMMARY = uuid.UUID("d5cdd502-2e9c-101b-9397-08002b2cf9ae")


def property_set(fmtid: uuid.UUID, strings: dict[int, str]) -> bytes:
    """A property set stream of one section: the code page (1252), then ``strings`` (id: text) as VT_LPSTR."""
    values = [(1, struct.pack("<HHH2x", 2, 0, 1252))]
    for identifier, text in strings.items():
        encoded = text.encode("cp1252") + b"\x00"
        encoded += bytes(-len(encoded) % 4)
        values.append((identifier, struct.pack("<HHI", 0x1E, 0, len(text) + 1) + encoded))
    table, body = b"", b""
    start = 8 + 8 * len(values)
    for identifier, value in values:
        table += struct.pack("<II", identifier, start + len(body))
        body += value
    section = struct.pack("<II", 8 + len(table) + len(body), len(values)) + table + body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, bytes(16), 1) + fmtid.bytes_le + struct.pack("<I", 48)
    return header + section


def current_user(name: str) -> bytes:
    """PowerPoint's "Current User" stream: a CurrentUserAtom naming ``name``, in ANSI then in UTF-16."""
    ansi = name.encode("cp1252")
    atom = struct.pack("<IIIHHBBH", 0x14, 0xE391C05F, 0, len(ansi), 0x03F4, 3, 0, 0) + ansi
    atom += struct.pack("<I", 8) + name.encode("utf-16-le")
    return struct.pack("<HHI", 0, 0x0FF6, len(atom)) + atom


def compound_file(files: dict[str, bytes]) -> bytes:
    """A compound file holding ``files`` (stream name: content) at its root."""
    names = sorted(files, key=lambda n: (len(n), n.upper()))  # the directory's order
    mini, mini_fat, big, chains = b"", [], b"", {}
    for name in names:
        data = files[name]
        if len(data) < CUTOFF:
            first, count = len(mini) // MINI, -(-len(data) // MINI)
            mini_fat += [*range(first + 1, first + count), END]
            mini += data + bytes(-len(data) % MINI)
            chains[name] = first
        else:
            chains[name] = len(big) // SECTOR  # renumbered below, after the fixed sectors
            big += data + bytes(-len(data) % SECTOR)
    mini += bytes(-len(mini) % SECTOR)
    mini_fat_raw = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_raw += b"\xff" * (-len(mini_fat_raw) % SECTOR)
    entries = 1 + len(names)
    directory_sectors = -(-entries * 128 // SECTOR)
    # sector 0: the FAT; then the directory, the mini FAT, the mini stream, the large streams
    layout = [1, directory_sectors, len(mini_fat_raw) // SECTOR, len(mini) // SECTOR, len(big) // SECTOR]
    starts = [sum(layout[:i]) for i in range(len(layout))]
    fat = [FAT_SECTOR]
    for start, count in zip(starts[1:], layout[1:], strict=True):
        fat += [*range(start + 1, start + count), END] if count else []
    for name in names:
        if len(files[name]) >= CUTOFF:
            first, count = starts[4] + chains[name], -(-len(files[name]) // SECTOR)
            fat[first : first + count] = [*range(first + 1, first + count), END]
            chains[name] = first
    assert len(fat) <= SECTOR // 4
    fat_raw = struct.pack(f"<{len(fat)}I", *fat) + b"\xff" * (SECTOR - 4 * len(fat))
    directory = _entry("Root Entry", 5, starts[3] if mini else END, len(mini), child=1)
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else FREE
        directory += _entry(name, 2, chains[name], len(files[name]), right=right)
    directory += bytes(directory_sectors * SECTOR - len(directory))
    header = SIGNATURE + bytes(16) + struct.pack("<HHHHH6xIII4xI", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, starts[1], CUTOFF)
    header += struct.pack("<IIII", starts[2] if mini_fat else END, layout[2], END, 0)
    header += struct.pack("<I", 0) + b"\xff" * (4 * 108)
    return header + fat_raw + directory + mini_fat_raw + mini + big


def _entry(name: str, kind: int, start: int, size: int, *, right: int = FREE, child: int = FREE) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(encoded), kind, 1, FREE, right, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<II4x", start, size)
    )


WRITER = authored.ascii_of(AUTHOR)
BODY = "Bài 5: Thuật toán sắp xếp nổi bọt. ".encode("utf-16-le") * 200  # a document's own text: the work


def old_document(body_stream: str, *, user: bool = False) -> bytes:
    """An old Office file whose document is ``body_stream`` and whose properties name the author, the manager and
    the school, as old Office writes them; with PowerPoint's "Current User" when ``user``."""
    files = {
        "\x05SummaryInformation": property_set(SUMMARY, {2: "Bai giang", 4: WRITER, 8: WRITER}),
        "\x05DocumentSummaryInformation": property_set(DOCUMENT_SUMMARY, {14: WRITER, 15: authored.ascii_of(SCHOOL)}),
        body_stream: BODY,
    }
    if user:
        files["Current User"] = current_user(WRITER)
    return compound_file(files)
