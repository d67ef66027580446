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
