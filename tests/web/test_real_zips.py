"""Packages zipped by the tools teachers zip them with (Info-ZIP's zip, as Linux and older Macs do; 7-Zip, as
Windows users do), made at test time, and the refusal each gets on the entry's page, in Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from flask import Flask

from submissions.validate import check_file

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


@pytest.mark.parametrize(
    "zipping",
    [
        ("zip", "-qr", "{zip}", "Bài giảng"),
        ("zip", "-qr", "-fz", "{zip}", "Bài giảng"),  # zip64 records, as for packages over 4 GB
        ("7z", "a", "-tzip", "-bd", "-bso0", "{zip}", "Bài giảng"),
        ("7z", "a", "-tzip", "-bd", "-bso0", "-mcu=on", "-mx=0", "{zip}", "Bài giảng"),  # UTF-8 names, stored
    ],
    ids=["infozip", "zip64", "7zip", "7zip-utf8-stored"],
)
def test_a_package_zipped_by_zip_or_7zip_is_accepted_and_opens_at_its_page(
    lesson: Path, zipping: tuple[str, ...]
) -> None:
    package = lesson.parent / "bai-giang.zip"
    tool, *args = (arg.format(zip=package) for arg in zipping)
    run(tool, *args, cwd=lesson.parent)
    report = check_file(package)
    assert report.ok and report.launch == "Bài giảng/index.html", report.problems


def test_a_package_zipped_as_it_streams_has_its_sizes_after_each_file_and_is_accepted(lesson: Path) -> None:
    """``zip -r - folder | ...`` (a script, a pipe to a network share) cannot seek back: each file's sizes come
    in a data descriptor after it."""
    package = lesson.parent / "bai-giang.zip"
    found = shutil.which("zip")
    assert found is not None, "zip is not installed: apt-get install zip (.ci/run installs it)"
    streamed = subprocess.run([found, "-qr", "-", "Bài giảng"], cwd=lesson.parent, capture_output=True, check=True)
    package.write_bytes(streamed.stdout)
    with zipfile.ZipFile(package) as zf:
        assert all(info.flag_bits & 0x08 for info in zf.infolist() if not info.is_dir())
    assert check_file(package).launch == "Bài giảng/index.html"


def test_a_link_a_bomb_and_lzma_zipped_by_the_real_tools_are_refused_in_vietnamese(app: Flask, lesson: Path) -> None:
    folder = lesson.parent
    (lesson / "mat-khau").symlink_to("/etc/passwd")
    run("zip", "-qry", folder / "link.zip", "Bài giảng", cwd=folder)
    assert vietnamese(app, folder / "link.zip") == ["Bài giảng/mat-khau: không được dùng liên kết tượng trưng."]
    (lesson / "mat-khau").unlink()
    # 7-Zip stores files too small to shrink, and compresses this one
    (lesson / "media" / "player.js").write_text("var slide = {title: 'Trang', next: null};\n" * 500)
    run("7z", "a", "-tzip", "-bd", "-bso0", "-mm=LZMA", folder / "lzma.zip", "Bài giảng", cwd=folder)
    [lzma] = vietnamese(app, folder / "lzma.zip")
    assert "LZMA" in lzma and "Deflate" in lzma
    with open(lesson / "media" / "video.mp4", "wb") as zeros:
        zeros.truncate(200 * 1024 * 1024)  # 200 MB of zeros deflate to 200 KB
    run("zip", "-qr", folder / "bomb.zip", "Bài giảng", cwd=folder)
    [bomb] = vietnamese(app, folder / "bomb.zip")
    assert bomb.startswith("Bài giảng/media/video.mp4:") and "zip" in bomb


def test_one_file_added_with_a_password_is_named_alone(app: Flask, lesson: Path) -> None:
    """``zip -e`` adding one file to a package zipped before: that file alone is encrypted."""
    package = lesson.parent / "bai-giang.zip"
    run("zip", "-qr", package, "Bài giảng", "-x", "Bài giảng/media/slide0.js", cwd=lesson.parent)
    run("zip", "-q", "-P", "matkhau", package, "Bài giảng/media/slide0.js", cwd=lesson.parent)
    assert vietnamese(app, package) == [
        "Tệp Bài giảng/media/slide0.js trong tệp zip được bảo vệ bằng mật khẩu, nên giám khảo không mở được. Hãy "
        "nén lại thư mục mà không đặt mật khẩu (trong 7-Zip hay WinRAR, để trống ô mật khẩu) rồi tải lên."
    ]
