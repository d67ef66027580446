"""A package's style sheets, and a page's ``<style>``, lose their comments in the judge's copy ("Bài giảng ... - GV:
<author>" heading a hand-made lecture's ``style.css``), each turned to spaces with its line breaks kept, so the sheet
keeps its length and every line its number; what only looks like a comment (in a string, an unquoted ``url()``) and a
licence a minifier keeps (``/*!``) stay."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from submissions.blind.style_comments import without_comments

from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package, judge_copy
from .crafting import make_zip

SHEET = (
    '\ufeff@charset "utf-8";\n'
    "/* Bài giảng: Phân số\n"
    f" * Giáo viên: {AUTHOR} - {SCHOOL}\n"
    " */\n"
    '.note::before { content: "/* Ghi chú */"; }\n'
    ".bg { background: url(http://x.vn/*a*/b.png) no-repeat; } /* sửa ngày 12/3 - cô Ngọc */\n"
    ".q { quotes: '/*' '*/'; }\n"
).encode()
LIBRARY = b"/*! Bootstrap v5.3.3 | MIT License */\n.btn{display:inline-block}\n"


def test_a_style_sheets_comments_are_blanked_and_its_rules_stay(tmp_path: Path) -> None:
    package = make_zip(
        tmp_path / "p.zip",
        {
            "index.html": b"<link rel=stylesheet href=css/style.css>",
            "css/style.css": SHEET,
            "css/bootstrap.min.css": LIBRARY,
        },
    )
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        cleaned = after.read("css/style.css")
        assert after.read("css/bootstrap.min.css") == LIBRARY
    text = cleaned.decode("utf-8")
    assert AUTHOR not in text and SCHOOL not in text and "cô Ngọc" not in text and "Bài giảng" not in text
    assert len(cleaned) == len(SHEET) and text.count("\n") == SHEET.decode().count("\n")
    for kept in ('content: "/* Ghi chú */";', "url(http://x.vn/*a*/b.png) no-repeat;", ".q { quotes: '/*' '*/'; }"):
        assert kept in text
    assert report.sightings == []


def test_a_pages_style_element_loses_its_comments_too(tmp_path: Path) -> None:
    page = (
        f"<!doctype html><html><head><style>/* Thiết kế: {AUTHOR} */\nbody {{ color: #333; }}</style>"
        '</head><body><p style="color: red">Phân số</p></body></html>'
    ).encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "index.html", page)
    assert len(copy) == len(page) and AUTHOR.encode() not in copy
    assert b"\nbody { color: #333; }</style>" in copy and "Phân số".encode() in copy
    assert report.sightings == []


def test_a_comment_left_open_and_a_utf16_sheet_are_kept() -> None:
    assert without_comments(b"a{b:c} /* open") == b"a{b:c} /* open"
    utf16 = "/* x */a{}".encode("utf-16")
    assert without_comments(utf16) == utf16


def test_a_hostile_sheet_is_read_once() -> None:
    """Comments, strings and ``url(`` left open by the hundred thousand (an upload made to hold the server) are
    read in one pass: what would be read again from each of them takes seconds, not hours."""
    started = time.monotonic()
    for hostile in (b"/* " * 400_000, b"url(a" * 400_000, b"'a\"" * 400_000, b"/* x */ " + b'"/*' * 400_000):
        assert len(without_comments(hostile)) == len(hostile)
    assert time.monotonic() - started < 5
