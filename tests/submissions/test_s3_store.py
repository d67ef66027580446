"""The store in a bucket (moto's S3 server on loopback): objects under their SHA-256, uploaded in parts without
the file in memory, never visible half-written, read through a bounded cache of this host and verified; the
faults of the service are clear errors."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import multiprocessing
import os
import subprocess
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from submissions.object_cache import trim
from submissions.s3_client import s3_client
from submissions.s3_store import S3Store
from submissions.store import StoreDenied, StoreError, StoreFull, StoreUnavailable, TooLarge
from submissions.store_choice import open_store

from ..conftest import S3_TEST_CREDENTIALS, moto_server

MIB = 1024 * 1024


def bucket_store(endpoint: str, bucket: str, root: Path, **kwargs: int) -> S3Store:
    return S3Store(s3_client(endpoint, "us-east-1"), bucket, "province", root, 64 * MIB, **kwargs)


def keys(store: S3Store) -> list[str]:
    listed = store.client.list_objects_v2(Bucket=store.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


class Trickle:
    """A stream that gives at most ``step`` bytes per read, as a network body does, and counts the biggest read."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data = io.BytesIO(data)
        self.step = step

    def read(self, size: int = -1, /) -> bytes:
        return self.data.read(min(size, self.step) if size >= 0 else self.step)


