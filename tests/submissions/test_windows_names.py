"""A package's names that Windows, where judges unpack a downloaded package, cannot unpack are refused, naming the
entry (``submissions.windows_names``); what the judge's copy leaves out or renames is taken."""

from __future__ import annotations

import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from submissions.blind import make_judge_copy
from submissions.validate import check_file

from .crafting import RawEntry, make_zip, write_raw_zip

INDEX = b"<!doctype html><title>Bai giang</title>"


@pytest.mark.parametrize(
    "name",
    [
        "video/Phân số là gì?.mp4",  # a Mac allows ? : * | " < > in names; Windows makes no such file
        "Bài 1: Giới thiệu/index.html",
        'trích "Truyện Kiều".png',
        "con.html",  # Windows's device names, with an extension or without, as a file or a folder
        "js/AUX/app.js",
        "nul",
        "Lpt1.txt",
        "COM9.js",
    ],
)
def test_names_windows_cannot_unpack_are_refused(tmp_path: Path, name: str) -> None:
    """Judges unpack a downloaded package on Windows: Explorer stops at such a name, 7-Zip renames the file and
    breaks the links to it."""
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"1"}))
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.windows_name", name)]


@pytest.mark.parametrize(
    "names",
    [
        ["Bài 1: Phân số/index.html", "Bài 1: Phân số/js/app.js"],  # a Mac teacher's exported folder
        ["Nộp bài?/", "Nộp bài?/Bài 1: x/", "Nộp bài?/Bài 1: x/index.html", "Nộp bài?/Bài 1: x/a.js"],
    ],
)
def test_the_package_folder_windows_cannot_make_is_taken_as_the_copy_renames_it(
    tmp_path: Path, names: list[str]
) -> None:
    """The folder holding all of a package's files becomes ``bai-giang/`` in the judge's copy, and the folders
    around it are left out: judges never unpack those names."""
    path = make_zip(tmp_path / "p.zip", {name: b"" if name.endswith("/") else INDEX for name in names})
    assert check_file(path).problems == []
    copy = tmp_path / "copy.zip"
    make_judge_copy(path, copy, "zip", lambda text: [])
    with zipfile.ZipFile(copy) as judged:
        assert {n.partition("/")[0] for n in judged.namelist()} == {"bai-giang"}


def test_a_name_windows_cannot_make_inside_the_package_folder_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"Bài 1: x/index.html": INDEX, "Bài 1: x/media/Vì sao?.mp4": b"1"})
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [
        ("zip.windows_name", "Bài 1: x/media/Vì sao?.mp4")
    ]


def test_an_empty_folder_windows_cannot_make_is_refused_once(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX, "aux/": b"", "con/": b"", "con/a.js": b"1"})
    report = check_file(path)
    assert [(p["code"], p["entry"]) for p in report.problems] == [
        ("zip.windows_name", "con/a.js"),
        ("zip.windows_name", "aux/"),
    ]


@pytest.mark.parametrize(
    "name",
    ["video.mp4:Zone.Identifier", "__MACOSX/video/._Phân số là gì?.mp4", "console.js", "connect/nul-ls.js", "com10.js"],
)
def test_names_windows_can_unpack_or_the_copy_leaves_out_are_taken(tmp_path: Path, name: str) -> None:
    """Windows's download marks and macOS's AppleDouble files are left out of the judge's copy (not the teacher's
    to rename); a name that only begins with a device's (``console``) is an ordinary one."""
    assert check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"1"})).problems == []


@pytest.mark.parametrize(
    ("names", "clash"),
    [
        (["media", "media/a.png"], "media"),
        (["Media", "media/a.png"], "Media"),  # Windows ignores case
        (["js/app", "js/app/x.js"], "js/app"),
        (["bài", unicodedata.normalize("NFD", "bài/a.png")], "bài"),
    ],
)
def test_a_file_named_as_a_folder_is_refused(tmp_path: Path, names: list[str], clash: str) -> None:
    """A file cannot be unpacked where a folder of its name is (or the other way round): whichever comes second is
    lost, on any computer."""
    path = write_raw_zip(
        tmp_path / "p.zip", [RawEntry(b"index.html", INDEX), *(RawEntry(n.encode(), b"1", flags=0x800) for n in names)]
    )
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [("zip.file_folder_clash", clash)]


def test_a_package_of_very_deep_paths_is_checked_in_one_reading(tmp_path: Path) -> None:
    """Thousands of files two thousand folders deep (an upload made to hold the server: 40 MB of names) are checked,
    and their package's folder found, in a time that grows with the names' length, not with its square (a minute
    before)."""
    deep = "/".join(["a"] * 2000)
    path = tmp_path / "deep.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(5000):
            archive.writestr(f"{deep}/f{number}.js", b"")
        archive.writestr(f"{deep}/index.html", b"<p>x</p>")
        archive.writestr(f"{deep}/f1.js/x.png", b"")  # a file named as a folder, found as before
    started = time.monotonic()
    report = check_file(path)
    assert time.monotonic() - started < 20
    assert [p["code"] for p in report.problems] == ["zip.file_folder_clash"]
