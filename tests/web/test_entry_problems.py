"""The reasons an upload is refused, as the web page shows them in Vietnamese: each carries the detail the
checker found (the compression method, the inner zip, what the file really is), not only its kind."""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask import Flask

from app.services.entries.entry_problems import report_messages
from submissions.validate import check_file

from ..submissions.crafting import make_zip


def vietnamese(app: Flask, path: Path, name: str | None = None) -> list[str]:
    with app.test_request_context():
        return report_messages(check_file(path, declared_name=name))


def test_a_package_in_an_unsupported_compression_method_is_told_which_and_how_to_fix(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "goi.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("imsmanifest.xml", "<manifest/>")
        zf.writestr("index.html", "<p>Bài 1")
    [message] = vietnamese(app, path)
    assert "BZip2" in message and "Deflate" in message and "7-Zip" in message


def test_a_zip_holding_a_zip_names_it(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"Bài giảng Storyline.zip": b"PK\x05\x06" + bytes(18)})
    assert vietnamese(app, path) == [
        "Tệp zip này chứa một tệp zip khác (Bài giảng Storyline.zip) và không có trang nào: hãy giải nén rồi tải "
        "trực tiếp tệp zip bên trong lên."
    ]


def test_several_pages_without_a_start_page_are_named_with_what_to_rename(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"bai/trang-1.html": "<p>1", "bai/trang-2.html": "<p>2"})
    assert vietnamese(app, path) == [
        "Gói có nhiều trang HTML (trang-1.html, trang-2.html) nhưng không có index.html: hãy đổi tên trang mở đầu "
        "thành index.html rồi nén lại."
    ]
