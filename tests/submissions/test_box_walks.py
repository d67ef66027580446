"""Walking an MP4's boxes is bounded (``media_integrity.MAX_BOXES``): a file made of millions of empty 8-byte
``free`` boxes took the upload check and the judge's copy a second each per 8 MB (a 500 MB one, minutes of a web
worker). Past the bound the file is what a damaged one is: refused by the check, kept and told by the copy; real
videos (a fragmented MP4 of hours in one-second fragments) stay far below it."""

from __future__ import annotations

import struct
from pathlib import Path

from submissions.blind import make_judge_copy
from submissions.media_integrity import MAX_BOXES
from submissions.validate import check_file

from .crafting import MOOV, write

FTYP = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
MDAT = struct.pack(">I4s", 16, b"mdat") + bytes(8)


def test_a_movie_of_too_many_boxes_is_refused_and_kept_at_the_bound(tmp_path: Path) -> None:
    video = write(tmp_path / "v.mp4", FTYP + struct.pack(">I4s", 8, b"free") * (MAX_BOXES + 10) + MOOV + MDAT)
    assert [p["code"] for p in check_file(video).problems] == ["file.incomplete"]
    assert make_judge_copy(video, tmp_path / "judge.mp4", "mp4").kept == [""]


def test_a_fragmented_movie_of_three_hours_passes(tmp_path: Path) -> None:
    """A fragment a second (``moof`` and its ``mdat``): 21,600 boxes after the movie box."""
    fragment = struct.pack(">I4s", 8, b"moof") + struct.pack(">I4s", 8, b"mdat")
    video = write(tmp_path / "v.mp4", FTYP + MOOV + fragment * 3 * 3600)
    assert check_file(video).ok
    assert make_judge_copy(video, tmp_path / "judge.mp4", "mp4").kept == []


def test_a_jpeg_of_too_many_segments_is_refused_and_kept_at_the_bound(tmp_path: Path) -> None:
    """Four-byte empty comments: two million of them held the check a second and the copy two per 8 MB. Photoshop
    writes hundreds of segments; past ``media.MAX_JPEG_STEPS`` the photo is what a damaged one is."""
    from submissions.media import MAX_JPEG_STEPS

    from .crafting import JPEG

    photo = write(tmp_path / "anh.jpg", JPEG[:2] + b"\xff\xfe\x00\x02" * (MAX_JPEG_STEPS + 10) + JPEG[2:])
    assert [p["code"] for p in check_file(photo).problems] == ["file.image_damaged"]
    assert make_judge_copy(photo, tmp_path / "judge.jpg", "jpeg").kept == [""]
    hundreds = write(tmp_path / "ps.jpg", JPEG[:2] + b"\xff\xfe\x00\x02" * 900 + JPEG[2:])  # as Photoshop's
    assert check_file(hundreds).ok
    assert make_judge_copy(hundreds, tmp_path / "judge-ps.jpg", "jpeg").kept == []
