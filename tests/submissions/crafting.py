"""Builders of the files the checks are tried on: zips made with ``zipfile``, zips written byte by byte when a
field must lie, and the smallest headers of each media type."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from app.services.results.certificates import FONTS


def box(kind: bytes, *payload: bytes) -> bytes:
    """An ISO media box (MP4's unit): its size, its type, then ``payload``."""
    body = b"".join(payload)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def track(handler: bytes, codec: bytes, name: str = "") -> bytes:
    """A track of ``handler`` (``vide``, ``soun``) whose samples are coded as ``codec`` (its sample entry's type):
    the handler box (version and flags, pre_defined, type, reserved, then its ``name``), then the sample description
    with one entry."""
    description = box(b"stsd", bytes(4), struct.pack(">I", 1), box(codec, bytes(78)))
    named = box(b"hdlr", bytes(8), handler, bytes(12), name.encode() + b"\x00")
    media = box(b"mdia", named, box(b"minf", box(b"stbl", description)))
    return box(b"trak", media)


# The movie box a player needs first: one track of H.264 video.
MOOV = box(b"moov", track(b"vide", b"avc1"))
MP4_HEAD = (
    struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41" + MOOV + struct.pack(">I4s", 16, b"mdat") + bytes(8)
)
MOV_FTYP = struct.pack(">I4s4sI", 20, b"ftyp", b"qt  ", 512) + b"qt  "
MOV_HEAD = MOV_FTYP + MOOV + struct.pack(">I4s", 8, b"mdat")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sIIBBBBB", 13, b"IHDR", 1, 1, 8, 2, 0, 0, 0) + b"\x90wS\xde" + PNG_END
JPEG = (  # SOI, a JFIF header, the frame header of a 1 x 1 grey picture, the scan, EOI
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xff\xd9"
)


def ebml_head(doctype: bytes) -> bytes:
    """An EBML header (as a WebM or Matroska file starts) declaring ``doctype``, then an empty Segment."""
    body = b"\x42\x86\x81\x01" + b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype + b"\x42\x87\x81\x04"
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body + b"\x18\x53\x80\x67\x80"


def ebml_element(element_id: bytes, *payload: bytes) -> bytes:
    """An EBML element (WebM's unit): its ID, its size as an 8-byte variable-length integer, then ``payload``."""
    body = b"".join(payload)
    return element_id + (len(body) | 1 << 56).to_bytes(8, "big") + body


def webm(doctype: bytes, *tracks: tuple[int, str]) -> bytes:
    """A WebM (or Matroska) file whose segment holds its info, ``tracks`` (type: 1 video, 2 sound, 17 subtitles;
    codec ID: ``V_VP9``), then a cluster, as ffmpeg and browsers' MediaRecorder write one."""
    header = ebml_head(doctype)[: -len(b"\x18\x53\x80\x67\x80")]
    entries = [
        ebml_element(
            b"\xae", b"\xd7\x81" + bytes([n + 1]), b"\x83\x81" + bytes([kind]), ebml_element(b"\x86", codec.encode())
        )
        for n, (kind, codec) in enumerate(tracks)
    ]
    info = ebml_element(b"\x15\x49\xa9\x66", b"\x2a\xd7\xb1\x83\x0f\x42\x40")
    cluster = ebml_element(b"\x1f\x43\xb6\x75", b"\xe7\x81\x00", b"frames" * 50)
    return header + ebml_element(b"\x18\x53\x80\x67", info, ebml_element(b"\x16\x54\xae\x6b", *entries), cluster)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def make_zip(path: Path, files: Mapping[str, bytes | str], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A plain zip of ``files`` (name -> content); names ending in ``/`` are directories."""
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return path


def make_docx(path: Path) -> Path:
    return make_zip(
        path,
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "word/document.xml": '<?xml version="1.0"?><w:document/>',
        },
    )


@dataclass
class RawEntry:
    """One entry of a hand-written zip. ``declared_size`` and ``crc`` override the true values; ``zip64`` moves
    the sizes into a zip64 extra field, as zip64 writers do."""

    name: bytes
    data: bytes
    flags: int = 0
    external_attr: int = 0
    declared_size: int | None = None
    crc: int | None = None
    zip64: bool = False
    header_offset: int | None = None


def write_raw_zip(path: Path, entries: list[RawEntry], *, zip64_end: bool = False) -> Path:
    """A deflated zip written field by field, so that names, flags, sizes and offsets can be anything;
    ``zip64_end`` ends it with zip64 end records (the classic record then holds only "see zip64" markers)."""
    out = bytearray()
    central = bytearray()
    for entry in entries:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = compressor.compress(entry.data) + compressor.flush()
        size = len(entry.data) if entry.declared_size is None else entry.declared_size
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        extra = struct.pack("<HHQQ", 1, 16, size, len(packed)) if entry.zip64 else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if entry.zip64 else (len(packed), size)
        fixed = struct.pack("<HHHHHL", 45, entry.flags, 8, 0, 0x21, crc)
        fixed += struct.pack("<LLHH", *sizes, len(entry.name), len(extra))
        central += b"PK\x01\x02" + struct.pack("<H", 3 << 8 | 45) + fixed
        offset = len(out) if entry.header_offset is None else entry.header_offset
        central += struct.pack("<HHHLL", 0, 0, 0, entry.external_attr, offset) + entry.name + extra
        out += b"PK\x03\x04" + fixed + entry.name + extra + packed
    count, directory = len(entries), len(central)
    if zip64_end:
        end64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, directory, len(out))
        locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(out) + directory, 1)
        central += end64 + locator
        count, directory, start = 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF
    else:
        start = len(out)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, directory, start, 0)
    path.write_bytes(bytes(out + central + end))
    return path


def write_zeros_bomb(path: Path, megabytes: int) -> Path:
    """A zip holding ``megabytes`` MiB of zeros as one deflated entry (about 230:1 at the fast level used), written
    in chunks: the test stays fast and small in memory."""
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("zeros.bin", "w", force_zip64=True) as f,
    ):
        for _ in range(megabytes):
            f.write(chunk)
    return path


def pdf_saying(*lines: str, pages: int = 1) -> bytes:
    """A PDF whose last page shows ``lines`` in a font with every Vietnamese letter (an Identity-H font with a
    ToUnicode map, as Word and LibreOffice save Vietnamese)."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVuSerif", "", FONTS / "DejaVuSerif.ttf")
    pdf.set_font("DejaVuSerif", "", 12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 7, f"Trang {number}: Bài giảng Thuật toán sắp xếp", new_x="LMARGIN", new_y="NEXT")
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
