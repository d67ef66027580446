"""Files of no format the judge's copy knows (a Windows shortcut, a Photoshop file) are copied as they are, and the
names they hold in words, in UTF-8 or UTF-16, are reported to the author."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

from submissions.blind import Sighting
from submissions.blind.judge_copy import MAX_READ_UNKNOWN, UNKNOWN_BUDGET

from . import authored
from .blind_helpers import AUTHOR, cleaned_in_package, judge_copy
from .crafting import make_zip

LOGIN_FOLDER = f"C:\\Users\\ngoc.ntb\\Desktop\\{AUTHOR}\\bai5.pptx"


def shortcut(target: str) -> bytes:
    """A Windows shortcut ([MS-SHLLINK]): its header (size, the ShellLink class id, flags: has a relative path,
    is Unicode), then the relative path as counted UTF-16, as Explorer writes one beside the file it points to."""
    header = struct.pack("<I16sI", 0x4C, bytes.fromhex("0114020000000000c000000000000046"), 0x88) + bytes(0x4C - 24)
    return header + struct.pack("<H", len(target)) + target.encode("utf-16-le")


def photoshop_like(author: str) -> bytes:
    """Compressed picture data around an XMP packet naming ``author``, as a Photoshop file keeps it."""
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{author}</dc:creator></x:xmpmeta>'.encode()
    return b"8BPS\x00\x01" + os.urandom(300_000) + xmp + os.urandom(300_000)


def test_names_in_a_shortcut_and_a_photoshop_file_are_reported(tmp_path: Path) -> None:
    link = shortcut(LOGIN_FOLDER)
    _packed, copy, report = cleaned_in_package(tmp_path, "bai5.pptx - Shortcut.lnk", link)
    assert copy == link and report.sightings == [Sighting("bai5.pptx - Shortcut.lnk", "text", (AUTHOR,))]
    _packed, _copy, report = cleaned_in_package(tmp_path, "nguon/anh.psd", photoshop_like(authored.ascii_of(AUTHOR)))
    assert report.sightings == [Sighting("nguon/anh.psd", "text", (AUTHOR,))]


def test_files_of_no_known_format_are_read_up_to_a_budget(tmp_path: Path) -> None:
    """At most ``UNKNOWN_BUDGET`` bytes of them are read in one upload: a package of hundreds of such files does not
    hold its upload for minutes, and a name past the budget is not found."""
    filler = os.urandom(MAX_READ_UNKNOWN)
    members = {f"phong-chu/{n}.woff": filler for n in range(UNKNOWN_BUDGET // MAX_READ_UNKNOWN)}
    members["z.lnk"] = shortcut(LOGIN_FOLDER)
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>Bai 5</p>", **members}, method=zipfile.ZIP_STORED)
    _copy, report = judge_copy(tmp_path, "goi.zip", package.read_bytes(), "zip")
    assert report.sightings == []
