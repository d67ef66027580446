"""The one place that picks the store: a local folder by default, a bucket when a storage URL names one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .store import ContentStore, LocalStore, StoreError


@lru_cache(maxsize=8)
def open_store(
    url: str | None, local_dir: str, endpoint: str | None, region: str | None, cache_mb: int
) -> ContentStore:
    """The store for these settings (one per process for the same settings, so that its client and caches are
    shared): ``url`` None or empty means the folder ``local_dir``; ``s3://bucket/prefix`` a bucket at ``endpoint``
    (None: AWS), with ``local_dir`` for this host's staging and a cache of at most ``cache_mb`` MiB. Any other
    URL is a ``StoreError`` that names it."""
    if not url:
        return LocalStore(local_dir)
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise StoreError(f"HOITHI_STORAGE_URL must be s3://bucket/prefix, not {url!r}")
    from .s3_client import s3_client  # boto3 only where a bucket is used
    from .s3_store import S3Store

    client = s3_client(endpoint, region)
    return S3Store(client, parts.netloc, parts.path, Path(local_dir), cache_mb * 1024 * 1024)
