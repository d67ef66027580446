"""A lecture built as today's HTML5 tools build it runs in the sandboxed preview of a real browser: its page reads
its own data with fetch and XMLHttpRequest, loads a module script and a stylesheet marked ``crossorigin``, and shows
a picture named in Vietnamese and linked in another letter case. The frame's origin is opaque, so each of these
is a cross-origin request that the preview must answer as one (CORS), without cookies."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, FrameLocator, expect

from app.extensions import db
from app.services.entries import entering, entry_files
from app.storage import content_store

from ..submissions.exports import PNG_1PX
from ..web.entries_helpers import World, lecture
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Quang hợp</title>
<link rel="stylesheet" crossorigin href="assets/style.css">
<script type="module" crossorigin src="assets/app.js"></script></head>
<body><h1>Quang hợp</h1><p id="fetch">…</p><p id="xhr">…</p><p id="module">…</p><p id="cookie">…</p>
<img id="leaf" src="Anh/La%20Cay.PNG" alt="Lá cây">
<script>
fetch("data/bai-hoc.json").then(r => r.json()).then(d => { document.getElementById("fetch").textContent = d.title; })
  .catch(e => { document.getElementById("fetch").textContent = "lỗi: " + e; });
const x = new XMLHttpRequest();
x.open("GET", "data/bai-hoc.json");
x.onload = () => { document.getElementById("xhr").textContent = JSON.parse(x.responseText).title; };
x.onerror = () => { document.getElementById("xhr").textContent = "lỗi"; };
x.send();
</script></body></html>"""
MODULE = """import { title } from "./title.js";
document.getElementById("module").textContent = title;
let cookie; try { cookie = "đọc được: " + document.cookie; } catch (e) { cookie = "bị chặn"; }
document.getElementById("cookie").textContent = cookie;
"""


def lecture_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Bai giang/index.html", PAGE)
        zf.writestr("Bai giang/assets/style.css", "h1 { color: rgb(0, 128, 0); }")
        zf.writestr("Bai giang/assets/app.js", MODULE)
        zf.writestr("Bai giang/assets/title.js", 'export const title = "mô-đun đã chạy";')
        zf.writestr("Bai giang/data/bai-hoc.json", '{"title": "Quang hợp ở thực vật"}')
        zf.writestr("Bai giang/anh/la cay.png", PNG_1PX)  # linked as Anh/La%20Cay.PNG
    return path


def _preview(browser: Browser, live_server: str, package: Path) -> FrameLocator:
    """``package`` uploaded as the package of a new e-lecture of gv1's, and the preview's frame on its page, as gv1
    sees it in the browser."""
    world = World()
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    slot = entry_files.Slot.PACKAGE
    entry_files.add_file(db.session, content_store(), world.teacher, entry, package, package.name, slot)
    db.session.commit()
    page = browser.new_context().new_page()
    log_in(page, live_server, "gv1")
    page.goto(f"{live_server}/entries/{entry.id}")
    return page.frame_locator("#preview")


def test_a_modern_html5_lecture_runs_in_the_preview(
    app: Flask, live_server: str, browser: Browser, tmp_path: Path
) -> None:
    frame = _preview(browser, live_server, lecture_zip(tmp_path / "bai-giang.zip"))
    expect(frame.locator("#fetch")).to_have_text("Quang hợp ở thực vật")
    expect(frame.locator("#xhr")).to_have_text("Quang hợp ở thực vật")
    expect(frame.locator("#module")).to_have_text("mô-đun đã chạy")
    expect(frame.locator("#cookie")).to_have_text("bị chặn")  # still an opaque origin: CORS lends it no cookie
    expect(frame.locator("h1")).to_have_css("color", "rgb(0, 128, 0)")
    loaded = frame.locator("#leaf").evaluate("img => img.complete && img.naturalWidth")
    assert loaded == 1


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bai-giang" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="o"><organization identifier="o"><title>Quang hợp</title>
    <item identifier="i" identifierref="r"><title>Bài 1</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="scormdriver/index_lms.html"/>
  </resources>
</manifest>"""
# How SCORM content finds its LMS: the API object on this window or on one of its parents (no try/catch, as
# most wrappers write it), then LMSInitialize; the lesson starts either way.
SCO = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Quang hợp</title></head><body>
<h1>Quang hợp</h1><p id="lms">…</p><p id="lesson">…</p>
<script>
function findAPI(win) {
  let hops = 0;
  while (!win.API && win.parent && win.parent !== win && hops++ < 7) { win = win.parent; }
  return win.API || null;
}
const api = findAPI(window);
document.getElementById("lms").textContent = api ? "LMSInitialize: " + api.LMSInitialize("") : "không có LMS";
api.LMSSetValue("cmi.core.lesson_status", "incomplete");
document.getElementById("lesson").textContent = "trạng thái: " + api.LMSGetValue("cmi.core.lesson_status");
</script></body></html>"""


def test_a_scorm_lecture_finds_an_lms_in_the_preview(
    app: Flask, live_server: str, browser: Browser, tmp_path: Path
) -> None:
    """In the sandbox the LMS cannot be the page around the frame (reaching into it throws): the preview gives the
    launch page an API of its own, which keeps what the lesson sets while it runs and stores nothing."""
    path = tmp_path / "scorm.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("imsmanifest.xml", MANIFEST)
        zf.writestr("scormdriver/index_lms.html", SCO)
    frame = _preview(browser, live_server, path)
    expect(frame.locator("#lms")).to_have_text("LMSInitialize: true")
    expect(frame.locator("#lesson")).to_have_text("trạng thái: incomplete")
