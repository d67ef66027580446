"""Subtitles in a package: a WebVTT file's comments (its ``NOTE`` blocks and the words after ``WEBVTT`` on its
first line, where Subtitle Edit and teachers write who made it) are no cue a player shows, so the judge's copy
drops them; the cues are the work, kept and read for names. An SRT has no comments: what it says is a cue, kept and
reported. ffmpeg reads the copy's cues as before."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip
from .real_tools import run

pytestmark = pytest.mark.slow  # ffmpeg runs


def _vtt(newline: str) -> bytes:
    lines = [
        f"\ufeffWEBVTT - Phụ đề bài giảng, người thực hiện: {AUTHOR}",
        "Kind: captions",
        "Language: vi",
        "",
        "NOTE",
        f"Người thực hiện: {AUTHOR}",
        SCHOOL,
        "",
        "NOTE Xuất bởi Subtitle Edit 4.0",
        "",
        "1",
        "00:00:00.000 --> 00:00:02.000 align:middle",
        "Xin chào các em",
        "",
        "00:00:02.000 --> 00:00:04.000",
        f"Cô giáo {SCHOOL}",
        "",
    ]
    return newline.join(lines).encode()


def _cues(path: Path) -> str:
    """The cues ffmpeg reads from the subtitles ``path``, written out as SRT."""
    return run("ffmpeg", "-v", "error", "-i", path, "-f", "srt", "-")


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_webvtt_files_comments_go_and_its_cues_stay(tmp_path: Path, newline: str) -> None:
    original = _vtt(newline)
    srt = f"1\n00:00:00,000 --> 00:00:02,000\nNgười thực hiện: {AUTHOR}\n".encode()
    package = make_zip(
        tmp_path / "p.zip", {"index.html": b"<video><track src=media/bai1.vtt></video>", "media/bai1.vtt": original,
                             "media/bai1.srt": srt},
    )  # fmt: skip
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("media/bai1.vtt")
        assert after.read("media/bai1.srt") == srt  # its words are a cue: the work
    text = cleaned.decode()
    assert AUTHOR not in text and "NOTE" not in text and "Subtitle Edit" not in text
    assert text.startswith(f"\ufeffWEBVTT{newline}Kind: captions{newline}Language: vi{newline}{newline}1{newline}")
    assert text.endswith(f"Cô giáo {SCHOOL}{newline}")
    (tmp_path / "before.vtt").write_bytes(original)
    (tmp_path / "after.vtt").write_bytes(cleaned)
    assert _cues(tmp_path / "after.vtt") == _cues(tmp_path / "before.vtt")
    assert "Xin chào các em" in _cues(tmp_path / "after.vtt")
    assert {(s.where, s.names) for s in report.sightings} == {
        ("media/bai1.vtt", (SCHOOL,)),
        ("media/bai1.srt", (AUTHOR,)),
    }
