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


@pytest.mark.parametrize(
    "meta",
    [
        f'<meta property="og:author" content="{AUTHOR}">',  # Open Graph, as blog and site builders write it
        f'<meta name="dc:creator" content="{AUTHOR}">',  # Dublin Core with a colon
        f'<meta name="DCTERMS:Creator" content="{AUTHOR}">',
        f'<meta property="music:creator" content="{AUTHOR}">',
        f'<meta name="last-modified-by" content="{AUTHOR}">',
        f'<meta http-equiv="author" content="{AUTHOR}">',  # as FrontPage-era editors wrote it
    ],
)
def test_a_meta_naming_the_author_in_any_vocabulary_is_cut_out(tmp_path: Path, meta: str) -> None:
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8">{meta}<title>Bài 5</title></head></html>'.encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "trang.html", page)
    assert copy == page.replace(meta.encode(), b"")
    assert report.sightings == []


def test_an_inkscape_pictures_link_to_the_authors_computer_keeps_its_file_name_alone(tmp_path: Path) -> None:
    """Inkscape records a linked picture by its path (``xlink:href``) and its absolute path (``sodipodi:absref``):
    both name the author's login folder."""
    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd">'
        '<image xlink:href="C:\\Users\\ngoc.ntb\\Pictures\\lop-6a.png" '
        'sodipodi:absref="C:\\Users\\ngoc.ntb\\Pictures\\lop-6a.png" width="10" height="10"/>'
        f'<g id="{PLAIN.replace(" ", "_")}"><circle r="4"/></g></svg>'
    ).encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "hinh/so-do.svg", drawing)
    assert b"ngoc.ntb" not in copy and b'xlink:href="lop-6a.png"' in copy
    assert report.sightings == [Sighting("hinh/so-do.svg", "text", (AUTHOR,))]  # the group's id: the work
