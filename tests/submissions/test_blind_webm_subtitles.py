"""A WebM's or MKV's text subtitles (a WebVTT or SRT file muxed in by ffmpeg or MKVToolNix: "Giáo viên: <author>"
on the first screen) are the work, as an MP4's are: kept in the judge's copy, their cues read for names and the
author told. Only text subtitles' cues are read: a track of sound or pictures naming nobody tells nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip
from .real_tools import ffmpeg, pattern

pytestmark = pytest.mark.slow  # ffmpeg runs

CUES = {
    "vtt": f"WEBVTT\n\n00:00.000 --> 00:01.000\nBài 5: Phân số\n\n00:01.000 --> 00:02.000\nGiáo viên: {AUTHOR}\n",
    "srt": f"1\n00:00:00,000 --> 00:00:01,000\nBài 5: Phân số\n\n2\n00:00:01,000 --> 00:00:02,000\n{SCHOOL}\n",
}


@pytest.mark.parametrize(
    ("name", "subtitles", "coding", "seen"),
    [("v.webm", "vtt", "webvtt", AUTHOR), ("v.mkv", "srt", "srt", SCHOOL), ("v.mkv", "srt", "ass", SCHOOL)],
)
def test_text_subtitles_naming_the_author_are_reported(
    tmp_path: Path, name: str, subtitles: str, coding: str, seen: str
) -> None:
    cues = tmp_path / f"cues.{subtitles}"
    cues.write_text(CUES[subtitles], encoding="utf-8")
    maps = ("-map", "0", "-map", "1", "-map", "2")
    video = ffmpeg(tmp_path / name, *pattern(2), "-i", cues, *maps, "-c:v", "libvpx", "-c:a", "libopus", "-c:s", coding)
    package = make_zip(tmp_path / "p.zip", {"index.html": f"<video src={name}></video>", name: video.read_bytes()})
    _copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert report.kept == [] and report.sightings == [Sighting(name, "text", (seen,))]
