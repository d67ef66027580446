"""A page made to hold the server (a tag or comment left open from each ``<`` of a megabyte: Python's own HTML
parser, before its 2025 fixes, reads the rest again from each, a minute for 100 KB) is cleaned in one reading, in the
upload's request; a comment left open at a page's end is cut to the end, as a browser reads it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .blind_helpers import AUTHOR, cleaned_in_package


@pytest.mark.parametrize("opening", [b"<a ", b"<a b='", b"<a\n", b"</", b"<?", b"<![", b"<!--"])
def test_a_page_of_open_tags_is_cleaned_in_one_reading(tmp_path: Path, opening: bytes) -> None:
    page = b"<!doctype html><p>Ph\xc3\xa2n s\xe1\xbb\x91</p>" + opening * (1_000_000 // len(opening))
    started = time.monotonic()
    _packed, copy, _report = cleaned_in_package(tmp_path, "index.html", page)
    assert time.monotonic() - started < 10
    assert copy.startswith(b"<!doctype html><p>Ph\xc3\xa2n s\xe1\xbb\x91</p>")


def test_a_comment_left_open_at_the_end_is_cut_to_the_end(tmp_path: Path) -> None:
    page = f"<!doctype html><p>Phân số</p>\n<!-- Người thực hiện: {AUTHOR}\n{'x' * 10_000}".encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "index.html", page)
    assert copy == "<!doctype html><p>Phân số</p>\n".encode() and report.sightings == []
