"""A package's copy in this host's cache damaged after it was fetched (a disk's fault): the preview never serves a
file from it, drops it and fetches the package again from the bucket; an object damaged in the bucket itself is a
``StoreError`` naming it, never a file served."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.services.entries.entry_preview import PackageFiles
from submissions.s3_client import s3_client
from submissions.s3_store import S3Store
from submissions.store import StoreError

from ..submissions.crafting import make_zip

PAGES = {f"trang{i}.html": f"<!doctype html><title>Trang {i}</title><p>Nội dung {i}</p>" for i in range(3)}


def _damage(path: Path) -> None:
    """Every byte of the file's first half inverted, its size kept (as a bad sector leaves it)."""
    data = bytearray(path.read_bytes())
    half = len(data) // 2
    data[:half] = bytes(b ^ 0xFF for b in data[:half])
    path.chmod(0o644)
    path.write_bytes(bytes(data))


@pytest.fixture
def bucket(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> S3Store:
    return S3Store(s3_client(s3_endpoint, "us-east-1"), s3_bucket, "app", tmp_path / "host", 64 * 1024 * 1024)


def test_a_damaged_cached_package_is_fetched_again_not_served(bucket: S3Store, tmp_path: Path) -> None:
    digest = bucket.put_file(make_zip(tmp_path / "goi.zip", PAGES))
    files = PackageFiles(bucket, tmp_path / "extracted", 64 * 1024 * 1024)
    first = files.member(digest, "trang0.html")
    assert first is not None and "Trang 0" in first.read_text()
    _damage(bucket.cache.path(digest))
    later = files.member(digest, "trang1.html")
    assert later is not None and later.read_text() == PAGES["trang1.html"]
    assert bucket.cache.verify(digest) == bucket.cache.path(digest)  # the cached copy is whole again


def test_a_package_damaged_in_the_bucket_is_an_error_naming_it(bucket: S3Store, tmp_path: Path) -> None:
    package = make_zip(tmp_path / "goi.zip", PAGES)
    digest = bucket.put_file(package)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(package.read_bytes())
    _damage(damaged)
    bucket.client.put_object(Bucket=bucket.bucket, Key=bucket.key(digest), Body=damaged.read_bytes())
    files = PackageFiles(bucket, tmp_path / "extracted", 64 * 1024 * 1024)
    with pytest.raises(StoreError, match=f"object {digest} in .* is damaged"):
        files.member(digest, "trang0.html")
    assert not bucket.cache.path(digest).exists()
    assert not [p for p in (tmp_path / "extracted").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert os.listdir(bucket.cache.staging) == []
