"""The content-addressed store: objects are stored once under their SHA-256, verified on read, never half-written."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from submissions.store import LocalStore, StoreError, TooLarge


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


def objects(store: LocalStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


def test_put_stores_under_the_hash(store: LocalStore) -> None:
    data = "Bài giảng".encode() * 1000
    digest, size = store.put(io.BytesIO(data))
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert digest in store
    assert store.verify(digest).read_bytes() == data
    assert store.read_bytes(digest) == data


def test_same_content_is_stored_once(store: LocalStore, tmp_path: Path) -> None:
    first = store.put_bytes(b"same")
    (tmp_path / "copy.bin").write_bytes(b"same")
    assert store.put_file(tmp_path / "copy.bin") == first
    assert len(objects(store)) == 1


def test_damaged_object_is_detected(store: LocalStore) -> None:
    digest = store.put_bytes(b"original")
    path = store.path(digest)
    os.chmod(path, 0o644)
    path.write_bytes(b"tampered")
    with pytest.raises(StoreError, match="damaged"):
        store.verify(digest)
    with pytest.raises(StoreError, match="damaged"):
        store.read_bytes(digest)


def test_missing_object(store: LocalStore) -> None:
    with pytest.raises(StoreError, match="missing"):
        store.verify("0" * 64)
    assert "0" * 64 not in store


def test_not_a_digest_is_refused(store: LocalStore) -> None:
    with pytest.raises(StoreError, match="not a SHA-256"):
        store.path("../../etc/passwd")


def test_too_large_leaves_nothing(store: LocalStore) -> None:
    with pytest.raises(TooLarge):
        store.put(io.BytesIO(bytes(3 * 1024 * 1024)), max_bytes=2 * 1024 * 1024)
    assert objects(store) == []


def test_exactly_the_limit_is_accepted(store: LocalStore) -> None:
    digest, size = store.put(io.BytesIO(b"12345"), max_bytes=5)
    assert size == 5 and digest in store


def test_stored_objects_are_read_only(store: LocalStore) -> None:
    digest = store.put_bytes(b"x")
    assert store.path(digest).stat().st_mode & 0o222 == 0
