"""A SCORM lecture whose manifest launches its page with a query (Storyline's ``index_lms.html?lang=vi`` and an
item's ``parameters``) opens with that query in the author's and the judge's preview frame and new-tab link, and the
page answers at that address; a hostile query is written encoded, closing no attribute of hoithi's page."""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, EntryFile
from app.services.entries import entry_files
from app.storage import content_store
from submissions.s3_store import S3Store
from tests.builders import row_of

from ..submissions.crafting import make_zip
from ..submissions.test_launch_query import MANIFEST
from . import entries_helpers
from .entries_helpers import World

world = entries_helpers.world
entry = entries_helpers.entry

FRAME = re.compile(r'<iframe id="preview"[^>]*\ssrc="([^"]+)"')
PAGE = "<!doctype html><html><head><meta charset='utf-8'><title>Bài 1</title></head><body>Quang hợp</body></html>"


def _upload(client: FlaskClient, entry: Entry, data: bytes) -> None:
    entries_helpers.log_in(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(data), "goi.zip")}
    response = client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data")
    assert response.status_code == 302


def _frame(page: str) -> str:
    found = FRAME.search(page)
    assert found is not None
    return found.group(1)


def _package(tmp_path: Path, parameters: str) -> bytes:
    manifest = MANIFEST.format(href="index_lms.html?lang=vi", parameters=f'parameters="{parameters}"')
    files = {"Bài giảng/imsmanifest.xml": manifest, "Bài giảng/index_lms.html": PAGE}
    return make_zip(tmp_path / "goi.zip", files).read_bytes()


