"""A file whose first bytes are right but whose rest is missing or wrong (an interrupted upload, a copy cut short)
is refused as incomplete; an MP4 with sound only is refused as no video. Checked by a few seeks, never a read of
the whole file."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import MOOV, MP4_HEAD, PDF, PNG, box, write

FTYP = box(b"ftyp", b"isom", bytes(4), b"isommp41")
SOUND_ONLY = box(b"moov", box(b"trak", box(b"mdia", box(b"hdlr", bytes(8), b"soun", bytes(12)))))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bai-giang.mp4", FTYP + box(b"mdat", bytes(4000)) + MOOV),  # the movie after the data, as cameras write
        ("bai-giang.mp4", FTYP + struct.pack(">I4sQ", 1, b"mdat", 16 + 64) + bytes(64) + MOOV),  # a 64-bit size
        ("bai-giang.mp4", MP4_HEAD + bytes(3000)),  # the movie first ("fast start"), then anything
        ("tai-lieu.pdf", PDF + b"\r\n" + bytes(500)),  # a little after %%EOF, as some tools write
        ("anh.png", PNG + b"\n"),
    ],
)
def test_whole_files_are_accepted(tmp_path: Path, name: str, content: bytes) -> None:
    assert check_file(write(tmp_path / name, content)).ok


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bai-giang.mp4", FTYP + struct.pack(">I4s", 400_000, b"mdat") + bytes(150_000)),  # cut inside the data
        ("bai-giang.mp4", FTYP + box(b"mdat", bytes(100))),  # no movie box
        ("bai-giang.mp4", FTYP + bytes(range(256)) * 40),  # ftyp, then anything
        ("bai-giang.mp4", FTYP + box(b"mdat", bytes(100)) + MOOV[:-10]),  # the movie box cut short
        ("tai-lieu.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
        ("anh.png", PNG[:-12]),  # signature and header only
    ],
)
def test_files_cut_short_are_refused_as_incomplete(tmp_path: Path, name: str, content: bytes) -> None:
    report = check_file(write(tmp_path / name, content))
    assert [p["code"] for p in report.problems] == ["file.incomplete"]


def test_an_mp4_with_sound_only_is_refused(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "bai-giang.mp4", FTYP + SOUND_ONLY + box(b"mdat", bytes(100))))
    assert [p["code"] for p in report.problems] == ["file.no_video"]
