"""A package's videos are checked as a video uploaded alone is (``package_videos``): one that judges' browsers
cannot play refuses the package, naming the member; one they play, or a sound kept in an .mp4, passes."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import MP4_HEAD, box, make_zip, track

PAGE = b"<video src='media/gioi-thieu.mp4'></video>"


def movie(*tracks: tuple[bytes, bytes]) -> bytes:
    """An MP4 whose movie box holds ``tracks`` (handler, codec), then its media data."""
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    moov = box(b"moov", *(track(handler, codec) for handler, codec in tracks))
    return ftyp + moov + box(b"mdat", bytes(64))


@pytest.mark.parametrize(
    "video, codes",
    [
        (movie((b"vide", b"hvc1"), (b"soun", b"mp4a")), ["file.hevc"]),  # an iPhone's High Efficiency recording
        (movie((b"vide", b"mp4v")), ["file.video_codec"]),  # an old camera's MPEG-4 Part 2
        (movie((b"vide", b"avc1"), (b"soun", b"ac-3")), ["file.sound_codec"]),
        (MP4_HEAD[:40], ["file.incomplete"]),  # cut short before its movie box
    ],
)
def test_a_video_in_a_package_that_browsers_cannot_play_refuses_it_naming_the_member(
    tmp_path: Path, video: bytes, codes: list[str]
) -> None:
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        package = make_zip(tmp_path / "p.zip", {"index.html": PAGE, "media/gioi-thieu.mp4": video}, method=method)
        report = check_file(package)
        assert [p["code"] for p in report.problems] == codes
        assert [p["entry"] for p in report.problems] == ["media/gioi-thieu.mp4"]


@pytest.mark.parametrize(
    "name, video",
    [
        ("media/gioi-thieu.mp4", MP4_HEAD),
        ("media/IMG_0001.MOV", movie((b"vide", b"avc1"), (b"soun", b"mp4a"))),
        ("media/loi-doc.mp4", movie((b"soun", b"mp4a"))),  # a narration kept as .mp4: a sound, not refused
        ("media/khong-phai-video.mp4", b"<html>not a video</html>"),  # not a movie: the page's to fix
    ],
)
def test_a_video_in_a_package_that_browsers_play_passes(tmp_path: Path, name: str, video: bytes) -> None:
    package = make_zip(tmp_path / "p.zip", {"index.html": PAGE, name: video})
    report = check_file(package)
    assert report.ok, report.problems
