"""Zips inside a package are cleaned to ``MAX_DEPTH`` levels; one deeper is copied as it is and the author told,
never passed on silently with its names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from submissions.blind.judge_copy import MAX_DEPTH
from submissions.validate import check_file

from . import authored
from .blind_helpers import AUTHOR, judge_copy


def zipped(members: dict[str, bytes], comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.comment = comment
    return out.getvalue()


def member(archive: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return opened.read(name)


def test_a_zip_deeper_than_the_cleaned_levels_is_kept_and_listed(tmp_path: Path) -> None:
    assert MAX_DEPTH == 3  # the upload, a zip in it, a zip in that one
    fourth = zipped({"anh.jpg": authored.jpeg(AUTHOR)}, comment=AUTHOR.encode())
    third = zipped({"c.zip": fourth})
    second = zipped({"b.zip": third})
    package = zipped({"index.html": b"<p>Bai 5</p>", "a.zip": second})
    copy, report = judge_copy(tmp_path, "goi.zip", package, "zip")
    assert report.kept == ["a.zip/b.zip/c.zip"]
    assert member(member(member(copy, "a.zip"), "b.zip"), "c.zip") == fourth


def test_a_zip_at_the_last_cleaned_level_is_cleaned(tmp_path: Path) -> None:
    third = zipped({"anh.jpg": authored.jpeg(AUTHOR)}, comment=AUTHOR.encode())
    package = zipped({"index.html": b"<p>Bai 5</p>", "a.zip": zipped({"b.zip": third})})
    copy, report = judge_copy(tmp_path, "goi.zip", package, "zip")
    assert not authored.shows(copy, AUTHOR) and report.kept == []


def test_what_macos_and_windows_leave_in_a_package_is_left_out(tmp_path: Path) -> None:
    """Finder's AppleDouble files keep a file's extended attributes: where it was downloaded from, with the
    teacher's mail account in the address; Windows's Thumbs.db keeps thumbnails of the folder's pictures."""
    where_from = f"https://mail.google.com/mail/u/0/?ui=2&ik=1&view=att&user={authored.ascii_of(AUTHOR)}".encode()
    package = zipped(
        {
            "bai5/index.html": b"<p>Bai 5</p>",
            "__MACOSX/bai5/._index.html": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + where_from,
            "bai5/Thumbs.db": authored.jpeg(AUTHOR),
        }
    )
    copy, report = judge_copy(tmp_path, "goi.zip", package, "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as cleaned:
        assert cleaned.namelist() == ["bai-giang/index.html"]  # the folder holding it renamed too
    assert report.sightings == [] and report.kept == []


def test_windows_download_marks_are_left_out(tmp_path: Path) -> None:
    """A file downloaded on Windows carries its Zone.Identifier stream (where it came from: a Drive or Gmail address
    with the teacher's account); WSL, 7-Zip's NTFS-streams option and some copies turn it into a file of its own,
    ``video.mp4:Zone.Identifier``, which is zipped with the package."""
    mark = b"[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://mail.google.com/mail/u/0/?ui=2&user=ngoc.ntb\r\n"
    package = zipped(
        {
            "bai5/index.html": b"<p>Bai 5</p>",
            "bai5/video.mp4:Zone.Identifier": mark,
            "bai5/index.html:Zone.Identifier": mark,
        }
    )
    copy, _report = judge_copy(tmp_path, "goi.zip", package, "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as cleaned:
        assert cleaned.namelist() == ["bai-giang/index.html"]
    source = tmp_path / "goi.zip"
    source.write_bytes(package)
    assert check_file(source).launch == "bai5/index.html"


def test_a_zip_inside_with_names_only_windows_refuses_is_cleaned(tmp_path: Path) -> None:
    """A Mac teacher's resources zip in a package ("Bài tập?.jpg", a file named as a folder) is read as safely as
    any: the upload refuses such names at the package's own level, where judges unpack it, not inside what it
    holds, so the copy must not keep the photo with its author."""
    inner = zipped({"Bài tập?.jpg": authored.jpeg(AUTHOR), "tai lieu": b"1", "tai lieu/a.txt": b"2"})
    package = zipped({"index.html": b"<p>Bai 5</p>", "a.zip": inner})
    assert check_file(write_file(tmp_path / "goi.zip", package)).ok
    copy, report = judge_copy(tmp_path, "goi.zip", package, "zip")
    assert report.kept == [] and not authored.shows(copy, AUTHOR)
    assert member(copy, "a.zip") != inner


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
