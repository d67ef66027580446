"""A SCORM 2004 package laid out as authoring tools lay it out, uploaded and judged through HTTP: zipped by Info-ZIP
in the folder the teacher named after herself (the manifest one level down), its resources under an ``xml:base``
that percent-encodes a Vietnamese folder name with a space, the launch page named with a space and percent-encoded
in the manifest, the author in the manifest's LOM, the page's meta tags, a photo's EXIF (ExifTool) and a video's tags
(ffmpeg), and two thousand small files beside them. The judge's page launches the package at its page; the page,
the photo and the video it links open in the preview; nothing the judge receives names the author."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, FileKind
from tests.builders import row_of
from tests.responses import search

from ..submissions import authored
from ..submissions.blind_helpers import AUTHOR, SCHOOL
from ..submissions.real_tools import ffmpeg, pattern, run, tags, video_tags
from . import entries_helpers
from .entries_helpers import World
from .test_real_tool_uploads import PHOTO_TAGS

pytestmark = pytest.mark.slow  # ffmpeg, ExifTool and Info-ZIP run: a few seconds

MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="Storyline_2004" version="1.0" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:lom="http://ltsc.ieee.org/xsd/LOM">
 <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>
  <lom:lom><lom:lifeCycle><lom:contribute><lom:role><lom:value>author</lom:value></lom:role>
   <lom:entity>BEGIN:VCARD&#13;&#10;FN:{AUTHOR}&#13;&#10;ORG:{SCHOOL}&#13;&#10;END:VCARD</lom:entity>
  </lom:contribute></lom:lifeCycle></lom:lom></metadata>
 <organizations default="ORG"><organization identifier="ORG"><title>Quang hợp</title>
  <item identifier="ITEM"><title>Chương 1</title>
   <item identifier="SCO" identifierref="RES"><title>Bài 1</title></item></item></organization></organizations>
 <resources xml:base="N%E1%BB%99i%20dung/">
  <resource identifier="RES" type="webcontent" adlcp:scormType="sco" href="b%C3%A0i%201.html">
   <file href="b%C3%A0i%201.html"/></resource></resources>
</manifest>
"""
PAGE = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="author" content="{AUTHOR}"><meta name="generator" content="Articulate Storyline">
<title>Quang hợp</title></head><body><h1>Bài 1: Quang hợp</h1>
<img src="h%C3%ACnh%20%E1%BA%A3nh/l%C3%A1%20c%C3%A2y.jpg" alt="Lá cây">
<video src="video/th%C3%AD%20nghi%E1%BB%87m.mp4" controls></video>
<script src="lib/m0.js"></script></body></html>
"""


@pytest.fixture
def world(app: Flask) -> World:
    return entries_helpers.authored_world()


entry = entries_helpers.entry


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The export, as Info-ZIP zips the folder ``<author> - Bài giảng Quang hợp``."""
    top = tmp_path / f"{AUTHOR} - Bài giảng Quang hợp"
    content = top / "Nội dung"
    for folder in ("hình ảnh", "video", "lib"):
        (content / folder).mkdir(parents=True)
    (top / "imsmanifest.xml").write_text(MANIFEST, encoding="utf-8")
    (content / "bài 1.html").write_text(PAGE, encoding="utf-8")
    photo = ffmpeg(content / "hình ảnh" / "lá cây.jpg", "-f", "lavfi", "-i", "testsrc=size=96x64", "-frames:v", "1")
    run("exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8", *PHOTO_TAGS, photo)
    assert AUTHOR in tags(photo)
    video = content / "video" / "thí nghiệm.mp4"
    ffmpeg(video, *pattern(), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", *video_tags())
    assert AUTHOR in tags(video)
    for n in range(2000):
        (content / "lib" / f"m{n}.js").write_text(f"var m{n} = {n};\n", encoding="utf-8")
    zipped = tmp_path / "goi-scorm.zip"
    run("zip", "-qr", zipped, top.name, cwd=tmp_path)
    return zipped


def test_a_scorm_2004_export_in_the_authors_folder_launches_for_the_judge_naming_nobody(
    client: FlaskClient, world: World, entry: Entry, package: Path
) -> None:
    entries_helpers.log_in(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(package.read_bytes()), "goi-scorm.zip")}
    response = client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    [stored] = row_of(Entry, entry.id).current_files
    assert stored.kind is FileKind.SCORM
    assert stored.launch == f"{AUTHOR} - Bài giảng Quang hợp/Nội dung/bài 1.html"

    entries_helpers.log_in(client, "gk")
    page = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    assert not authored.shows(page.encode(), AUTHOR)
    preview = search(r'<iframe id="preview"[^>]* src="([^"]+)"', page).group(1)
    assert preview.endswith("/" + quote("Nội dung/bài 1.html"))  # the folder that named her is renamed
    launched = client.get(preview)
    assert launched.status_code == 200 and "Bài 1: Quang hợp" in launched.get_data(as_text=True)
    base = preview.rsplit("/", 1)[0]
    linked = ["h%C3%ACnh%20%E1%BA%A3nh/l%C3%A1%20c%C3%A2y.jpg", "video/th%C3%AD%20nghi%E1%BB%87m.mp4", "lib/m1999.js"]
    for link in linked:
        answer = client.get(f"{base}/{link}")
        assert answer.status_code == 200, link
        assert "sandbox" in answer.headers["Content-Security-Policy"], link
        assert not authored.shows(answer.data, AUTHOR) and not authored.shows(answer.data, SCHOOL), link
    manifest = client.get(f"{base.rsplit('/', 1)[0]}/imsmanifest.xml")
    assert manifest.status_code == 200 and not authored.shows(manifest.data, AUTHOR)
    assert not authored.shows(launched.data, AUTHOR)
    download = client.get(f"/entries/{entry.id}/files/{stored.id}")
    assert download.status_code == 200 and not authored.shows(download.data, AUTHOR)
    assert not authored.shows(download.data, SCHOOL)
