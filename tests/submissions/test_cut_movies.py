"""A movie written for the web (``moov`` first: ffmpeg's ``+faststart``, HandBrake's Web Optimized, phones' exports)
that an interrupted copy or upload cut short keeps its movie box whole and loses the end of its media data: it was
taken as whole, and judges' players stopped where the data ended. It is now refused as incomplete; the same movie
whole, one written ``moov`` last, and one followed by a phone's own trailer (Samsung writes one after the boxes)
pass."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from flask import Flask

from app.services.entries.entry_problems import report_messages
from submissions.validate import check_file

from .crafting import make_zip
from .real_tools import ffmpeg, pattern

pytestmark = pytest.mark.slow  # ffmpeg runs

ENCODE = ("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac")


@pytest.fixture(scope="module")
def web_movie(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    target = tmp_path_factory.mktemp("movies") / "web.mp4"
    return ffmpeg(target, *pattern(4), *ENCODE, "-movflags", "+faststart").read_bytes()


@pytest.mark.parametrize("kept", [0.95, 0.6, 0.2])
def test_a_web_movie_cut_short_is_refused_as_incomplete(
    app: Flask, tmp_path: Path, web_movie: bytes, kept: float
) -> None:
    assert web_movie[4:8] == b"ftyp" and web_movie.index(b"moov") < web_movie.index(b"mdat")
    cut = tmp_path / "bai.mp4"
    cut.write_bytes(web_movie[: int(len(web_movie) * kept)])
    report = check_file(cut)
    assert [p["code"] for p in report.problems] == ["file.incomplete"]
    with app.test_request_context():
        assert report_messages(report) == [
            "Tệp bị hỏng hoặc không đầy đủ (việc tải lên hoặc sao chép bị gián đoạn?): hãy tải lên lại toàn bộ tệp."
        ]


def test_whole_movies_and_a_phones_trailer_pass(tmp_path: Path, web_movie: bytes) -> None:
    whole = tmp_path / "web.mp4"
    whole.write_bytes(web_movie)
    trailer = tmp_path / "samsung.mp4"
    trailer.write_bytes(web_movie + b"\x00\x00\x01\x00SEFH" + bytes(300) + b"\x2c\x01\x00\x00SEFT")
    last = ffmpeg(tmp_path / "last.mp4", *pattern(2), *ENCODE)  # moov after mdat, as ffmpeg writes by default
    for path in (whole, trailer, last):
        assert check_file(path).problems == [], path.name


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_web_movie_cut_short_inside_a_package_refuses_it_naming_the_video(
    app: Flask, tmp_path: Path, web_movie: bytes, method: int
) -> None:
    page = b"<video src='media/bai-1.mp4'></video>"
    cut = web_movie[: int(len(web_movie) * 0.6)]
    package = make_zip(tmp_path / "p.zip", {"index.html": page, "media/bai-1.mp4": cut}, method=method)
    report = check_file(package)
    assert [(p["code"], p["entry"]) for p in report.problems] == [("file.incomplete", "media/bai-1.mp4")]
    with app.test_request_context():
        assert report_messages(report) == [
            "media/bai-1.mp4: Tệp bị hỏng hoặc không đầy đủ (việc tải lên hoặc sao chép bị gián đoạn?): hãy tải lên lại"
            " toàn bộ tệp."
        ]
    whole = make_zip(tmp_path / "w.zip", {"index.html": page, "media/bai-1.mp4": web_movie}, method=method)
    assert check_file(whole).problems == []
