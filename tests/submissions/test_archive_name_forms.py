"""An entry's name is checked in every form an extractor may give it: the header's own name, which Windows's
Explorer, Java and Python's zipfile use, as well as the Info-ZIP Unicode Path field's, which 7-Zip and hoithi use;
and no part of it may be longer than 255 bytes in UTF-8, the most a file or folder name may be on Linux, macOS and
Windows (NTFS counts 255 UTF-16 units), or nobody could unpack the package."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import make_zip
from .test_archive import INDEX, unicode_path_entry


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("../../evil.html", "zip.parent_path"),
        ("/etc/cron.d/evil", "zip.absolute_path"),
        ("C:/evil.dll", "zip.drive_path"),
    ],
)
def test_a_header_name_climbing_out_is_refused_whatever_its_unicode_path_says(
    tmp_path: Path, written: str, code: str
) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr(unicode_path_entry(written, "media/ok.html"), INDEX)
    report = check_file(path)
    assert [(p["code"], p["entry"]) for p in report.problems] == [(code, written)]
    assert report.launch is None


def test_a_unicode_path_climbing_out_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr(unicode_path_entry("media/ok.html", "../evil.html"), INDEX)
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [("zip.parent_path", "../evil.html")]


@pytest.mark.parametrize(
    "name",
    ["ả" * 86 + ".png", "a" * 252 + ".png", "Bài giảng/" + "ả" * 86 + "/index.js"],  # 262, 256, 262 bytes
)
def test_a_name_longer_than_255_bytes_is_refused(tmp_path: Path, name: str) -> None:
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"x"}))
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.long_name", name)]
    assert report.problems[0]["message"] == f"{name}: a file or folder name is longer than 255 bytes"


def test_names_of_255_bytes_and_long_paths_of_short_names_are_accepted(tmp_path: Path) -> None:
    names = {"index.html": INDEX, "ả" * 83 + ".png": b"1", "a" * 251 + ".png": b"2"}  # 253 and 255 bytes
    names["/".join(f"thu-muc-{k}" for k in range(60)) + "/a.js"] = b"3"  # 600 characters in parts of ten
    assert check_file(make_zip(tmp_path / "p.zip", names)).problems == []
