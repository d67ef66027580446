"""Names in a page's attributes (a picture's alt text, a field's value or placeholder, an author's data attribute,
a mail link) are the work, as its text is: kept, and reported to the author."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.blind import Sighting

from . import authored
from .blind_helpers import AUTHOR, cleaned_in_package

PLAIN = authored.ascii_of(AUTHOR)


@pytest.mark.parametrize(
    "element",
    [
        f'<input type="text" value="Giáo viên: {AUTHOR}">',
        f'<input placeholder="{PLAIN}">',
        f'<div data-teacher="{PLAIN.replace(" ", "_")}"></div>',
        f'<a href="mailto:{PLAIN.replace(" ", "_").lower()}@gmail.com">Liên hệ</a>',
        f'<button aria-label="Hỏi cô {AUTHOR}">?</button>',
    ],
)
def test_names_in_a_pages_attributes_are_reported_and_kept(tmp_path: Path, element: str) -> None:
    page = f"<!DOCTYPE html><html><body><p>Bài 5</p>{element}</body></html>".encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "trang.html", page)
    assert copy == page
    assert report.sightings == [Sighting("trang.html", "text", (AUTHOR,))]
