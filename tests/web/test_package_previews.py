"""Real e-lecture packages uploaded through the form open in the preview: its frame serves the launch page as a
page and every file the page links (stylesheet, picture, script) with its own type, to the author (the original)
and to the judge (the judge's copy); links written in another letter case than the files still resolve; phone
photos and videos that browsers cannot show and RAR archives are refused in Vietnamese saying how to convert
them, storing nothing."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Entry, EntryFile
from app.services.entries.entry_preview import make_token
from app.services.entries.scorm_api import SCRIPT as SCORM_API
from app.services.entries.scorm_api import with_api
from tests.builders import row_of

from ..submissions.crafting import MOV_FTYP, box, track
from ..submissions.exports import EXPORTS, PNG_1PX, WRAPPINGS, write_zip
from . import entries_helpers
from .entries_helpers import World

FRAME = re.compile(r'<iframe id="preview"[^>]*\ssrc="([^"]+)"')
LINKS = re.compile(r'(?:href|src)="([^"]+)"')
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
TYPES = {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".js": "text/javascript"}

world = entries_helpers.world


entry = entries_helpers.entry


def upload(client: FlaskClient, entry: Entry, data: bytes, name: str, slot: str = "package") -> TestResponse:
    form = {"slot": slot, "file": (io.BytesIO(data), name)}
    headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
    return client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data", headers=headers)


def windows_1258(text: str) -> bytes:
    """``text`` as Vietnamese Windows writes it: letters the code page holds as they are (â, ơ, ư, á...), the others
    as such a letter followed by its tone mark as a combining character."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in TONE_MARKS)
            letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append((letter + tones).encode("cp1258"))
    return b"".join(out)


def login(client: FlaskClient, username: str) -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


def frame_source(client: FlaskClient, entry: Entry) -> str:
    found = FRAME.search(client.get(f"/entries/{entry.id}").get_data(as_text=True))
    assert found is not None, "no preview frame on the entry's page"
    return html.unescape(found.group(1))


def assert_page_and_links(frame: FlaskClient, source: str, members: dict[str, bytes]) -> None:
    """The page at ``source`` is served as HTML, and each file it links as its type, with the bytes of a member
    of ``members`` (compared by content: the judge's copy may have cleaned a page)."""
    page = frame.get(source)
    assert page.status_code == 200, source
    assert page.headers["Content-Type"].startswith("text/html")
    assert "sandbox" in page.headers["Content-Security-Policy"]
    links = LINKS.findall(page.get_data(as_text=True))
    assert len(links) == 3
    for link in links:
        asset = frame.get(urljoin(source, quote(link)))  # as a browser asks: relative to the page, percent-encoded
        assert asset.status_code == 200, link
        suffix = link[link.rindex(".") :].lower()
        assert asset.headers["Content-Type"].startswith(TYPES[suffix]), link
        assert asset.get_data() in members.values()
        assert asset.headers["Access-Control-Allow-Origin"] == "*"  # fetch, modules, crossorigin from the frame


@pytest.mark.parametrize(
    ("tool", "wrapping"),
    [
        ("captivate-scorm2004", "by-finder"),
        ("storyline-scorm2004", "by-powershell"),
        ("ispring-scorm12", "with-litter"),
        ("html5-index", "one-folder-deeper"),
    ],
)
def test_an_uploaded_export_opens_in_the_preview_with_everything_it_links(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path, tool: str, wrapping: str
) -> None:
    members, launch = WRAPPINGS[wrapping](EXPORTS[tool]())
    login(client, "gv1")
    data = write_zip(tmp_path / "Bài giảng.zip", members).read_bytes()
    response = upload(client, entry, data, "Bài giảng.zip")
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    package = row_of(Entry, entry.id).current_files[0]
    assert package.launch == launch
    source = frame_source(client, entry)
    query = {"captivate-scorm2004": "?autoplay=0&lang=vi"}.get(tool)  # its href's query and its item's parameters
    assert package.launch_query == query and source.endswith(quote(launch) + (query or ""))
    frame = app.test_client()  # the sandboxed frame sends no cookie: its token answers
    assert_page_and_links(frame, source, members)
    token = make_token(db.session, package.id, world.judge.id, "judge-session", 10)
    db.session.commit()
    assert package.judge_notes is not None
    folder, renamed = package.judge_notes["root"]  # the folder the teacher zipped, named "bai-giang" for judges
    assert launch.startswith(folder) and renamed == "bai-giang/"
    judged = renamed + launch[len(folder) :]
    assert_page_and_links(frame, f"/preview/{token}/{quote(judged)}", members)  # the judge's copy


