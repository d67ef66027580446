"""A WebM recorded in a browser (MediaRecorder: Chrome, Firefox, Edge; Vietnamese teachers record their screen and
voice on web tools that use it) has a segment and clusters of unknown size: it is accepted whole or cut short (a
recording stopped by a closed tab plays up to its end), and its judge's copy is cleaned as any WebM is. Its clusters
are walked block by block to find where each ends, so tags a tool wrote after the recording (a title, the artist)
are blanked too, every block kept where it was, and ffprobe reads the copy's frames as the original's."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from submissions.ebml import CLUSTER, SEGMENT, Walk, elements
from submissions.validate import check_file

from .blind_helpers import AUTHOR, judge_copy
from .real_tools import ffmpeg, pattern, run

pytestmark = pytest.mark.slow  # ffmpeg runs

UNKNOWN = b"\x01\xff\xff\xff\xff\xff\xff\xff"
_INFO, _TRACKS, _TAGS = 0x1549A966, 0x1654AE6B, 0x1254C367


def as_recorded(webm: bytes, *, tags_last: bool) -> bytes:
    """ffmpeg's WebM laid out as MediaRecorder writes one: a segment and clusters of unknown size, its info and tracks
    first, no seek head and no cues; its tags after the last cluster, or left out (MediaRecorder writes none)."""
    f = io.BytesIO(webm)
    walk = Walk()
    out, tags = b"", b""
    for element in elements(f, 0, len(webm), walk):
        if element.id != SEGMENT:
            out += webm[element.start : element.end]
            continue
        out += b"\x18\x53\x80\x67" + UNKNOWN
        for child in elements(f, element.data, element.end, walk):
            if child.id == CLUSTER:
                out += b"\x1f\x43\xb6\x75" + UNKNOWN + webm[child.data : child.end]
            elif child.id in (_INFO, _TRACKS):
                out += webm[child.start : child.end]
            elif child.id == _TAGS:
                tags = webm[child.start : child.end]
    return out + (tags if tags_last else b"")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("live")
    tagged = ("-metadata", f"title=Bài giảng của {AUTHOR}", "-metadata", f"artist={AUTHOR}")
    encode = ("-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-cluster_time_limit", "500")
    return ffmpeg(folder / "v.webm", *pattern(3), *encode, *tagged).read_bytes()


def packets(path: Path) -> str:
    return run("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts,size", "-of", "csv", path)


@pytest.mark.parametrize("tags_last", [False, True])
@pytest.mark.parametrize("kept", [1.0, 0.7])
def test_a_browsers_recording_is_accepted_and_cleaned(
    tmp_path: Path, recorded: bytes, tags_last: bool, kept: float
) -> None:
    whole = as_recorded(recorded, tags_last=tags_last)
    video = whole[: int(len(whole) * kept)] if kept < 1 else whole
    assert AUTHOR.encode() in video or kept < 1
    (tmp_path / "bai.webm").write_bytes(video)
    assert check_file(tmp_path / "bai.webm").problems == []
    copy, report = judge_copy(tmp_path, "v.webm", video, "webm")
    assert AUTHOR.encode() not in copy and len(copy) == len(video) and report.kept == []
    (tmp_path / "copy.webm").write_bytes(copy)
    assert packets(tmp_path / "copy.webm") == packets(tmp_path / "bai.webm") != ""
