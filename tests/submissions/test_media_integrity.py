"""A file whose first bytes are right but whose rest is missing or wrong (an interrupted upload, a copy cut short)
is refused as incomplete; an MP4 with sound only is refused as no video. Checked by a few seeks, never a read of
the whole file."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import MOOV, MOV_FTYP, MP4_HEAD, PDF, PNG, box, track, write

FTYP = box(b"ftyp", b"isom", bytes(4), b"isommp41")
SOUND_ONLY = box(b"moov", track(b"soun", b"mp4a"))


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


@pytest.mark.parametrize(
    ("tracks", "codes"),
    [
        ([(b"vide", b"avc1"), (b"soun", b"mp4a")], []),  # H.264 and AAC: what phones, OBS and HandBrake write
        ([(b"vide", b"avc3"), (b"soun", b"Opus")], []),
        ([(b"vide", b"vp09"), (b"soun", b"fLaC")], []),
        ([(b"vide", b"av01"), (b"soun", b".mp3")], []),
        ([(b"vide", b"avc1"), (b"tmcd", b"tmcd"), (b"meta", b"mebx")], []),  # a camera's timecode, an iPhone's data
        ([(b"vide", b"s263"), (b"soun", b"samr")], ["file.video_codec", "file.sound_codec"]),  # an old phone's 3GP
        ([(b"vide", b"mp4v")], ["file.video_codec"]),  # MPEG-4 Part 2 ("DivX"): Chrome plays it only on ChromeOS
        ([(b"vide", b"hvc1"), (b"soun", b"mp4a")], ["file.hevc"]),  # an iPhone's High Efficiency recording
        ([(b"vide", b"hev1")], ["file.hevc"]),
        ([(b"vide", b"apcn")], ["file.video_codec"]),  # ProRes, from Final Cut
        ([(b"vide", b"avc1"), (b"soun", b"sowt")], ["file.sound_codec"]),  # PCM sound, from a camera or an editor
        ([(b"vide", b"avc1"), (b"soun", b"mp4a"), (b"soun", b"apac")], []),  # AAC beside a spatial-audio track
        ([(b"vide", b"avc1"), (b"soun", b"mp4a"), (b"soun", b"sowt")], []),  # browsers play the first sound track
        ([(b"vide", b"avc1"), (b"soun", b"sowt"), (b"soun", b"mp4a")], ["file.sound_codec"]),  # not all pass it by
    ],
)
def test_a_movie_coded_as_browsers_cannot_play_is_refused_naming_the_codec(
    tmp_path: Path, tracks: list[tuple[bytes, bytes]], codes: list[str]
) -> None:
    """Chrome, Edge and Firefox all play H.264, VP9 and AV1 with AAC, MP3, Opus or FLAC; not H.263, MPEG-4 Part 2
    or ProRes, and HEVC only on some computers. Read from each track's sample description, in MP4 and MOV alike."""
    movie = box(b"moov", *(track(handler, codec) for handler, codec in tracks))
    for name, content in (("v.mp4", FTYP + movie + box(b"mdat", bytes(100))), ("v.mov", MOV_FTYP + movie)):
        report = check_file(write(tmp_path / name, content))
        assert [p["code"] for p in report.problems] == codes, name
    if codes:
        detail = {"s263": "H.263", "mp4v": "MPEG-4 Part 2", "apcn": "Apple ProRes", "sowt": "PCM"}
        named = [p["detail"] for p in report.problems if p["code"] != "file.hevc"]
        assert all(d in detail.values() or d == "AMR" for d in named)


def test_a_video_track_without_a_sample_description_is_damaged(tmp_path: Path) -> None:
    movie = box(b"moov", box(b"trak", box(b"mdia", box(b"hdlr", bytes(8), b"vide", bytes(12)))))
    report = check_file(write(tmp_path / "v.mp4", FTYP + movie + box(b"mdat", bytes(100))))
    assert [p["code"] for p in report.problems] == ["file.incomplete"]
