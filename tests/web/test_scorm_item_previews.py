"""A SCORM package of several items (SCOs and assets): the judge's preview lists every launching item of the
manifest's organisation under its title as written, in order, nested items marked by their level, and each opens
its own page of the judge's copy; the author's upload report says how many items the judges will see, and a name
written in an item's title is one the author is warned about, not taken out."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry
from tests.builders import present, row_of

from ..submissions.blind_helpers import AUTHOR
from ..submissions.crafting import make_zip
from ..submissions.test_scorm_items import PAGE, SCORM_2004
from . import entries_helpers
from .entries_helpers import World

entry = entries_helpers.entry


@pytest.fixture
def world(app: Flask) -> World:
    return entries_helpers.authored_world()


ITEM = re.compile(r'<li data-level="(\d)"><a href="([^"]+)" target="preview-frame">([^<]*)</a></li>')


def _package(tmp_path: Path) -> bytes:
    manifest = SCORM_2004.replace("Bài 2.1 – Lục lạp", f"Bài 2.1 – {AUTHOR}")
    files = {"Bài giảng/imsmanifest.xml": manifest}
    for page in ("bai1/index.html", "bai2/index.html", "bai2/luc_lap.html", "kiem_tra.html"):
        files[f"Bài giảng/noi_dung/{page}"] = PAGE.replace("Nội dung", f"Trang {page}")
    return make_zip(tmp_path / "goi.zip", files).read_bytes()


def test_the_judge_opens_every_item_and_the_author_is_told_how_many(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    entries_helpers.log_in(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(_package(tmp_path)), "goi.zip")}
    answer = client.post(
        f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data", follow_redirects=True
    )
    assert "Giám khảo sẽ thấy 4 mục của tệp kê khai" in answer.get_data(as_text=True)
    db.session.expire_all()
    [stored] = row_of(Entry, entry.id).current_files
    assert any(AUTHOR in names for _where, _place, names in present(stored.judge_notes)["sightings"])  # warned

    entries_helpers.log_in(client, "gk")
    page = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    items = [(int(level), html.unescape(href), html.unescape(title)) for level, href, title in ITEM.findall(page)]
    assert [(level, title) for level, _href, title in items] == [
        (0, "Bài 1: Giới thiệu"),
        (1, "— Bài 2"),
        (2, f"— — Bài 2.1 – {AUTHOR}"),  # the work as written: the author was warned
        (0, "Kiểm tra"),
    ]
    assert items[0][1].endswith("/noi_dung/bai1/index.html?part=1") and items[1][1].endswith("#dau")
    for (_level, href, _title), written in zip(
        items, ("bai1/index.html", "bai2/index.html", "bai2/luc_lap.html", "kiem_tra.html"), strict=True
    ):
        opened = app.test_client().get(href.split("#")[0])  # the sandboxed frame sends no cookie
        assert opened.status_code == 200 and f"Trang {written}" in opened.get_data(as_text=True), href


def test_a_package_of_one_item_shows_no_list(client: FlaskClient, world: World, entry: Entry, tmp_path: Path) -> None:
    """A one-item package opens in the frame as before, with nothing more to choose."""
    files = {"imsmanifest.xml": SCORM_2004.split("<organization identifier")[0] + _ONE_ITEM, "index.html": PAGE}
    entries_helpers.log_in(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(make_zip(tmp_path / "mot.zip", files).read_bytes()), "mot.zip")}
    answer = client.post(
        f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data", follow_redirects=True
    )
    assert "Giám khảo sẽ thấy 1 mục của tệp kê khai" in answer.get_data(as_text=True)
    entries_helpers.log_in(client, "gk")
    page = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    assert 'id="preview"' in page and 'id="package-items"' not in page


_ONE_ITEM = """<organization identifier="main"><title>Một bài</title>
      <item identifier="i1" identifierref="r1"><title>Bài duy nhất</title></item>
    </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" href="index.html"/></resources>
</manifest>
"""
