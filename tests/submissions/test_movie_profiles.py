"""H.264 in a profile browsers do not decode (High 10, High 4:2:2, High 4:4:4: 10-bit or full-colour recordings
of Sony and Panasonic cameras, DJI drones' log modes) is refused as another codec is, alone or in a package: the
video plays black (Chrome, Edge) or not at all (Firefox). Baseline, Main and High, what phones and editors write,
pass. The profile is the second byte of the sample entry's ``avcC`` box."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import box, make_zip, write


def h264_movie(profile: int) -> bytes:
    """An MP4 of one H.264 track whose decoder configuration (``avcC``) names ``profile``."""
    config = box(b"avcC", bytes([1, profile, 0, 40, 0xFF, 0xE0, 0]))
    entry = box(b"avc1", bytes(78), config)
    description = box(b"stsd", bytes(4), struct.pack(">I", 1), entry)
    named = box(b"hdlr", bytes(8), b"vide", bytes(12), b"\x00")
    trak = box(b"trak", box(b"mdia", named, box(b"minf", box(b"stbl", description))))
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41"
    return ftyp + box(b"moov", trak) + box(b"mdat", bytes(64))


@pytest.mark.parametrize(
    "profile, detail",
    [(66, None), (77, None), (100, None), (110, "H.264 High 10"), (122, "H.264 High 4:2:2"), (244, "H.264 High 4:4:4")],
)
def test_the_h264_profile_is_checked(tmp_path: Path, profile: int, detail: str | None) -> None:
    video = h264_movie(profile)
    alone = [(p["code"], p["detail"]) for p in check_file(write(tmp_path / "v.mp4", video)).problems]
    assert alone == ([] if detail is None else [("file.video_codec", detail)])
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<video src=v.mp4>", "v.mp4": video})
    inside = [(p["code"], p["entry"], p["detail"]) for p in check_file(package).problems]
    assert inside == ([] if detail is None else [("file.video_codec", "v.mp4", detail)])
