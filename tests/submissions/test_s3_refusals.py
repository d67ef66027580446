"""A bucket that refuses (moto's S3 server checking every request against IAM): a refusal is a clear error naming
the bucket and what was refused, asked once (a retry would be refused again), where a server that fails is asked
again; an upload refused or cut midway leaves nothing under the object's hash, and the same file goes up whole
later."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from submissions.s3_client import s3_client
from submissions.s3_store import S3Store
from submissions.store import StoreDenied, StoreUnavailable

from ..conftest import GuardedBucket, bucket_policy

MIB = 1024 * 1024


def store_of(guarded: GuardedBucket, who: str, root: Path, **kwargs: int) -> S3Store:
    return S3Store(guarded.client(who), guarded.bucket, "province", root, 64 * MIB, **kwargs)


def requests_sent(client: Any) -> list[str]:
    """The operations ``client`` sends from now on, one entry per attempt (botocore's retries included)."""
    sent: list[str] = []

    def count(event_name: str, **_: object) -> None:
        sent.append(event_name.rsplit(".", 1)[-1])

    client.meta.events.register("before-send.s3", count)
    return sent


def object_keys(guarded: GuardedBucket, prefix: str = "province/") -> list[str]:
    listed = guarded.client("owner").list_objects_v2(Bucket=guarded.bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


class Stream:
    """``data`` read at most ``step`` bytes at a time; ``midway`` is called once, when half of it has been read."""

    def __init__(self, data: bytes, midway: Callable[[], None], step: int = 256 * 1024) -> None:
        self.data = io.BytesIO(data)
        self.half = len(data) // 2
        self.midway = midway
        self.called = False
        self.step = step

    def read(self, size: int = -1, /) -> bytes:
        if not self.called and self.data.tell() >= self.half:
            self.called = True
            self.midway()
        return self.data.read(min(size, self.step) if size >= 0 else self.step)


def test_a_key_that_may_only_read_cannot_store_and_is_asked_once(guarded_bucket: GuardedBucket, tmp_path: Path) -> None:
    digest = store_of(guarded_bucket, "owner", tmp_path / "web").put_bytes(b"a problem package")
    judge = store_of(guarded_bucket, "reader", tmp_path / "judge")
    assert judge.read_bytes(digest) == b"a problem package"
    sent = requests_sent(judge.client)
    with pytest.raises(StoreDenied) as refused:
        judge.put_bytes(b"an entry file")
    assert str(refused.value).startswith(f"the bucket s3://{guarded_bucket.bucket}/province/ refuses storing ")
    assert "(AccessDenied)" in str(refused.value)
    assert sent == ["HeadObject", "PutObject"]  # the refusal was not retried
    assert hashlib.sha256(b"an entry file").hexdigest() not in judge


def test_a_key_that_may_do_nothing_cannot_read_and_nothing_is_cached(
    guarded_bucket: GuardedBucket, tmp_path: Path
) -> None:
    digest = store_of(guarded_bucket, "owner", tmp_path / "web").put_bytes(b"a statement")
    judge = store_of(guarded_bucket, "nobody", tmp_path / "judge")
    sent = requests_sent(judge.client)
    with pytest.raises(StoreDenied, match=rf"the bucket s3://{guarded_bucket.bucket}/province/ refuses reading "):
        judge.verify(digest)
    with pytest.raises(StoreDenied, match="refuses looking up"):
        assert digest in judge
    assert sent == ["GetObject", "HeadObject"]
    assert not judge.cache.path(digest).exists()
    assert list(judge.cache.staging.iterdir()) == []


class _Failing(http.server.BaseHTTPRequestHandler):
    """A server in trouble: every request answered 503."""

    def _fail(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_PUT = do_POST = _fail

    def log_message(self, format: str, *args: object) -> None:  # the base class's signature
        pass


@pytest.fixture
def failing_endpoint() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_that_fails_is_asked_again_then_said_to_be_unavailable(
    failing_endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "k")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    store = S3Store(s3_client(failing_endpoint, "us-east-1", attempts=3), "bucket", "", tmp_path, MIB)
    sent = requests_sent(store.client)
    with pytest.raises(StoreUnavailable, match=r"s3://bucket/ fails while reading .* \(503\), even after retries"):
        store.verify("0" * 64)
    assert sent == ["GetObject"] * 3


def test_an_upload_cut_midway_leaves_no_object_and_goes_up_whole_later(
    guarded_bucket: GuardedBucket, tmp_path: Path
) -> None:
    store = store_of(guarded_bucket, "owner", tmp_path / "web", part_bytes=5 * MIB)
    data = os.urandom(12 * MIB)
    digest = hashlib.sha256(data).hexdigest()

    def cut() -> None:
        raise OSError("the connection was reset")  # as a client's body read fails when the client goes away

    with pytest.raises(OSError, match="reset"):
        store.put(Stream(data, cut))
    assert digest not in store
    assert object_keys(guarded_bucket, "province/tmp/") == []
    assert store.client.list_multipart_uploads(Bucket=guarded_bucket.bucket).get("Uploads", []) == []
    assert store.put(io.BytesIO(data)) == (digest, len(data))
    assert store_of(guarded_bucket, "owner", tmp_path / "judge").read_bytes(digest) == data


def test_an_upload_refused_midway_leaves_no_object_and_goes_up_whole_later(
    guarded_bucket: GuardedBucket, tmp_path: Path
) -> None:
    writer = f"writer-{uuid.uuid4().hex[:8]}"
    rights = bucket_policy(["s3:*"], guarded_bucket.bucket)
    guarded_bucket.add_user(writer, rights)
    iam = guarded_bucket.iam()
    store = store_of(guarded_bucket, writer, tmp_path / "web", part_bytes=5 * MIB)
    data = os.urandom(12 * MIB)
    digest = hashlib.sha256(data).hexdigest()

    def revoke() -> None:  # an operator takes the keys' rights away while the upload goes on
        iam.delete_user_policy(UserName=writer, PolicyName="store")

    with pytest.raises(StoreDenied, match=r"refuses uploading part 2 with these keys \(AccessDenied\)"):
        store.put(Stream(data, revoke))
    owner = store_of(guarded_bucket, "owner", tmp_path / "sweeper")
    assert not owner.holds(digest, len(data))
    assert object_keys(guarded_bucket, "province/tmp/") == []  # the parts are no object until the upload completes
    # the keys could not abort what they began either: what is left is in the temporary prefix, for the sweep
    assert [u["Key"][:13] for u in owner.client.list_multipart_uploads(Bucket=guarded_bucket.bucket)["Uploads"]] == [
        "province/tmp/"
    ]
    assert len(owner.sweep_uploads(0)) == 1
    iam.put_user_policy(UserName=writer, PolicyName="store", PolicyDocument=rights)
    assert store.put(io.BytesIO(data)) == (digest, len(data))
    assert owner.holds(digest, len(data))
    assert owner.client.list_multipart_uploads(Bucket=guarded_bucket.bucket).get("Uploads", []) == []
