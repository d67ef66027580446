"""What the judge's-copy tests share: the author and school the authored files name, the name spotter standing in for
``judge_copies.name_spotter``, and the judge's copy of a file or of a file in a package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from app.vnsort import fold
from submissions.blind import BlindReport, make_judge_copy

from .crafting import make_zip

AUTHOR = "Nguyễn Thị Bích Ngọc"
SCHOOL = "Trường THCS Lê Quý Đôn"


def spot(text: str) -> list[str]:
    """Finds the school's name as ``judge_copies.name_spotter`` would (enough for the library's own tests)."""
    folded = fold(text).replace("_", " ")
    return [name for name in (AUTHOR, SCHOOL) if fold(name) in folded]


def judge_copy(tmp_path: Path, name: str, data: bytes, file_format: str) -> tuple[bytes, BlindReport]:
    source = tmp_path / name
    source.write_bytes(data)
    target = tmp_path / f"judge-{name}"
    report = make_judge_copy(source, target, file_format, spot)
    return target.read_bytes(), report


def scan_data(jpeg: bytes) -> bytes:
    """The compressed picture: everything from the start-of-scan marker on."""
    return jpeg[jpeg.index(b"\xff\xda") :]


def cleaned_in_package(tmp_path: Path, name: str, content: bytes) -> tuple[bytes, bytes, BlindReport]:
    """The judge's copy of a package whose page shows ``content`` as its file ``name``: the package, that file in
    it, and the copy's report."""
    package = make_zip(tmp_path / "p.zip", {"index.html": f"<img src={name}>".encode(), name: content})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        return packed, after.read(name), report
