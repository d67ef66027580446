"""A WebM or Matroska video cut short (an interrupted copy or upload) plays in a browser up to where its data ends,
then stops: it is refused as incomplete, as an MP4 is, alone and in a package. ffmpeg writes a file's segment with
its size when it can seek back (a file), and each cluster with its size when it cannot (a pipe, a live recording's
way): a cut is seen either way. The same videos whole pass."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from flask import Flask

from app.services.entries.entry_problems import report_messages
from submissions.validate import check_file

from .crafting import make_zip
from .real_tools import ffmpeg, pattern, probe

pytestmark = pytest.mark.slow  # ffmpeg runs

ENCODE = ("-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus")
INCOMPLETE = "Tệp bị hỏng hoặc không đầy đủ (việc tải lên hoặc sao chép bị gián đoạn?): hãy tải lên lại toàn bộ tệp."


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A WebM written to a file, one written to a pipe (its segment of unknown size), and a Matroska file."""
    folder = tmp_path_factory.mktemp("webm")
    piped = subprocess.run(
        ["ffmpeg", "-v", "error", *pattern(4), *ENCODE, "-f", "webm", "-"], capture_output=True, timeout=120, check=True
    ).stdout
    return {
        "file": ffmpeg(folder / "file.webm", *pattern(4), *ENCODE).read_bytes(),
        "pipe": piped,
        "mkv": ffmpeg(folder / "file.mkv", *pattern(4), *ENCODE).read_bytes(),
    }


@pytest.mark.parametrize("written", ["file", "pipe"])
@pytest.mark.parametrize("kept", [0.95, 0.6, 0.2])
def test_a_webm_cut_short_is_refused_as_incomplete(
    app: Flask, tmp_path: Path, videos: dict[str, bytes], written: str, kept: float
) -> None:
    cut = tmp_path / "bai.webm"
    cut.write_bytes(videos[written][: int(len(videos[written]) * kept)])
    report = check_file(cut)
    assert [p["code"] for p in report.problems] == ["file.incomplete"]
    with app.test_request_context():
        assert report_messages(report) == [INCOMPLETE]


@pytest.mark.parametrize("written", ["file", "pipe"])
def test_a_whole_webm_passes(tmp_path: Path, videos: dict[str, bytes], written: str) -> None:
    whole = tmp_path / "bai.webm"
    whole.write_bytes(videos[written])
    assert [s["codec_name"] for s in probe(whole)["streams"]] == ["vp8", "opus"]
    assert check_file(whole).problems == []


@pytest.mark.parametrize("member", ["media/bai-1.webm", "media/bai-1.mkv"])
@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_webm_or_mkv_cut_short_inside_a_package_refuses_it_naming_the_video(
    app: Flask, tmp_path: Path, videos: dict[str, bytes], member: str, method: int
) -> None:
    video = videos["mkv" if member.endswith(".mkv") else "file"]
    page = f"<video src='{member}'></video>".encode()
    package = make_zip(tmp_path / "p.zip", {"index.html": page, member: video[: int(len(video) * 0.6)]}, method=method)
    report = check_file(package)
    assert [(p["code"], p["entry"]) for p in report.problems] == [("file.incomplete", member)]
    with app.test_request_context():
        assert report_messages(report) == [f"{member}: {INCOMPLETE}"]
    whole = make_zip(tmp_path / "w.zip", {"index.html": page, member: video}, method=method)
    assert check_file(whole).problems == []