def test_links_in_another_letter_case_than_the_files_resolve(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    """Written on Windows, where Lib/Main.CSS opens lib/main.css: a browser on a Windows server would find them."""
    page = b'<link rel="stylesheet" href="Lib/Main.CSS"><img src="ASSETS/Anh.PNG"><script src="lib/APP.js"></script>'
    members = {"index.html": page, "lib/main.css": b"p {}", "assets/anh.png": PNG_1PX, "lib/app.js": b"var a;"}
    login(client, "gv1")
    assert upload(client, entry, write_zip(tmp_path / "p.zip", members).read_bytes(), "p.zip").status_code == 200
    assert_page_and_links(app.test_client(), frame_source(client, entry), members)
    missing = app.test_client().get(frame_source(client, entry).replace("index.html", "lib/other.js"))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("IMG_0001.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08mdat", ("ảnh HEIC", "JPG", "Cài đặt")),
        ("IMG_0002.MOV", MOV_FTYP + box(b"moov", track(b"vide", b"hvc1")), ("HEVC", "H.264", "HandBrake", "Cài đặt")),
        ("Bài giảng.rar", b"Rar!\x1a\x07\x01\x00" + bytes(20), ("RAR", ".zip", "WinRAR", "Gửi tới")),
    ],
)
def test_formats_to_convert_are_refused_in_vietnamese_saying_how(
    client: FlaskClient, world: World, entry: Entry, name: str, data: bytes, words: tuple[str, ...]
) -> None:
    login(client, "gv1")
    slot = {"HEIC": "image", "MOV": "video"}.get(name.rsplit(".", 1)[1], "package")
    response = upload(client, entry, data, name, slot)
    assert response.status_code == 400
    errors: list[Any] = response.get_json()["errors"]
    assert errors[0] == "Tệp không được chấp nhận:"
    assert all(word in errors[1] for word in words)
    assert db.session.scalar(select(func.count()).select_from(EntryFile)) == 0


@pytest.mark.parametrize(
    ("page", "charset"),
    [
        # PowerPoint's "Save as Web Page" and older tools on Vietnamese Windows
        (
            '<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1258">'
            "<title>Quang hợp</title></head><body>Lá cây hấp thụ ánh sáng</body></html>",
            "windows-1258",
        ),
        ('<!doctype html><meta charset="utf-8"><title>Quang hợp</title><p>Lá cây hấp thụ ánh sáng', "utf-8"),
        ("<!doctype html><title>Quang hợp</title><p>Lá cây hấp thụ ánh sáng", "utf-8"),
        # Python's spellings of a charset, which a browser knows by its web name (else it ignores the header)
        ('<meta charset="cp1258"><title>Quang hợp</title><p>Lá cây hấp thụ ánh sáng', "windows-1258"),
        ('<meta charset="utf_8"><title>Quang hợp</title><p>Lá cây hấp thụ ánh sáng', "utf-8"),
    ],
)
def test_a_page_is_served_in_the_encoding_it_declares(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path, page: str, charset: str
) -> None:
    """The header's charset overrides the page's own <meta>: it must be the one the page was written in."""
    data = page.encode() if charset == "utf-8" else windows_1258(page)
    login(client, "gv1")
    response = upload(client, entry, write_zip(tmp_path / "p.zip", {"index.html": data}).read_bytes(), "p.zip")
    assert response.status_code == 200
    served = app.test_client().get(frame_source(client, entry))
    assert served.headers["Content-Type"] == f"text/html; charset={charset}"
    text = unicodedata.normalize("NFC", served.get_data().decode(charset))
    assert "Quang hợp" in text and "Lá cây hấp thụ ánh sáng" in text


@pytest.mark.parametrize(
    ("page", "before"),
    [
        (b"<!DOCTYPE html>\n<html><HEAD><meta charset=utf-8><script>go()</script>", b"<!DOCTYPE html>\n<html><HEAD>"),
        (b"<!doctype html><html lang=vi><body><script>go()</script>", b"<!doctype html><html lang=vi>"),
        (b"\xef\xbb\xbf<!doctype html><script>go()</script>", b"\xef\xbb\xbf<!doctype html>"),
        (b"\xef\xbb\xbf<script>go()</script>", b"\xef\xbb\xbf"),
    ],
)
def test_the_stand_in_lms_comes_before_the_pages_scripts_and_after_its_doctype(page: bytes, before: bytes) -> None:
    """Ahead of a doctype the page would fall into quirks mode; after its scripts they would not find it."""
    served = with_api(page)
    assert served == before + SCORM_API + page[len(before) :]


def test_a_page_of_unclosed_tags_gets_the_stand_in_lms_at_its_start_in_one_pass() -> None:
    """Each tag is looked for once, in the page's first bytes: a page of a million unclosed ``<head`` (which a
    pattern scanning to the end from each would take hours over) is answered at once."""
    page = b"<head " * 1_000_000 + b"<head>"
    assert with_api(page) == SCORM_API + page


def test_scorm_pages_get_the_stand_in_lms_and_other_packages_pages_are_served_as_they_are(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    members, launch = WRAPPINGS["as-exported"](EXPORTS["storyline-scorm2004"]())
    login(client, "gv1")
    assert upload(client, entry, write_zip(tmp_path / "s.zip", members).read_bytes(), "s.zip").status_code == 200
    source = frame_source(client, entry)
    served = app.test_client().get(source).get_data()
    assert served == with_api(members[launch]) and b"window.API_1484_11" in served
    story = app.test_client().get(source.replace(launch, "story.html")).get_data()
    assert story == with_api(members["story.html"])  # every page: a frame inside is an origin of its own
    html5 = {"index.html": members["story.html"]}
    assert upload(client, entry, write_zip(tmp_path / "h.zip", html5).read_bytes(), "h.zip").status_code == 200
    assert app.test_client().get(frame_source(client, entry)).get_data() == html5["index.html"]
