"""The text of an MP4's or a MOV's text tracks (subtitles as ``tx3g``, QuickTime's chapter names as ``text``,
WebVTT as ``wvtt``), which lies in the media data, is read for names and reported to the author: it is the work
(the lecture's subtitles), not removed, but judges will read it."""

from __future__ import annotations

import struct
from pathlib import Path

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import box, track

FTYP = box(b"ftyp", b"isom", bytes(4), b"isommp41")


def text_track(handler: bytes, codec: bytes, offsets: list[int], sizes: list[int], *, wide: bool = False) -> bytes:
    """A track of ``handler`` whose samples (coded as ``codec``) lie at ``offsets`` with ``sizes``, one chunk a
    sample (``co64`` offsets when ``wide``)."""
    description = box(b"stsd", bytes(4), struct.pack(">I", 1), box(codec, bytes(8)))
    sample_sizes = box(b"stsz", bytes(4), struct.pack(">II", 0, len(sizes)), *(struct.pack(">I", s) for s in sizes))
    per_chunk = box(b"stsc", bytes(4), struct.pack(">I", 1), struct.pack(">III", 1, 1, 1))
    if wide:
        chunks = box(b"co64", bytes(4), struct.pack(">I", len(offsets)), *(struct.pack(">Q", o) for o in offsets))
    else:
        chunks = box(b"stco", bytes(4), struct.pack(">I", len(offsets)), *(struct.pack(">I", o) for o in offsets))
    table = box(b"stbl", description, sample_sizes, per_chunk, chunks)
    named = box(b"hdlr", bytes(8), handler, bytes(12), b"\x00")
    return box(b"trak", box(b"mdia", named, box(b"minf", table)))


def movie_with_text(handler: bytes, codec: bytes, samples: list[bytes], *, wide: bool = False, shift: int = 0) -> bytes:
    """An H.264 video with a text track whose samples follow the frames in the media data (the table's offsets
    ``shift``-ed: past the file's end, for a broken one)."""
    frames = b"frames" * 20
    data = frames + b"".join(samples)

    def build(offsets: list[int]) -> bytes:
        moov = box(b"moov", track(b"vide", b"avc1"), text_track(handler, codec, offsets, [len(s) for s in samples],
                                                                 wide=wide))  # fmt: skip
        return FTYP + moov + box(b"mdat", data)

    draft = build([0] * len(samples))
    start = len(draft) - len(data) + len(frames)
    offsets = [shift + start + sum(len(s) for s in samples[:n]) for n in range(len(samples))]
    return build(offsets)


def tx3g(text: str) -> bytes:
    encoded = text.encode()
    return struct.pack(">H", len(encoded)) + encoded


def test_subtitles_naming_the_author_are_reported(tmp_path: Path) -> None:
    video = movie_with_text(b"sbtl", b"tx3g", [tx3g("Bài 5: Phân số"), tx3g(f"Giáo viên: {AUTHOR}")])
    copy, report = judge_copy(tmp_path, "v.mp4", video, "mp4")
    assert copy == video and report.kept == []
    assert report.sightings == [Sighting("", "text", (AUTHOR,))]


def test_quicktime_chapter_names_and_webvtt_cues_are_reported(tmp_path: Path) -> None:
    chapters = movie_with_text(b"text", b"text", [tx3g("Mở đầu"), tx3g(f"Trường {SCHOOL[7:]}")], wide=True)
    _copy, report = judge_copy(tmp_path, "IMG_0002.MOV", chapters, "quicktime")
    assert report.sightings == [Sighting("", "text", (SCHOOL,))]
    cue = box(b"vttc", box(b"payl", f"Thực hiện: {AUTHOR}".encode()))
    _copy, report = judge_copy(tmp_path, "v.mp4", movie_with_text(b"text", b"wvtt", [cue]), "mp4")
    assert report.sightings == [Sighting("", "text", (AUTHOR,))]


def test_text_tracks_pointing_outside_the_file_are_ignored(tmp_path: Path) -> None:
    broken = movie_with_text(b"sbtl", b"tx3g", [tx3g(f"Giáo viên: {AUTHOR}")], shift=10**9)
    _copy, report = judge_copy(tmp_path, "v.mp4", broken, "mp4")
    assert report.kept == [] and report.sightings == []


def test_a_cameras_timed_metadata_track_is_zeroed_in_place(tmp_path: Path) -> None:
    """GoPro (``gpmd``) and DJI (``djmd``) cameras record the place filmed, second by second, as samples of a track
    of handler ``meta``: its samples become zeros in place; the frames and every offset stay."""
    where = b"GPS5" + struct.pack(">5i", 210285000, 1058542000, 12000, 0, 0) + b"Ha Noi, Cau Giay"
    for codec in (b"gpmd", b"djmd"):
        video = movie_with_text(b"meta", codec, [where, where])
        copy, report = judge_copy(tmp_path, "GX010001.MP4", video, "mp4")
        assert len(copy) == len(video) and report.kept == []
        assert where not in copy and b"GPS5" not in copy and copy.count(bytes(len(where))) >= 2
        assert copy.index(b"frames" * 20) == video.index(b"frames" * 20)
