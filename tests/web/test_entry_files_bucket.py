"""Entry files with the store in a bucket (moto's S3 server): a download is a redirect to a short-lived signed link
that serves the file under its name, and an upload while the store is down is refused with a clear message and
stores nothing."""

from __future__ import annotations

import io
import logging
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, EntryFile
from app.services.entries import entering, entry_files
from app.storage import content_store

from ..conftest import GuardedBucket
from ..submissions.crafting import PDF
from . import entries_helpers
from .entries_helpers import World, lecture

world = entries_helpers.world


@pytest.fixture
def bucket_app(app: Flask, s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    for key, value in {
        "STORAGE_URL": f"s3://{s3_bucket}/entries",
        "S3_ENDPOINT": s3_endpoint,
        "STORAGE_DIR": str(tmp_path / "web"),
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return app


def _entry_with_a_document(world: World, tmp_path: Path) -> tuple[Entry, EntryFile]:
    """The teacher's e-lecture entry with a PDF document stored (in the app's store, committed)."""
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    (tmp_path / "thuyet-minh.pdf").write_bytes(PDF)
    added = entry_files.add_file(
        db.session,
        content_store(),
        world.teacher,
        entry,
        tmp_path / "thuyet-minh.pdf",
        "thuyet-minh.pdf",
        entry_files.Slot.DOCUMENT,
    )
    db.session.commit()
    return entry, added


def test_a_download_is_a_signed_link_to_the_object(
    bucket_app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    entry, added = _entry_with_a_document(world, tmp_path)
    assert client.post("/login", data={"username": "gv1", "password": "password123"}).status_code == 302
    answer = client.get(f"/entries/{entry.id}/files/{added.id}")
    assert answer.status_code == 302
    link = answer.headers["Location"]
    assert link.startswith(bucket_app.config["S3_ENDPOINT"]) and "X-Amz-Expires=300" in link
    with urllib.request.urlopen(link) as got:
        assert got.read() == PDF
        assert got.headers["Content-Type"] == "application/pdf"
        assert got.headers["Content-Disposition"].startswith("inline; filename*=UTF-8''")
    assert not (tmp_path / "web" / "cache").exists()  # the web host passed no byte of it


def test_an_upload_while_the_store_is_down_is_refused_clearly(
    bucket_app: Flask, client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    monkeypatch.setitem(bucket_app.config, "S3_ENDPOINT", "http://127.0.0.1:9")  # the store's server is down
    assert client.post("/login", data={"username": "gv1", "password": "password123"}).status_code == 302
    form = {"slot": "document", "file": (io.BytesIO(PDF), "thuyet-minh.pdf")}
    answer = client.post(
        f"/entries/{entry.id}/files",
        data=form,
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},  # as the page's script sends it
    )
    assert answer.status_code == 503
    assert answer.get_json()["errors"] == ["Hiện chưa kết nối được tới kho lưu trữ tệp. Vui lòng thử lại sau ít phút."]
    db.session.expire_all()
    assert entry.current_files == [] and entry_files.versions(entry) == []


REFUSED = (
    "Kho lưu trữ tệp đã từ chối yêu cầu này. Lỗi nằm ở cấu hình của hệ thống, không phải do thao tác của bạn, và đã"
    " được ghi lại; vui lòng báo cho ban tổ chức."
)


def _store_errors(caplog: pytest.LogCaptureFixture, bucket: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and f"s3://{bucket}/app/" in r.getMessage()]


def test_an_upload_to_a_bucket_that_refuses_writes_is_refused_clearly_and_logged_once(
    app: Flask,
    client: FlaskClient,
    world: World,
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guarded_bucket.use_in(app, "reader", tmp_path, monkeypatch)
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    assert client.post("/login", data={"username": "gv1", "password": "password123"}).status_code == 302
    form = {"slot": "document", "file": (io.BytesIO(PDF), "thuyet-minh.pdf")}
    answer = client.post(
        f"/entries/{entry.id}/files",
        data=form,
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert answer.status_code == 503
    assert answer.get_json()["errors"] == [REFUSED]
    db.session.expire_all()
    assert entry.current_files == [] and entry_files.versions(entry) == []
    (logged,) = _store_errors(caplog, guarded_bucket.bucket)
    assert f"entry {entry.id}: upload not stored: the bucket s3://{guarded_bucket.bucket}/app/ refuses storing" in (
        logged.getMessage()
    )
    assert "(AccessDenied)" in logged.getMessage()


def test_a_file_the_bucket_refuses_to_read_is_a_clear_page_not_the_buckets_refusal(
    app: Flask,
    client: FlaskClient,
    world: World,
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    entry, added = _entry_with_a_document(world, tmp_path)
    guarded_bucket.use_in(app, "nobody", tmp_path, monkeypatch)  # the web host's keys lost their rights
    assert client.post("/login", data={"username": "gv1", "password": "password123"}).status_code == 302
    answer = client.get(f"/entries/{entry.id}/files/{added.id}")
    assert answer.status_code == 503  # not a redirect to a link the bucket would refuse
    page = answer.get_data(as_text=True)
    assert REFUSED in page and "Traceback" not in page and "AccessDenied" not in page
    (logged,) = _store_errors(caplog, guarded_bucket.bucket)
    assert f"GET /entries/{entry.id}/files/{added.id}: the bucket" in logged.getMessage()
    assert "refuses looking up" in logged.getMessage()
