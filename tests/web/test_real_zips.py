"""Packages zipped by the tools teachers zip them with (Info-ZIP's zip, as Linux and older Macs do; 7-Zip, as
Windows users do), made at test time, and the refusal each gets on the entry's page, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from ..submissions.real_tools import run
from .test_entry_problems import vietnamese

PAGE = "<!doctype html><html lang='vi'><meta charset='utf-8'><title>Quang hợp</title><img src='media/la.png'>"


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    """A lecture's folder as an authoring tool exported it: a page, its pictures and scripts."""
    folder = tmp_path / "Bài giảng"
    (folder / "media").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    for n in range(12):
        (folder / "media" / f"slide{n}.js").write_text(f"var slide{n} = 'Trang {n}';")
    return folder


@pytest.mark.parametrize(
    "zipping",
    [
        ("zip", "-qr", "-P", "matkhau", "{zip}", "Bài giảng"),  # Info-ZIP's ZipCrypto
        ("7z", "a", "-tzip", "-bd", "-bso0", "-pmatkhau", "-mem=AES256", "{zip}", "Bài giảng"),  # 7-Zip's AES
    ],
    ids=["zipcrypto", "aes"],
)
def test_a_zip_made_with_a_password_is_refused_once_saying_to_zip_it_again_without_one(
    app: Flask, lesson: Path, zipping: tuple[str, ...]
) -> None:
    package = lesson.parent / "bai-giang.zip"
    tool, *args = (arg.format(zip=package) for arg in zipping)
    run(tool, *args, cwd=lesson.parent)
    [message] = vietnamese(app, package)
    assert message.startswith("Có 13 tệp trong tệp zip được bảo vệ bằng mật khẩu"), message
    assert "không đặt mật khẩu" in message


def test_files_in_formats_not_taken_are_named_with_how_to_convert_them_under_their_own_extension(
    app: Flask, tmp_path: Path
) -> None:
    """OBS records MKV; Windows's Snipping Tool and phones' editors save GIF; teachers keep their plans in Excel:
    under their own extension, as under another, the refusal says what the file is and how to make it one the
    contest takes."""
    from openpyxl import Workbook

    from ..submissions.real_tools import ffmpeg, pattern

    recording = ffmpeg(tmp_path / "obs.mkv", *pattern(), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac")
    animation = ffmpeg(tmp_path / "hinh.gif", "-f", "lavfi", "-i", "testsrc=size=64x48:duration=1")
    book = Workbook()
    book.active.append(["Tiết", "Nội dung"])  # type: ignore[union-attr]
    book.save(tmp_path / "ke-hoach.xlsx")
    [mkv] = vietnamese(app, recording)
    assert mkv.startswith("Đây là video MKV") and "OBS" in mkv, mkv
    [gif] = vietnamese(app, animation)
    assert gif.startswith("Đây là ảnh GIF") and "JPG hoặc PNG" in gif, gif
    [xlsx] = vietnamese(app, tmp_path / "ke-hoach.xlsx")
    assert xlsx.startswith("Đây là bảng tính Excel (.xlsx)") and "PDF" in xlsx, xlsx