def test_a_small_file_is_stored_under_its_hash_and_read_on_another_host(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    web = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    data = "Bài giảng điện tử".encode() * 100
    digest, size = web.put(io.BytesIO(data))
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert keys(web) == [f"province/{digest[:2]}/{digest[2:]}"]
    judge = bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge")
    assert digest in judge
    assert judge.verify(digest).read_bytes() == data
    assert judge.verify(digest).is_relative_to(tmp_path / "judge" / "cache")
    assert not (tmp_path / "web" / "cache").exists()  # nothing shared between the hosts but the bucket


def test_a_large_file_goes_up_in_parts_and_appears_only_whole(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web", part_bytes=5 * MIB)
    data = os.urandom(11 * MIB + 7)
    digest, size = store.put(Trickle(data, 64 * 1024))
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert keys(store) == [f"province/{digest[:2]}/{digest[2:]}"]  # the temporary key is gone
    assert store.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
    assert store.put(io.BytesIO(data)) == (digest, size)  # stored once
    assert bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge").read_bytes(digest) == data


def test_too_large_stores_nothing_and_leaves_no_upload(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web", part_bytes=5 * MIB)
    with pytest.raises(TooLarge):
        store.put(io.BytesIO(os.urandom(12 * MIB)), max_bytes=10 * MIB)
    with pytest.raises(TooLarge):
        store.put(io.BytesIO(b"x" * 1000), max_bytes=999)
    assert keys(store) == []
    assert store.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []


def test_an_object_damaged_in_the_bucket_is_refused_and_not_cached(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    digest = store.put_bytes(b"original package")
    store.client.put_object(Bucket=s3_bucket, Key=store.key(digest), Body=b"tampered")
    judge = bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge")
    with pytest.raises(StoreError, match="damaged"):
        judge.verify(digest)
    assert not judge.cache.path(digest).exists()
    assert list(judge.cache.staging.iterdir()) == []


def test_a_damaged_cached_copy_is_fetched_again(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge")
    digest = store.put_bytes(b"a problem package")
    cached = store.verify(digest)
    os.chmod(cached, 0o644)
    cached.write_bytes(b"bit rot")
    assert store.verify(digest).read_bytes() == b"a problem package"


def test_a_missing_object(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge")
    assert "0" * 64 not in store
    assert not store.path("0" * 64).exists()
    with pytest.raises(StoreError, match="missing"):
        store.verify("0" * 64)


def test_a_bucket_that_is_not_there_is_a_clear_refusal(s3_endpoint: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, "no-such-bucket", tmp_path / "web")
    with pytest.raises(StoreDenied, match=r"s3://no-such-bucket/province/ refuses .*NoSuchBucket"):
        store.put_bytes(b"a letter")


@pytest.mark.slow  # a server of its own, checking credentials
def test_keys_the_server_does_not_accept_are_a_clear_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in S3_TEST_CREDENTIALS.items():  # keys, which this server has never issued
        monkeypatch.setenv(name, value)
    with moto_server(tmp_path, INITIAL_NO_AUTH_ACTION_COUNT="0") as strict:  # moto checks every request's keys
        store = bucket_store(strict, "hoithi", tmp_path / "web")
        with pytest.raises(StoreDenied, match=r"s3://hoithi/province/ refuses .*check that the bucket exists"):
            store.put_bytes(b"a letter")
        with pytest.raises(StoreDenied, match="refuses reading"):
            store.verify(hashlib.sha256(b"a letter").hexdigest())


def test_an_endpoint_that_does_not_answer_is_a_clear_error(tmp_path: Path) -> None:
    client = s3_client("http://127.0.0.1:9", "us-east-1", attempts=2)
    store = S3Store(client, "bucket", "", tmp_path / "web", MIB)
    with pytest.raises(StoreUnavailable, match="s3://bucket/ cannot be reached while looking up"):
        store.put_bytes(b"a letter")


def test_a_signed_link_serves_the_object_under_its_name(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    digest = store.put_bytes(b"%PDF-1.4 a lecture")
    url = store.signed_url(digest, "bài giảng.pdf", "application/pdf", inline=False)
    assert (url is not None and "Expires=300" in url) or "X-Amz-Expires=300" in (url or "")
    assert url is not None
    with urllib.request.urlopen(url) as answer:
        assert answer.read() == b"%PDF-1.4 a lecture"
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == "attachment; filename*=UTF-8''b%C3%A0i%20gi%E1%BA%A3ng.pdf"


def test_the_cache_is_trimmed_least_recently_used_first(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for age, name in ((300, "old"), (200, "used"), (100, "new")):
        path = root / "ab" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
        os.utime(path, (time.time() - age, time.time() - age))
    (root / "tmp").mkdir()
    (root / "tmp" / "download").write_bytes(b"y" * 5000)  # a download in progress: not the cache's to trim
    removed = trim(root, 2000, grace_seconds=150)
    assert removed == [root / "ab" / "old"]
    assert trim(root, 0, grace_seconds=150) == [root / "ab" / "used"]  # what was used lately stays
    assert (root / "ab" / "new").exists() and (root / "tmp" / "download").exists()


def test_the_setting_chooses_the_store(s3_endpoint: str, tmp_path: Path) -> None:
    local = open_store(None, str(tmp_path / "here"), None, None, 10)
    assert local.describe() == str(tmp_path / "here")
    remote = open_store("s3://contest-files/tinhoctre", str(tmp_path / "here"), s3_endpoint, "us-east-1", 10)
    assert remote.describe() == "s3://contest-files/tinhoctre/"
    with pytest.raises(StoreError, match="must be s3://bucket/prefix"):
        open_store("ftp://files", str(tmp_path), None, None, 10)


def _read_in_a_process(endpoint: str, bucket: str, root: Path, digest: str) -> str:
    store = bucket_store(endpoint, bucket, root)
    return hashlib.sha256(store.verify(digest).read_bytes()).hexdigest()


@pytest.mark.slow  # processes forked, each with a client of its own
def test_processes_of_one_host_share_its_cache_safely(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    digest = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web").put_bytes(os.urandom(2 * MIB))
    read = functools.partial(_read_in_a_process, s3_endpoint, s3_bucket, tmp_path / "judge")
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("fork")) as pool:
        assert list(pool.map(read, [digest] * 8)) == [digest] * 8
    cache = tmp_path / "judge" / "cache"
    cached = [p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file() and p.name != ".trim.lock"]
    assert cached == [f"{digest[:2]}/{digest[2:]}"]  # one copy, nothing half-written left in its staging


def test_what_a_killed_upload_left_is_swept(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    store.client.put_object(Bucket=s3_bucket, Key="province/tmp/killed-before-copy", Body=b"whole, never copied")
    kept = store.put_bytes(b"a stored object")
    assert store.sweep_uploads(3600) == []  # young: perhaps still being written
    # (moto dates every multipart upload 2010, so only a temporary key can show that the young are kept)
    store.client.create_multipart_upload(Bucket=s3_bucket, Key="province/tmp/killed-mid-upload")
    swept = store.sweep_uploads(3600, now=time.time() + 7200)
    assert sorted(swept) == ["province/tmp/killed-before-copy", "province/tmp/killed-mid-upload"]
    assert store.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
    assert keys(store) == [f"province/{kept[:2]}/{kept[2:]}"]


def test_a_host_whose_cache_disk_is_full_says_so_and_keeps_no_part(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    """Reading an object larger than the room left on this host's disk (a 1 MiB tmpfs; the tests run as root) is
    ``StoreFull`` naming the cache, not a bare OSError, and leaves neither a cached copy nor a part of one."""
    web = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    digest = web.put_bytes(os.urandom(2 * MIB))
    disk = tmp_path / "judge"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True)
    try:
        judge = bucket_store(s3_endpoint, s3_bucket, disk)
        with pytest.raises(StoreFull, match="cache"):
            judge.verify(digest)
        assert not judge.cache.path(digest).exists()
        assert list(judge.cache.staging.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def test_an_object_is_opened_for_ranged_reads_only_when_the_bucket_holds_it_whole(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    """``open_object`` reads an object where it is read, once its size and recorded hash say it is whole: one of
    another size (cut short by a copy, another tool's upload) is refused, and so is a missing one."""
    data = os.urandom(3 * MIB)
    web = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    digest, size = web.put(io.BytesIO(data))
    judge = bucket_store(s3_endpoint, s3_bucket, tmp_path / "judge")
    with judge.open_object(digest, size) as f:
        f.seek(-100, os.SEEK_END)
        assert f.read() == data[-100:]
        f.seek(MIB)
        assert f.read(10) == data[MIB : MIB + 10]
    assert not judge.cache.path(digest).exists()
    judge.client.put_object(Bucket=s3_bucket, Key=judge.key(digest), Body=data[:MIB], Metadata={"sha256": digest})
    with pytest.raises(StoreError, match=f"holds {MIB} bytes, not {size}"), judge.open_object(digest, size):
        pass
    with pytest.raises(StoreError, match="missing"), judge.open_object("0" * 64, 10):
        pass


def test_a_server_gone_midway_through_a_ranged_read_is_unavailable(tmp_path: Path) -> None:
    data = os.urandom(2 * MIB)
    with contextlib.ExitStack() as server:
        url = server.enter_context(moto_server(tmp_path))
        client = s3_client(url, "us-east-1", attempts=2)
        client.create_bucket(Bucket="own")
        store = S3Store(client, "own", "", tmp_path / "judge", MIB)
        digest, size = store.put(io.BytesIO(data))
        with store.open_object(digest, size) as f:
            assert f.read(10) == data[:10]
            server.close()  # the server stops
            f.seek(MIB)
            with pytest.raises(StoreUnavailable, match="cannot be reached while reading"):
                f.read(10)


def _put_in_a_process(endpoint: str, bucket: str, root: Path, data: bytes) -> tuple[str, int]:
    return bucket_store(endpoint, bucket, root, part_bytes=5 * MIB).put(io.BytesIO(data))


@pytest.mark.slow  # processes forked, each a host with a client and a folder of its own
def test_hosts_storing_the_same_file_at_once_leave_one_whole_object(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    """Four hosts upload the same 12 MiB file in parts at the same time (two teachers of a school, one package):
    each is told the same digest, the bucket holds the object whole once, and nothing of the uploads is left."""
    data = os.urandom(12 * MIB)
    digest = hashlib.sha256(data).hexdigest()
    roots = [tmp_path / f"host{i}" for i in range(4)]
    put = functools.partial(_put_in_a_process, s3_endpoint, s3_bucket)
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("fork")) as pool:
        assert list(pool.map(put, roots, [data] * 4)) == [(digest, len(data))] * 4
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "reader")
    assert keys(store) == [f"province/{digest[:2]}/{digest[2:]}"]
    assert store.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
    assert store.holds(digest, len(data)) and store.read_bytes(digest) == data


def test_a_copy_to_its_key_killed_midway_is_swept_and_nothing_else(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    """A file of more than 8 MiB is copied from its temporary key to its own in parts (boto3's managed copy): a
    process killed then leaves an unfinished multipart upload under the object's own key, never an object, which
    the sweep aborts as it does those under ``tmp/``; uploads of other keys of the bucket are not hoithi's."""
    store = bucket_store(s3_endpoint, s3_bucket, tmp_path / "web")
    digest = hashlib.sha256(b"a package whose copy was cut").hexdigest()
    for key in (store.key(digest), "province/notes/report.pdf", f"elsewhere/{digest[:2]}/{digest[2:]}"):
        store.client.create_multipart_upload(Bucket=s3_bucket, Key=key)
    assert store.sweep_uploads(3600, now=time.time() + 7200) == [store.key(digest)]
    left = store.client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", [])
    assert sorted(upload["Key"] for upload in left) == [
        f"elsewhere/{digest[:2]}/{digest[2:]}",
        "province/notes/report.pdf",
    ]
    assert digest not in store
