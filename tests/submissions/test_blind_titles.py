"""What an SVG picture and every page of a package say of their author: an SVG's ``<metadata>`` (Inkscape's Dublin
Core: creator, rights) and each page's ``<meta name="author">`` are metadata, removed; an SVG's ``<title>`` (its
tooltip, its accessible name) and a page's ``<title>`` (the tab's label) are shown: the work, kept and reported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip

SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:cc="http://creativecommons.org/ns#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'width="40" height="20" viewBox="0 0 40 20">\n'
    f"<title>Sơ đồ - {SCHOOL}</title>\n"
    '<metadata><rdf:RDF><cc:Work rdf:about=""><dc:creator><cc:Agent><dc:title>'
    f"{AUTHOR}</dc:title></cc:Agent></dc:creator><dc:rights><cc:Agent><dc:title>© {AUTHOR}</dc:title></cc:Agent>"
    "</dc:rights></cc:Work></rdf:RDF></metadata>\n"
    '<rect width="20" height="20" fill="#0a0"/></svg>\n'
).encode()


def _page(title: str) -> bytes:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><meta name="author" content="{AUTHOR}">'
        f'<title>{title}</title></head><body><img src="/so-do.svg"></body></html>'
    ).encode()


def test_svg_metadata_and_every_pages_author_go_their_titles_stay_reported(tmp_path: Path) -> None:
    pages = {"index.html": _page("Bài 1"), "bai-2/trang.html": _page(f"Bài 2 - {SCHOOL}"), "c/d/e.htm": _page("3")}
    package = make_zip(tmp_path / "p.zip", {**pages, "so-do.svg": SVG})
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        drawing = after.read("so-do.svg")
        cleaned = {name: after.read(name).decode() for name in pages}
    assert AUTHOR not in drawing.decode()
    svg = etree.fromstring(drawing)
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == f"Sơ đồ - {SCHOOL}"
    assert svg.find("{http://www.w3.org/2000/svg}rect") is not None and svg.get("viewBox") == "0 0 40 20"
    for name, page in cleaned.items():
        assert AUTHOR not in page and 'name="author"' not in page, name
        assert page == pages[name].decode().replace(f'<meta name="author" content="{AUTHOR}">', ""), name
    assert {(s.where, s.names) for s in report.sightings} == {("so-do.svg", (SCHOOL,)), ("bai-2/trang.html", (SCHOOL,))}