def test_the_preview_launches_the_page_with_its_query_for_author_and_judge(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    _upload(client, entry, _package(tmp_path, "?resume=false"))
    db.session.expire_all()
    [stored] = row_of(Entry, entry.id).current_files
    assert (stored.launch, stored.launch_query) == ("Bài giảng/index_lms.html", "?lang=vi&resume=false")
    for login, page in (("gv1", f"/entries/{entry.id}"), ("gk", f"/review/entries/{entry.id}")):
        entries_helpers.log_in(client, login)
        text = client.get(page).get_data(as_text=True)
        written = _frame(text)
        source = html.unescape(written)
        assert source.endswith("/index_lms.html?lang=vi&resume=false"), (login, source)
        assert f'href="{written}"' in text  # the new tab's link too
        answer = app.test_client().get(source)  # the sandboxed frame sends no cookie
        assert answer.status_code == 200 and "Quang hợp" in answer.get_data(as_text=True), login


def test_a_hostile_query_is_written_encoded_in_the_frames_address(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    _upload(client, entry, _package(tmp_path, "&amp;x=&quot; onload=&quot;alert(1)&quot;&gt;&lt;script&gt;"))
    entries_helpers.log_in(client, "gk")
    text = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    assert "<script>" not in text and ' onload="' not in text
    source = html.unescape(_frame(text))
    assert source.endswith("/index_lms.html?lang=vi&x=%22%20onload=%22alert(1)%22%3E%3Cscript%3E")


def test_packages_stored_before_launch_queries_recover_theirs_once_the_command_runs(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    """A package uploaded before hoithi recorded launch queries has NULL there and opens bare; `hoithi entries
    recover-launch-queries` reads its manifest again and records the query, and a second run changes nothing."""
    _upload(client, entry, _package(tmp_path, "?resume=false"))
    db.session.expire_all()
    [stored] = row_of(Entry, entry.id).current_files
    stored.launch_query = None  # as every package stored before the release
    db.session.commit()
    entries_helpers.log_in(client, "gk")
    assert html.unescape(_frame(client.get(f"/review/entries/{entry.id}").get_data(as_text=True))).endswith(
        "/index_lms.html"
    )

    first = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    assert (first.exit_code, first.output) == (0, "1 packages read, 1 launch queries recorded\n"), first.output
    db.session.expire_all()
    assert row_of(Entry, entry.id).current_files[0].launch_query == "?lang=vi&resume=false"
    source = html.unescape(_frame(client.get(f"/review/entries/{entry.id}").get_data(as_text=True)))
    assert source.endswith("/index_lms.html?lang=vi&resume=false")
    again = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    assert again.output == "0 packages read, 0 launch queries recorded\n"


def _large_package(tmp_path: Path, noise_bytes: int) -> Path:
    """A Storyline-like package whose manifest adds a query, beside ``noise_bytes`` of incompressible media."""
    manifest = MANIFEST.format(href="index_lms.html?lang=vi", parameters='parameters="?resume=false"')
    files: dict[str, str | bytes] = {
        "Bài giảng/imsmanifest.xml": manifest,
        "Bài giảng/index_lms.html": PAGE,
        "Bài giảng/story_content/audio.bin": os.urandom(noise_bytes),
    }
    return make_zip(tmp_path / "lon.zip", files)


def _stored_before_queries(world: World, entry: Entry, package: Path) -> EntryFile:
    """``package`` stored for ``entry`` and its row set back as every package stored before the release."""
    added = entry_files.add_file(
        db.session, content_store(), world.teacher, entry, package, "lon.zip", entry_files.Slot.PACKAGE
    )
    added.launch_query = None
    db.session.commit()
    return added


NOISE = 12 * 1024 * 1024
READ_BOUND = 1024 * 1024
"""What a run may read of a package of ``NOISE`` bytes: its end, its directory and its manifest, well under this."""


def test_recovering_a_query_reads_only_the_zips_directory_and_manifest_from_a_bucket(
    app: Flask,
    world: World,
    entry: Entry,
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A province's bucket holds packages of hundreds of megabytes: the command fetches the ranges it reads (the
    zip's end, directory and manifest), not the whole object, in a few requests, and leaves no copy in this host's
    cache."""
    settings = {
        "STORAGE_URL": f"s3://{s3_bucket}/app",
        "S3_ENDPOINT": s3_endpoint,
        "STORAGE_DIR": str(tmp_path / "host"),
    }
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    stored = _stored_before_queries(world, entry, _large_package(tmp_path, NOISE))
    store = content_store()
    assert isinstance(store, S3Store)
    store.cache.delete(stored.sha256)  # another host stored it
    fetched: list[int] = []

    def count(http_response: Any, **_: Any) -> None:
        fetched.append(int(http_response.headers["Content-Length"]))

    store.client.meta.events.register("after-call.s3.GetObject", count)
    try:
        done = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    finally:
        store.client.meta.events.unregister("after-call.s3.GetObject", count)
    assert (done.exit_code, done.output) == (0, "1 packages read, 1 launch queries recorded\n"), done.output
    db.session.expire_all()
    assert db.session.get(EntryFile, stored.id).launch_query == "?lang=vi&resume=false"  # type: ignore[union-attr]
    assert stored.size > NOISE and 0 < sum(fetched) < READ_BOUND and len(fetched) <= 6, fetched
    assert stored.sha256 not in [p.parent.name + p.name for p in store.cache.root.glob("??/*")]


def test_recovering_a_query_reads_only_the_zips_directory_and_manifest_from_a_folder(
    app: Flask, world: World, entry: Entry, tmp_path: Path
) -> None:
    """From the local store too, the package is not read whole (the bytes this process reads, as Linux counts
    them, stay far under its size)."""
    stored = _stored_before_queries(world, entry, _large_package(tmp_path, NOISE))
    before = _bytes_read()
    done = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    read = _bytes_read() - before
    assert (done.exit_code, done.output) == (0, "1 packages read, 1 launch queries recorded\n"), done.output
    assert stored.size > NOISE and read < READ_BOUND, read


def _bytes_read() -> int:
    """The bytes this process has read through read(2) and its kin (``rchar`` of ``/proc/self/io``)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def test_recovering_with_the_store_down_stops_with_a_clear_error_and_goes_on_later(
    app: Flask, world: World, entry: Entry, s3_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bucket that cannot be reached is said once, with how to go on, not as every package "missing or damaged";
    nothing is recorded, and a run once the store answers recovers the query (``s3_endpoint`` gives the keys)."""
    stored = _stored_before_queries(world, entry, _large_package(tmp_path, 1024))
    with monkeypatch.context() as down:
        down.setitem(app.config, "STORAGE_URL", "s3://hoithi/app")
        down.setitem(app.config, "S3_ENDPOINT", "http://127.0.0.1:9")
        failed = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    assert failed.exit_code == 1, failed.output
    assert "s3://hoithi/app/ cannot be reached" in failed.output and "run the command again" in failed.output
    assert "missing or damaged" not in failed.output
    db.session.expire_all()
    assert db.session.get(EntryFile, stored.id).launch_query is None  # type: ignore[union-attr]
    again = app.test_cli_runner().invoke(args=["entries", "recover-launch-queries"])
    assert again.output == "1 packages read, 1 launch queries recorded\n", again.output
