"""The store's disk full during an upload (a small tmpfs mounted as ``STORAGE_DIR``): the contestant is told in
Vietnamese that the server has no room, nothing is half stored (no object, no temporary file, no row), and the same
upload succeeds once room is made."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.services.entries import entering, entry_files

from ..submissions.crafting import PDF
from . import entries_helpers
from .entries_helpers import World, lecture

world = entries_helpers.world

FULL = (
    "Máy chủ đã hết chỗ lưu tệp nên chưa nhận được tệp này; không có gì bị lưu dở. Lỗi nằm ở máy chủ, không phải do"
    " bạn, và đã được ghi lại; vui lòng báo cho ban tổ chức rồi thử lại sau."
)


@pytest.fixture
def small_disk(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted as the store's folder (the tests run as root, as the sandbox's need it)."""
    folder = tmp_path / "store"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=True)
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _pdf(size: int) -> bytes:
    """A PDF document of ``size`` bytes (a comment after its header pads it)."""
    header, rest = PDF.split(b"\n", 1)
    return header + b"\n%" + b"x" * (size - len(PDF) - 2) + b"\n" + rest


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _upload(client: FlaskClient, entry_id: int, data: bytes) -> tuple[int, list[str]]:
    answer = client.post(
        f"/entries/{entry_id}/files",
        data={"slot": "document", "file": (io.BytesIO(data), "thuyet-minh.pdf")},
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},  # as the page's script sends it
    )
    return answer.status_code, (answer.get_json() or {}).get("errors", [])


@pytest.mark.parametrize(
    ("filler", "size"),
    [
        (0, 2 * 1024 * 1024),  # the upload itself does not fit while it streams in
        (300 * 1024, 400 * 1024),  # it arrives whole, then its copy into the store does not fit
    ],
    ids=["while-receiving", "while-storing"],
)
def test_an_upload_onto_a_full_disk_is_refused_clearly_and_stores_nothing(
    app: Flask, client: FlaskClient, world: World, small_disk: Path, filler: int, size: int
) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    (small_disk / "filler").write_bytes(os.urandom(filler))
    before = _files(small_disk)
    assert client.post("/login", data={"username": "gv1", "password": "password123"}).status_code == 302

    status, errors = _upload(client, entry.id, _pdf(size))

    assert (status, errors) == (507, [FULL])
    assert _files(small_disk) == before  # no object, no temporary file left
    db.session.expire_all()
    assert entry.current_files == [] and entry_files.versions(entry) == []

    (small_disk / "filler").unlink()  # room made: the same upload goes through
    status, errors = _upload(client, entry.id, _pdf(150 * 1024))
    assert (status, errors) == (200, [])
    db.session.expire_all()
    assert [f.original_name for f in entry.current_files] == ["thuyet-minh.pdf"]
