"""The content-addressed store in a bucket of S3-compatible object storage (MinIO, Ceph, Garage, a cloud bucket),
shared by every host, with a bounded cache of the objects read on this host.

The object ``ab12…`` is the key ``<prefix>ab/12…``. An upload is read in parts of ``PART`` bytes (never whole): a
file of one part is written to its key at once (a PUT is atomic); a longer one goes up as a multipart upload to a
temporary key (``<prefix>tmp/…``), and only once it is complete, its size checked and its hash known, is it copied
to its key and the temporary key deleted, so a key never holds half an object. Each object records its hash in
its metadata (``sha256``), which ``holds`` reads to tell a whole copy without downloading it; an upload skips the
write only where the key holds the object so (one copied there by other tools, ``aws s3 sync`` of the folder or a
mirror restored without metadata, is written again with its hash). A failed upload is
aborted (one whose abort is refused too is left under the temporary prefix, never under a hash); what a killed
process leaves (an unfinished multipart upload, a temporary key) is removed by
``sweep_uploads`` (which workers run now and then) or the bucket's lifecycle rule (docs/deployment.md). Reads
fetch the object into the cache under ``<local_root>/cache`` (the same layout as a local store), checking its hash
on the way and again on each read, as a local store does.

Faults of the service become this package's errors where they happen: ``StoreUnavailable`` (cannot be reached,
times out, answers 5xx: after botocore's retries with backoff), ``StoreDenied`` (no permission, no such bucket, bad
credentials: asked once, as asking again would be refused again) and ``StoreError`` for the rest.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

# botocore ships no types and no stubs are installed: its imports alone are ignored
from botocore.exceptions import (  # type: ignore[import-untyped]  # untyped library
    BotoCoreError,
    ClientError,
    HTTPClientError,
    IncompleteReadError,
    NoCredentialsError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from .object_cache import touch, trim
from .ranged_object import RangedObject
from .s3_client import BUSY, DENIED, MISSING
from .store import (
    CHUNK,
    ContentStore,
    LocalStore,
    Readable,
    StoreDenied,
    StoreError,
    StoreUnavailable,
    TooLarge,
    check_digest,
    room_needed,
)

log = logging.getLogger(__name__)

PART = 8 * 1024 * 1024
"""Bytes held in memory at a time while uploading (S3 wants at least 5 MiB per part but the last)."""
RANGE_BYTES = 128 * 1024
"""The least read from a bucket at a time by ``open_object`` (a zip's end, its directory, a manifest)."""
SIGNED_URL_SECONDS = 300
_OBJECT_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{62}$")
"""An object's key after the prefix (``ab/12…``, see ``key``)."""


class S3Store(ContentStore):
    """Objects in ``bucket`` under ``prefix``; this host's files under ``local_root`` (staging, and the cache,
    kept under ``cache_bytes``). Uploads go in parts of ``part_bytes``."""

    def __init__(
        self, client: Any, bucket: str, prefix: str, local_root: Path, cache_bytes: int, part_bytes: int = PART
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.local_root = local_root
        self.cache = LocalStore(local_root / "cache")
        self.cache_bytes = cache_bytes
        self.part_bytes = part_bytes

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def key(self, digest: str) -> str:
        check_digest(digest)
        return f"{self.prefix}{digest[:2]}/{digest[2:]}"

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn a fault of the service, met while ``doing`` something, into one of this package's errors: a
        refusal (no retry was made: it would be refused again) is ``StoreDenied``; a server that cannot be
        reached, times out or answers 5xx or "slow down" even after botocore's retries is ``StoreUnavailable``."""
        try:
            yield
        except NoCredentialsError as exc:
            raise StoreDenied(f"{self.describe()}: no credentials (AWS_ACCESS_KEY_ID) while {doing}") from exc
        except (BotoConnectionError, HTTPClientError, IncompleteReadError) as exc:  # incl. timeouts, cut bodies
            raise StoreUnavailable(f"{self.describe()} cannot be reached while {doing}: {exc}") from exc
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
            if code in DENIED or status == 403:
                raise StoreDenied(
                    f"the bucket {self.describe()} refuses {doing} with these keys ({code}): check that the bucket"
                    " exists and that its policy lets these keys read and write it"
                ) from exc
            if status >= 500 or code in BUSY:
                raise StoreUnavailable(f"{self.describe()} fails while {doing} ({code}), even after retries") from exc
            raise StoreError(f"{self.describe()}: {doing} failed ({code}): {exc}") from exc
        except BotoCoreError as exc:
            raise StoreError(f"{self.describe()}: {doing} failed: {exc}") from exc

    def __contains__(self, digest: str) -> bool:
        key = self.key(digest)
        with self._errors(f"looking up {digest}"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code", "")) in MISSING:
                    return False
                raise
        return True

    def holds(self, digest: str, size: int) -> bool:
        """From the object's size and the hash recorded with it at upload (its metadata ``sha256``)."""
        with self._errors(f"looking up {digest}"):
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code", "")) in MISSING:
                    return False
                raise
        return bool(head["ContentLength"] == size and head.get("Metadata", {}).get("sha256") == digest)

    def put(self, stream: Readable, max_bytes: int | None = None) -> tuple[str, int]:
        digest = hashlib.sha256()
        part = _fill(stream, self.part_bytes)
        size = len(part)
        _check_size(size, max_bytes)
        digest.update(part)
        if len(part) < self.part_bytes:  # all of it: written to its key in one atomic PUT
            hexdigest = digest.hexdigest()
            if not self.holds(hexdigest, size):
                with self._errors(f"storing {hexdigest}"):
                    self.client.put_object(
                        Bucket=self.bucket, Key=self.key(hexdigest), Body=part, Metadata={"sha256": hexdigest}
                    )
            return hexdigest, size
        tmp = f"{self.prefix}tmp/{uuid.uuid4().hex}"
        with self._errors("starting an upload"):
            upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=tmp)["UploadId"]
        completed = False
        try:
            parts: list[dict[str, Any]] = []
            while part:
                with self._errors(f"uploading part {len(parts) + 1}"):
                    answer = self.client.upload_part(
                        Bucket=self.bucket, Key=tmp, UploadId=upload_id, PartNumber=len(parts) + 1, Body=part
                    )
                parts.append({"ETag": answer["ETag"], "PartNumber": len(parts) + 1})
                part = _fill(stream, self.part_bytes)
                size += len(part)
                _check_size(size, max_bytes)
                digest.update(part)
            with self._errors("completing an upload"):
                self.client.complete_multipart_upload(
                    Bucket=self.bucket, Key=tmp, UploadId=upload_id, MultipartUpload={"Parts": parts}
                )
            completed = True
            hexdigest = digest.hexdigest()
            with self._errors(f"checking the upload of {hexdigest}"):
                stored = self.client.head_object(Bucket=self.bucket, Key=tmp)["ContentLength"]
            if stored != size:
                raise StoreError(f"{self.describe()}: the upload of {hexdigest} holds {stored} bytes of {size}")
            if not self.holds(hexdigest, size):
                with self._errors(f"storing {hexdigest}"):
                    self.client.copy(
                        {"Bucket": self.bucket, "Key": tmp},
                        self.bucket,
                        self.key(hexdigest),
                        ExtraArgs={"Metadata": {"sha256": hexdigest}, "MetadataDirective": "REPLACE"},
                    )
            return hexdigest, size
        finally:
            try:
                with self._errors(f"cleaning up the upload {tmp}"):
                    if completed:
                        self.client.delete_object(Bucket=self.bucket, Key=tmp)
                    else:
                        self.client.abort_multipart_upload(Bucket=self.bucket, Key=tmp, UploadId=upload_id)
            except StoreError as exc:
                # the fault that stopped the upload (raised on) says more than this one; what is left is under
                # the temporary prefix, never under a hash, and sweep_uploads or the lifecycle rule removes it
                log.warning("%s", exc)

    def path(self, digest: str) -> Path:
        cached = self.cache.path(digest)
        if cached.is_file():
            touch(cached)
            return cached
        try:
            return self._fetch(digest)
        except _Missing:
            return cached

    def verify(self, digest: str) -> Path:
        cached = self.cache.path(digest)
        if cached.is_file():
            try:
                self.cache.verify(digest)
                touch(cached)
                return cached
            except StoreError:  # a damaged copy on this host: fetched again below
                self.cache.delete(digest)
        try:
            return self._fetch(digest)
        except _Missing as exc:
            raise StoreError(f"object {digest} is missing from {self.describe()}") from exc

    @contextmanager
    def open_object(self, digest: str, size: int) -> Iterator[BinaryIO]:
        """This host's cached copy when it has one of that size; else the object in the bucket, read by ranged
        requests where it is read (``RangedObject``), once its HEAD shows it whole: ``size`` bytes and the hash recorded
        at upload. Only a whole object ever stands under a hash's key (see the module docstring), and a writer of
        the same hash on another host writes the same bytes, so the ranges of one read may come from either. An
        object without a recorded hash (put there by other tools) is read and hashed whole."""
        cached = self.cache.path(digest)
        if cached.is_file() and cached.stat().st_size == size:
            touch(cached)
            with self.cache.open_object(digest, size) as f:
                yield f
            return
        with self._errors(f"looking up {digest}"):
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code", "")) in MISSING:
                    raise StoreError(f"object {digest} is missing from {self.describe()}") from exc
                raise
        if head["ContentLength"] != size:
            raise StoreError(f"object {digest} in {self.describe()} holds {head['ContentLength']} bytes, not {size}")
        if head.get("Metadata", {}).get("sha256") != digest:
            with super().open_object(digest, size) as f:
                yield f
            return
        with io.BufferedReader(RangedObject(partial(self.read_range, digest), size), RANGE_BYTES) as ranged:
            yield ranged

    def read_range(self, digest: str, start: int, length: int) -> bytes:
        """``length`` bytes of the object from ``start`` (one ranged GET); ``StoreUnavailable`` if fewer arrive."""
        end = start + length - 1
        with self._errors(f"reading {digest} (bytes {start}-{end})"):
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(digest), Range=f"bytes={start}-{end}")[
                "Body"
            ]
            try:
                data: bytes = body.read()
            finally:
                body.close()
        if len(data) != length:
            raise StoreUnavailable(f"{self.describe()} sent {len(data)} of {length} bytes of {digest}")
        return data

    def delete(self, digest: str) -> None:
        with self._errors(f"deleting {digest}"):
            self.client.delete_object(Bucket=self.bucket, Key=self.key(digest))
        self.cache.delete(digest)

    def sweep_staging(self, older_than_seconds: float, now: float | None = None) -> list[Path]:
        """The staging folder's stale files, and those of the cache's own (downloads cut short)."""
        return [
            *super().sweep_staging(older_than_seconds, now),
            *self.cache.sweep_staging(older_than_seconds, now),
        ]

    def sweep_uploads(self, older_than_seconds: float, now: float | None = None) -> list[str]:
        """Abort the multipart uploads started before the bound to temporary keys and to objects' own keys (boto3
        copies a file of more than 8 MiB from its temporary key in parts: a process killed then leaves one there,
        never an object), and delete the temporary keys written before it (a live upload is younger: it is being
        written), for a server without lifecycle rules. Other keys under the prefix are not hoithi's: left alone."""
        limit = datetime.fromtimestamp((time.time() if now is None else now) - older_than_seconds, UTC)
        tmp = f"{self.prefix}tmp/"
        removed = []
        with self._errors("sweeping unfinished uploads"):
            uploads = self.client.get_paginator("list_multipart_uploads")
            for page in uploads.paginate(Bucket=self.bucket, Prefix=self.prefix):
                for upload in page.get("Uploads", []):
                    key = upload["Key"]
                    ours = key.startswith(tmp) or _OBJECT_KEY.match(key[len(self.prefix) :]) is not None
                    if ours and upload["Initiated"] < limit:
                        self.client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
                        removed.append(upload["Key"])
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=tmp):
                for item in page.get("Contents", []):
                    if item["LastModified"] < limit:
                        self.client.delete_object(Bucket=self.bucket, Key=item["Key"])
                        removed.append(item["Key"])
        return removed

    def signed_url(self, digest: str, download_name: str, media_type: str, *, inline: bool) -> str | None:
        if digest not in self:  # one HEAD: signing alone asks the bucket nothing
            raise StoreError(f"object {digest} is missing from {self.describe()}")
        disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(download_name)}"
        with self._errors(f"signing a link to {digest}"):
            url: str = self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": self.key(digest),
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": media_type,
                },
                ExpiresIn=SIGNED_URL_SECONDS,
            )
        return url

    def _fetch(self, digest: str) -> Path:
        """Download the object into the cache, checking its hash as it arrives; ``_Missing`` if there is none,
        ``StoreError`` if what arrives does not hash to ``digest`` and ``StoreFull`` if this host's disk has no
        room for it (nothing is cached then)."""
        with self._errors(f"reading {digest}"):
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=self.key(digest))["Body"]
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code", "")) in MISSING:
                    raise _Missing(digest) from exc
                raise
            tmp = ""
            try:
                actual = hashlib.sha256()
                with room_needed(f"this host's cache {self.cache.root}"):  # what was written is deleted below
                    fd, tmp = tempfile.mkstemp(dir=self.cache.staging)
                    with os.fdopen(fd, "wb") as out:
                        for chunk in body.iter_chunks(CHUNK):
                            actual.update(chunk)
                            out.write(chunk)
                if actual.hexdigest() != digest:
                    raise StoreError(
                        f"object {digest} in {self.describe()} is damaged (its content hashes to {actual.hexdigest()})"
                    )
                target = self.cache.adopt(Path(tmp), digest)
            finally:
                body.close()
                if tmp and os.path.exists(tmp):
                    os.unlink(tmp)
        trim(self.cache.root, self.cache_bytes)
        return target


class _Missing(Exception):
    """The bucket has no such object."""


def _fill(stream: Readable, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` (fewer only at its end), however little each read returns."""
    chunks = []
    wanted = size
    while wanted > 0:
        chunk = stream.read(min(wanted, CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"more than {max_bytes} bytes")
