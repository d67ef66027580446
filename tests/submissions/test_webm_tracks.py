"""WebM videos, alone or in a package, and Matroska ones in a package, are checked for what judges' browsers play
(``webm_tracks``): VP8, VP9 or AV1 pictures with Opus or Vorbis sound. Chrome's MediaRecorder can record H.264 into
WebM and OBS records H.264 into MKV: Firefox plays neither, so they are refused, naming the codec."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from submissions.blind import make_judge_copy
from submissions.validate import check_file

from .crafting import ebml_element, ebml_head, make_zip, webm, write

VP9_OPUS = webm(b"webm", (1, "V_VP9"), (2, "A_OPUS"))
PAGE = b"<video src='media/gioi-thieu.webm'></video>"


def problems(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [(p["code"], p["entry"], p["detail"]) for p in check_file(path).problems]


@pytest.mark.parametrize(
    "video, found",
    [
        (VP9_OPUS, []),
        (webm(b"webm", (1, "V_VP8"), (2, "A_VORBIS")), []),
        (webm(b"webm", (1, "V_AV1")), []),
        (webm(b"webm", (1, "V_MPEG4/ISO/AVC"), (2, "A_OPUS")), [("file.video_codec", None, "H.264 (WebM)")]),
        (webm(b"webm", (1, "V_VP9"), (2, "A_AAC")), [("file.sound_codec", None, "AAC (WebM)")]),
        (webm(b"webm", (1, "V_MPEGH/ISO/HEVC")), [("file.hevc", None, None)]),
        (webm(b"webm", (2, "A_OPUS")), [("file.no_video", None, None)]),  # a sound recording named .webm
        (webm(b"webm", (1, "V_VP9"), (2, "A_OPUS"), (2, "A_PCM/INT/LIT")), []),  # browsers play the first sound
    ],
    ids=["vp9", "vp8", "av1", "h264", "aac", "hevc", "sound-only", "second-sound"],
)
def test_a_webm_uploaded_alone(tmp_path: Path, video: bytes, found: list[tuple[str, str | None, str | None]]) -> None:
    assert problems(write(tmp_path / "bai-giang.webm", video)) == found


@pytest.mark.parametrize(
    "name, video, found",
    [
        ("media/gioi-thieu.webm", VP9_OPUS, []),
        ("media/gioi-thieu.webm", webm(b"webm", (1, "V_MPEG4/ISO/AVC")), [("file.video_codec", "H.264 (WebM)")]),
        (
            "media/ghi-hinh-OBS.mkv",
            webm(b"matroska", (1, "V_MPEG4/ISO/AVC"), (2, "A_AAC")),
            [
                ("file.video_codec", "H.264 (MKV)"),
                ("file.sound_codec", "AAC (MKV)"),
            ],
        ),
        ("media/ghi-hinh.mkv", webm(b"matroska", (1, "V_VP9"), (2, "A_OPUS")), []),
        ("media/loi-dan.webm", webm(b"webm", (2, "A_OPUS")), []),  # a narration kept as .webm
        ("media/nhac.mka", webm(b"matroska", (2, "A_AAC")), []),  # sound alone is not checked here
    ],
    ids=["vp9", "h264-webm", "obs-mkv", "vp9-mkv", "narration", "mka"],
)
def test_the_webm_and_mkv_videos_in_a_package(
    tmp_path: Path, name: str, video: bytes, found: list[tuple[str, str | None]]
) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, name: video})
    assert problems(path) == [(code, name, detail) for code, detail in found]


def test_a_webm_of_millions_of_tiny_elements_is_walked_to_the_bound_only(tmp_path: Path) -> None:
    """Two-byte Void elements: 1,000,000 of them took the judge's copy a second (a 500 MB one some four minutes);
    past ``ebml.MAX_ELEMENTS`` the copy is kept as it was and the author told, and the checker stops as early."""
    header = ebml_head(b"webm")[: -len(b"\x18\x53\x80\x67\x80")]
    video = header + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + b"\xec\x80" * 1_000_000
    source = write(tmp_path / "v.webm", video)
    report = make_judge_copy(source, tmp_path / "judge.webm", "webm")
    assert report.kept == [""] and (tmp_path / "judge.webm").read_bytes() == video
    assert check_file(source).ok  # no tracks found: nothing to refuse


def test_tracks_after_a_tag_and_void_elements_are_found() -> None:
    """Tools put a seek head, Void padding and sometimes tags before the tracks."""
    from submissions.webm_tracks import unplayable_webm

    header = ebml_head(b"webm")[: -len(b"\x18\x53\x80\x67\x80")]
    tracks = ebml_element(
        b"\x16\x54\xae\x6b", ebml_element(b"\xae", b"\x83\x81\x01", ebml_element(b"\x86", b"V_MPEG4/ISO/AVC"))
    )
    padding = ebml_element(b"\xec", bytes(300))
    video = header + ebml_element(b"\x18\x53\x80\x67", padding, tracks)
    assert [p["detail"] for p in unplayable_webm(io.BytesIO(video), "webm", len(video))] == ["H.264 (WebM)"]
