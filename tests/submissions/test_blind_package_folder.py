"""The folder a package's files all sit in (teachers zip the folder the authoring tool exported, which they often
name after themselves: "Bài giảng - <author>") is named ``bai-giang`` in the judge's copy: it is no part of the work
(the pages link to each other inside it), and its name would reach judges in every address of the preview and in the
download. The copy's report says the move, so that the preview opens the launch page where it now is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from submissions.blind import Sighting

from .blind_helpers import AUTHOR, judge_copy
from .crafting import make_zip

FOLDER = f"Bài giảng Phân số - {AUTHOR}"


def names_in(packed: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        return after.namelist()


def test_the_folder_holding_the_package_is_renamed(tmp_path: Path) -> None:
    members = {
        f"{FOLDER}/": b"",
        f"{FOLDER}/index.html": b'<img src="hinh/bia.png"><a href="trang2.html">2</a>',
        f"{FOLDER}/trang2.html": b"<p>2</p>",
        f"{FOLDER}/hinh/": b"",
        f"{FOLDER}/hinh/bia.png": b"\x89PNG\r\n\x1a\n",
        "__MACOSX/._index.html": b"\x00\x05\x16\x07",
    }
    package = make_zip(tmp_path / "p.zip", members)
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert names_in(packed) == ["bai-giang/", "bai-giang/index.html", "bai-giang/trang2.html", "bai-giang/hinh/",
                                "bai-giang/hinh/bia.png"]  # fmt: skip
    assert report.root == (f"{FOLDER}/", "bai-giang/")
    assert report.sightings == []  # the folder's name reaches no judge


def test_several_nested_folders_and_a_name_inside_them(tmp_path: Path) -> None:
    members = {
        f"Nộp bài/{FOLDER}/index.html": b"<p>1</p>",
        f"Nộp bài/{FOLDER}/{AUTHOR}.png": b"\x89PNG\r\n\x1a\n",
    }
    package = make_zip(tmp_path / "p.zip", members)
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert names_in(packed) == ["bai-giang/index.html", f"bai-giang/{AUTHOR}.png"]
    assert report.root == (f"Nộp bài/{FOLDER}/", "bai-giang/")
    assert report.sightings == [Sighting(f"Nộp bài/{FOLDER}/{AUTHOR}.png", "name", (AUTHOR,))]


def test_a_package_at_the_top_of_its_zip_keeps_its_names(tmp_path: Path) -> None:
    members = {"index.html": b"<p>1</p>", f"{FOLDER}/hinh.png": b"\x89PNG\r\n\x1a\n"}
    package = make_zip(tmp_path / "p.zip", members)
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert names_in(packed) == list(members) and report.root is None
    assert report.sightings == [Sighting(f"{FOLDER}/hinh.png", "name", (AUTHOR,))]


def test_an_office_document_and_a_zip_inside_a_package_are_not_rearranged(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", {f"{FOLDER}/index.html": b"<p>1</p>"}).read_bytes()
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>1</p>", "tai-lieu/bai-tap.zip": inner})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert names_in(after.read("tai-lieu/bai-tap.zip")) == [f"{FOLDER}/index.html"]
    assert report.root is None
