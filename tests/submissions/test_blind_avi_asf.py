"""AVI videos and Windows Media files (WMV, WMA: ASF) in a package lose, in place, the tags that editors, Windows's
file properties and Windows Media Player write there: an AVI's ``LIST INFO`` (IART, INAM, ICMT...), its streams'
names (``strn``) and XMP; an ASF file's content description (title, author, copyright, description), extended
content description (WM/AlbumArtist, WM/Picture...), metadata objects and content branding. Nothing moves: every
frame stays where it was, so an index still points at it."""

from __future__ import annotations

import struct
from pathlib import Path

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package

PAGE_NAME = "media/thi-nghiem.avi"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack("<4sI", kind, len(body)) + body + b"\x00" * (len(body) & 1)


def riff_list(kind: bytes, *chunks: bytes) -> bytes:
    return chunk(b"LIST", kind + b"".join(chunks))


def avi() -> bytes:
    """An AVI as ffmpeg and editors write one: its header list (a stream with its name), INFO tags, the frames, the
    index; then an OpenDML extension (``AVIX``) with more frames."""
    stream = riff_list(b"strl", chunk(b"strh", b"vids" + bytes(52)), chunk(b"strf", bytes(40)),
                       chunk(b"strn", f"Quay bởi {AUTHOR}\x00".encode()))  # fmt: skip
    header = riff_list(b"hdrl", chunk(b"avih", bytes(56)), stream)
    info = riff_list(b"INFO", chunk(b"IART", f"{AUTHOR}\x00".encode()), chunk(b"ICMT", f"{SCHOOL}\x00".encode()),
                     chunk(b"ISFT", b"Lavf60.3.100\x00"))  # fmt: skip
    xmp = chunk(b"_PMX", f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{AUTHOR}</dc:creator></x:xmpmeta>'.encode())
    movie = riff_list(b"movi", chunk(b"00dc", b"frame-one"), chunk(b"00dc", b"frame-two"))
    index = chunk(b"idx1", bytes(32))
    first = chunk(b"RIFF", b"AVI " + header + info + xmp + movie + index)
    return first + chunk(b"RIFF", b"AVIX" + riff_list(b"movi", chunk(b"00dc", b"frame-three")))


def guid(text: str) -> bytes:
    """An ASF GUID as written on disk (its first three fields little-endian)."""
    parts = text.split("-")
    return (
        int(parts[0], 16).to_bytes(4, "little")
        + int(parts[1], 16).to_bytes(2, "little")
        + int(parts[2], 16).to_bytes(2, "little")
        + bytes.fromhex(parts[3] + parts[4])
    )


def asf_object(kind: str, body: bytes) -> bytes:
    return guid(kind) + struct.pack("<Q", 24 + len(body)) + body


def utf16(text: str) -> bytes:
    return (text + "\x00").encode("utf-16-le")


HEADER = "75B22630-668E-11CF-A6D9-00AA0062CE6C"
FILE_PROPERTIES = "8CABDCA1-A947-11CF-8EE4-00C00C205365"
CONTENT_DESCRIPTION = "75B22633-668E-11CF-A6D9-00AA0062CE6C"
EXTENDED_CONTENT = "D2D0A440-E307-11D2-97F0-00A0C95EA850"
HEADER_EXTENSION = "5FBF03B5-A92E-11CF-8EE3-00C00C205365"
METADATA_LIBRARY = "44231C94-9498-49D1-A141-1D134E457054"
DATA = "75B22636-668E-11CF-A6D9-00AA0062CE6C"


def wma() -> bytes:
    """A Windows Media Audio file as Windows Media Player rips or Windows's Properties > Details tags one."""
    fields = [utf16("Bài hát chào cờ"), utf16(AUTHOR), utf16(SCHOOL), utf16("Ghi âm tại lớp 6A"), b""]
    description = struct.pack("<5H", *(len(f) for f in fields)) + b"".join(fields)
    name, value = utf16("WM/AlbumArtist"), utf16(AUTHOR)
    extended = struct.pack("<HH", 1, len(name)) + name + struct.pack("<HH", 0, len(value)) + value
    record_name, record = utf16("WM/Publisher"), utf16(SCHOOL)
    library = (
        struct.pack("<H", 1) + struct.pack("<HHHHI", 0, 0, len(record_name), 0, len(record)) + record_name + record
    )
    extension_body = asf_object(METADATA_LIBRARY, library)
    extension = guid("ABD3D211-A9BA-11cf-8EE6-00C00C205365") + struct.pack("<HI", 6, len(extension_body))
    objects = [
        asf_object(FILE_PROPERTIES, bytes(80)),
        asf_object(CONTENT_DESCRIPTION, description),
        asf_object(EXTENDED_CONTENT, extended),
        asf_object(HEADER_EXTENSION, extension + extension_body),
    ]
    header = guid(HEADER) + struct.pack("<QIBB", 30 + sum(map(len, objects)), len(objects), 1, 2) + b"".join(objects)
    return header + asf_object(DATA, bytes(16) + struct.pack("<QBB", 1, 1, 1) + b"packet-of-sound")


def test_an_avi_loses_its_tags_and_stream_names_in_place(tmp_path: Path) -> None:
    original = avi()
    _packed, copy, report = cleaned_in_package(tmp_path, PAGE_NAME, original)
    assert len(copy) == len(original) and report.kept == []
    for gone in (AUTHOR, SCHOOL):
        assert gone.encode() not in copy
    assert b"xmpmeta" not in copy
    for kept in (b"frame-one", b"frame-two", b"frame-three", b"AVIX", b"hdrl", b"strh", b"idx1"):
        assert copy.index(kept) == original.index(kept)  # nothing moved


def test_a_wma_loses_its_tags_in_place(tmp_path: Path) -> None:
    original = wma()
    for name in ("nhac/chao-co.wma", "video/bai-1.wmv"):
        _packed, copy, report = cleaned_in_package(tmp_path, name, original)
        assert len(copy) == len(original) and report.kept == []
        for gone in (AUTHOR, SCHOOL, "Ghi âm tại lớp 6A", "WM/Publisher"):
            assert gone.encode("utf-16-le") not in copy
        assert copy.startswith(guid(HEADER)) and copy.endswith(b"packet-of-sound")
        assert copy.index(guid(FILE_PROPERTIES)) == original.index(guid(FILE_PROPERTIES))


def test_an_asf_whose_objects_do_not_fit_is_kept_and_told(tmp_path: Path) -> None:
    broken = wma()[:60]
    _packed, copy, report = cleaned_in_package(tmp_path, "nhac/hong.wma", broken)
    assert copy == broken and report.kept == ["nhac/hong.wma"]
