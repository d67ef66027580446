"""``hoithi storage migrate`` copies a local store into a bucket, resumably and verified; ``hoithi doctor`` checks a
deployment and names each fault (against moto's S3 server, the tests' Redis and database)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.storage import content_store
from submissions.s3_client import s3_client
from submissions.s3_store import S3Store
from submissions.store import LocalStore
from tests.conftest import GuardedBucket


@pytest.fixture
def to_bucket(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(app.config, "S3_ENDPOINT", s3_endpoint)
    return s3_endpoint


def test_migrate_copies_resumes_and_leaves_out_a_damaged_object(
    app: Flask, to_bucket: str, s3_bucket: str, tmp_path: Path
) -> None:
    local = LocalStore(tmp_path / "storage")
    lecture, letter, damaged = (local.put_bytes(data) for data in (b"lecture " * 5000, b"letter", b"photo"))
    os.chmod(local.path(damaged), 0o644)
    local.path(damaged).write_bytes(b"bit rot")
    bucket = S3Store(s3_client(to_bucket, "us-east-1"), s3_bucket, "tinh", tmp_path / "judge", 1 << 20)
    bucket.put_bytes(b"letter")  # a run cut short after its first object
    args = ["storage", "migrate", "--from", str(local.root), "--to", f"s3://{s3_bucket}/tinh"]

    first = app.test_cli_runner().invoke(args=args)
    assert first.exit_code == 1, first.output
    assert f"{damaged}: damaged in {local.root}" in first.output
    assert "1 objects copied (0.0 MiB), 1 already there, 1 damaged" in first.output
    assert bucket.read_bytes(lecture) == b"lecture " * 5000 and bucket.read_bytes(letter) == b"letter"
    assert damaged not in bucket

    again = app.test_cli_runner().invoke(args=args)
    assert "0 objects copied (0.0 MiB), 2 already there, 1 damaged" in again.output


def test_migrate_completes_objects_copied_by_other_tools_without_their_hash(
    app: Flask, to_bucket: str, s3_bucket: str, tmp_path: Path
) -> None:
    """The folder's layout is the bucket's, so an operator may have copied it there first with other tools (``aws
    s3 sync``, ``rclone copy``), or restored the bucket from a mirror that kept no metadata: such objects lack the
    hash recorded at upload, and migrate stores them again with it, small or in parts, instead of stopping."""
    local = LocalStore(tmp_path / "storage")
    small, large = local.put_bytes(b"a letter"), local.put_bytes(os.urandom(9 << 20))  # one PUT; parts (8 MiB)
    bucket = S3Store(s3_client(to_bucket, "us-east-1"), s3_bucket, "tinh", tmp_path / "judge", 32 << 20)
    for digest in (small, large):
        bucket.client.put_object(Bucket=s3_bucket, Key=bucket.key(digest), Body=local.path(digest).read_bytes())
        assert digest in bucket and not bucket.holds(digest, local.path(digest).stat().st_size)
    args = ["storage", "migrate", "--from", str(local.root), "--to", f"s3://{s3_bucket}/tinh"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "2 objects copied (9.0 MiB), 0 already there, 0 damaged" in result.output
    assert all(bucket.holds(d, local.path(d).stat().st_size) for d in (small, large))
    assert (
        app.test_cli_runner()
        .invoke(args=args)
        .output.endswith("0 objects copied (0.0 MiB), 2 already there, 0 damaged\n")
    )


def test_migrate_to_a_bucket_that_refuses_says_so(app: Flask, to_bucket: str, tmp_path: Path) -> None:
    LocalStore(tmp_path / "storage").put_bytes(b"a lecture")
    args = ["storage", "migrate", "--from", str(tmp_path / "storage"), "--to", "s3://no-such-bucket"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert "s3://no-such-bucket/ refuses" in result.output and "run the command again" in result.output


def test_migrate_needs_a_bucket(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["storage", "migrate"])
    assert result.exit_code == 2 and "give --to s3://bucket/prefix or set HOITHI_STORAGE_URL" in result.output


@pytest.fixture
def deployment(tmp_path: Path, redis_url: str, s3_endpoint: str, s3_bucket: str) -> Iterator[Flask]:
    """A host of a deployment: a migrated database, Redis, the store in a bucket, no SMTP server."""
    built = create_app(
        {
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hoithi.sqlite3'}",
            "REDIS_URL": redis_url,
            "STORAGE_DIR": str(tmp_path / "storage"),
            "STORAGE_URL": f"s3://{s3_bucket}/hoithi",
            "S3_ENDPOINT": s3_endpoint,
        }
    )
    with built.app_context():
        upgrade()
    yield built


def test_doctor_passes_a_sound_deployment(deployment: Flask, s3_bucket: str) -> None:
    checks = ["database", "redis", "store", "mail", "clock"]
    result = deployment.test_cli_runner().invoke(args=["doctor", *[f"--only={name}" for name in checks]])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines[:5]] == [["ok", name] for name in checks]
    assert "sqlite at sqlite:///" in lines[0] and "migrations at head" in lines[0]
    assert f"s3://{s3_bucket}/hoithi/: a probe written, read back verified, deleted" in lines[2]
    assert lines[-1] == "all 5 checks passed"
    listed = s3_client(deployment.config["S3_ENDPOINT"], "us-east-1").list_objects_v2(Bucket=s3_bucket)
    assert listed.get("KeyCount") == 0  # the probe is gone


def test_doctor_names_every_fault(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "STORAGE_URL": "s3://no-such-bucket/hoithi",
        "S3_ENDPOINT": s3_endpoint,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 9,
    }.items():
        monkeypatch.setitem(app.config, key, value)
    checks = ["database", "redis", "store", "mail"]
    result = app.test_cli_runner().invoke(args=["doctor", *[f"--only={name}" for name in checks]])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines[:4]] == [["FAIL", name] for name in checks]
    assert "migrations at none" in lines[0] and "run 'hoithi db upgrade'" in lines[0]  # the tests' tables: no history
    assert "redis://127.0.0.1:9/0 (configured) does not answer" in lines[1]
    assert "s3://no-such-bucket/hoithi/ refuses" in lines[2]
    assert "SMTP 127.0.0.1:9: ConnectionRefusedError" in lines[3]
    assert lines[-1] == "4 of 4 checks failed: database, redis, store, mail"


@pytest.mark.slow
def test_doctor_checks_the_sandbox(deployment: Flask) -> None:
    result = deployment.test_cli_runner().invoke(args=["doctor", "--only=sandbox"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok    sandbox  ") and "works" in result.output


@pytest.mark.slow
def test_doctor_names_a_language_the_sandbox_cannot_judge(
    deployment: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host without the Scratch runtime passes (every other language is judged) and is told what to install."""
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "not-installed"))
    deployment.config["SANDBOX"] = "bwrap"
    result = deployment.test_cli_runner().invoke(args=["doctor", "--only=sandbox"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "ok    sandbox  BwrapBackend works (setting 'bwrap'), but Scratch 3 cannot be judged"
    )
    assert f"the Scratch runtime is not installed in {tmp_path / 'not-installed'}" in result.output
    assert "make scratch-runtime" in result.output


def test_doctor_compares_the_clocks(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["doctor", "--only=clock"])
    assert result.exit_code == 0, result.output
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert "the database is a file on this host: one clock" in result.output
    else:
        assert "s from the database server" in result.output


def test_doctor_never_prints_the_redis_password(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://hoithi:s3cret-Redis-pw@127.0.0.1:9/0")
    result = app.test_cli_runner().invoke(args=["doctor", "--only=redis"])
    assert result.exit_code == 1
    assert "s3cret-Redis-pw" not in result.output
    assert "redis://…@127.0.0.1:9/0 (configured) does not answer" in result.output


def test_doctor_says_which_of_reads_and_writes_the_bucket_refuses(
    app: Flask, guarded_bucket: GuardedBucket, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = f"s3://{guarded_bucket.bucket}/app/"
    guarded_bucket.use_in(app, "reader", tmp_path, monkeypatch)
    result = app.test_cli_runner().invoke(args=["doctor", "--only=store"])
    assert result.exit_code == 1
    assert result.output.startswith(f"FAIL  store  {where} refuses writes with this host's keys: let them read, write")
    guarded_bucket.use_in(app, "nobody", tmp_path, monkeypatch)
    result = app.test_cli_runner().invoke(args=["doctor", "--only=store"])
    assert result.output.startswith(f"FAIL  store  {where} refuses reads with this host's keys")
    assert "Traceback" not in result.output
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    result = app.test_cli_runner().invoke(args=["doctor", "--only=store"])
    assert result.exit_code == 0 and f"{where}: a probe written, read back verified, deleted" in result.output


def test_migrate_stops_clearly_at_a_refusal_and_resumes_once_the_keys_may_write(
    app: Flask, guarded_bucket: GuardedBucket, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = LocalStore(tmp_path / "storage")
    first, second, third = (local.put_bytes(f"{name} {uuid.uuid4()}".encode()) for name in ("a", "b", "c"))
    args = ["storage", "migrate", "--from", str(local.root)]
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    with open(local.path(sorted([first, second, third])[0]), "rb") as f:  # a run cut short after its first object
        content_store().put(f)
    guarded_bucket.use_in(app, "reader", tmp_path, monkeypatch)  # keys that may only read

    refused = app.test_cli_runner().invoke(args=args)
    assert refused.exit_code == 1
    error = refused.output.splitlines()[-1]
    assert error.startswith(f"Error: the bucket s3://{guarded_bucket.bucket}/app/ refuses storing ")
    assert error.endswith("(what was copied stays: run the command again to go on)")
    assert "Traceback" not in refused.output

    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)  # the operator gave the keys their rights
    resumed = app.test_cli_runner().invoke(args=args)
    assert resumed.exit_code == 0, resumed.output
    assert "2 objects copied (0.0 MiB), 1 already there, 0 damaged" in resumed.output
    assert all(content_store().holds(digest, local.path(digest).stat().st_size) for digest in (first, second, third))


def test_doctor_checks_the_static_files_gzip_copies(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["doctor", "--only=static"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok    static  ") and "gzip copies give their files back" in result.output

    (tmp_path / "site.css").write_text("body { color: black; }\n" * 100)
    (tmp_path / "site.css.gz").write_bytes(b"")
    (tmp_path / "old.js.gz").write_bytes(b"")
    app.static_folder = str(tmp_path)
    try:
        result = app.test_cli_runner().invoke(args=["doctor", "--only=static"])
    finally:
        app.static_folder = "static"
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "FAIL  static  site.css: its gzip copy is of another content (and 1 more): nginx would send the old copy; "
        f"run 'python3 -m app.static_gzip' in {tmp_path.parent.parent} (make static-gz)"
    )
