"""An entry file whose stored original is damaged (a disk's fault) never becomes a judge's copy: blinding it would
store the damage under a hash of its own, where nothing would ever find it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, EntryFile
from app.storage import content_store
from tests.builders import row_of

from . import entries_helpers
from .entries_helpers import World
from .test_blind_review import upload_all, world

entry = entries_helpers.entry
login = entries_helpers.log_in
__all__ = ["world"]  # the fixture, used by name


def test_a_damaged_original_never_becomes_a_judge_copy(
    app: Flask,
    client: FlaskClient,
    world: World,
    entry: Entry,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An original whose stored bytes no longer hash to its name (a disk's fault) is not blinded into a new copy,
    which would be stored under a hash of its own and hide the damage for good: the judge gets the generic error,
    the fault is logged naming the object, and no copy is recorded."""
    files = upload_all(client, entry, tmp_path)
    found, original = files["thuyet-minh.pdf"]
    found.judge_sha256 = found.judge_size = found.judge_notes = None
    db.session.commit()
    stored = content_store().path(found.sha256)
    stored.chmod(0o644)
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0x20  # one bit, inside the document
    stored.write_bytes(bytes(damaged))
    login(client, "gk")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production: the error page, logged
    response = client.get(f"/entries/{entry.id}/files/{found.id}")
    assert response.status_code == 500 and response.data.find(bytes(damaged[:20])) < 0
    assert f"object {found.sha256} is damaged" in caplog.text
    db.session.expire_all()
    assert row_of(EntryFile, found.id).judge_sha256 is None
