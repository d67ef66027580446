"""Fixtures shared by every test: the app on a real database (SQLite, or PostgreSQL when
``HOITHI_TEST_DATABASE_URL`` is set) and a real Redis: the one ``HOITHI_TEST_REDIS_URL`` names (CI names its own),
else a private one started for the run. The tests flush the Redis they use, so they never use one that they were
not given: whatever answers on 6379 may be a school's production Redis."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app
from app.extensions import db
from app.redis_server import ping, socket_path, start_private_redis, url_for_socket
from app.supervisor import popen_options


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``HOITHI_TEST_REDIS_URL`` (which must answer), else a private Redis on a Unix socket, stopped after the run
    (and with pytest, should pytest be killed)."""
    named = os.environ.get("HOITHI_TEST_REDIS_URL")
    if named:
        if not ping(named):
            raise RuntimeError(f"HOITHI_TEST_REDIS_URL={named} does not answer")
        yield named
        return
    instance = tmp_path_factory.mktemp("redis")
    process = start_private_redis(instance, **popen_options())
    try:
        yield url_for_socket(socket_path(instance))
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("HOITHI_TEST_DATABASE_URL") or (f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}")


SANDBOX_FIXTURES = frozenset({"backend", "docker_backend"})
"""The fixtures that give a test a real sandbox (tests/sandbox and tests/judge conftests)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that runs programs in a real sandbox (marked ``docker`` or ``bwrap``, or given one by a sandbox
    fixture) is ``slow``, wherever it is written: the quick run leaves it out, ``make test`` runs it. Tests of one
    database's own behaviour (marked ``postgresql`` or ``sqlite``) are deselected, never skipped, when the suite
    runs on the other; CI runs it on both (``.ci/run``)."""
    for item in items:
        sandboxed = SANDBOX_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if sandboxed or item.get_closest_marker("docker") or item.get_closest_marker("bwrap"):
            item.add_marker(pytest.mark.slow)
    on_postgresql = (os.environ.get("HOITHI_TEST_DATABASE_URL") or "").startswith("postgresql")
    other = "sqlite" if on_postgresql else "postgresql"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production: the test's
    own context (and its database session, ``g`` and logged-in user) never leaks into a request."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _app(tmp_path_factory: pytest.TempPathFactory, database_url: str, redis_url: str) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    os.environ["HOITHI_INSTANCE_DIR"] = str(instance)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": redis_url,
            "STORAGE_DIR": str(instance / "storage"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "WTF_CSRF_ENABLED": False,
            "AUDIT_KEY": "test-audit-key",
            # Mail jobs run as they are enqueued, after each commit: the outbox's own path, without a worker.
            "MAIL_QUEUE_ASYNC": False,
            # argon2 at its least cost: a login costs 0.03 ms of CPU instead of 25 (test_auth holds a site's default)
            "PASSWORD_HASH_COST": "minimal",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_all_tables() -> None:
    """Every table emptied, and on PostgreSQL every sequence restarted at 1, as in a new database. DELETE, not
    TRUNCATE: PostgreSQL's TRUNCATE makes new files for each of the 50-odd tables (about a second per test), while
    deleting a test's few rows takes some 20 ms."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "SELECT setval(oid::regclass, 1, false) FROM pg_class"
                " WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
            )


@pytest.fixture
def app(_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The app with empty tables and an audit checkpoint file of its own, inside an app context; rate limits
    reset. The settings a test changes are put back after it, so that no test runs on another's."""
    from app.extensions import limiter

    settings = dict(_app.config)
    _app.config["AUDIT_CHECKPOINT_FILE"] = str(tmp_path / "audit_checkpoints.jsonl")
    with _app.app_context():
        _empty_all_tables()
        limiter.reset()
        yield _app
        db.session.rollback()
        db.session.remove()
    _app.config.clear()
    _app.config.update(settings)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def csrf_app(app: Flask) -> Iterator[Flask]:
    """The app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str, password: str = "password123") -> TestResponse:
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self) -> TestResponse:
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"


@contextlib.contextmanager
def moto_server(folder: Path, **env: str) -> Iterator[str]:
    """Moto's S3 server on a free loopback port (with ``env`` added to its environment), until the block ends (or
    pytest dies); its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(folder / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            **popen_options(),
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{url}/moto-api/", timeout=2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"moto's S3 server did not start (see {log.name})") from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real S3 endpoint for the run: moto's server on loopback, started here and stopped after the run (and with
    pytest, should pytest be killed); the AWS variables name its test credentials meanwhile."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in S3_TEST_CREDENTIALS.items():
            env.setenv(name, value)
        with moto_server(tmp_path_factory.mktemp("moto")) as url:
            yield url


S3_TEST_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "hoithi-test",
    "AWS_SECRET_ACCESS_KEY": "hoithi-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    """A new, empty bucket on the test endpoint: its name."""
    from submissions.s3_client import s3_client

    name = f"hoithi-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint, "us-east-1").create_bucket(Bucket=name)
    return name


@dataclasses.dataclass(frozen=True)
class GuardedBucket:
    """A bucket on an S3 server that checks every request against IAM: its ``endpoint``, its ``bucket`` and the
    keys (access key id, secret) of its users by name: ``owner`` may do anything (IAM included), ``reader`` may
    read the bucket but not write to it, ``nobody`` may do nothing; a test adds users of its own."""

    endpoint: str
    bucket: str
    keys: dict[str, tuple[str, str]]

    def client(self, who: str, attempts: int = 5) -> Any:
        """An S3 client signing with ``who``'s keys (the store's own client settings)."""
        from submissions.s3_client import s3_client

        key, secret = self.keys[who]
        with pytest.MonkeyPatch.context() as env:  # s3_client takes its keys where a deployment gives them
            env.setenv("AWS_ACCESS_KEY_ID", key)
            env.setenv("AWS_SECRET_ACCESS_KEY", secret)
            return s3_client(self.endpoint, "us-east-1", attempts)

    def use_in(self, app: Flask, who: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make ``app``'s store this bucket (prefix ``app``), reached with ``who``'s keys from ``folder / who`` (a
        host of its own: ``open_store`` keeps one store, and its client's keys, per settings)."""
        key, secret = self.keys[who]
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", key)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
        settings = {"STORAGE_URL": f"s3://{self.bucket}/app", "S3_ENDPOINT": self.endpoint, "STORAGE_DIR": folder / who}
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, str(value))

    def iam(self) -> Any:
        """An IAM client of the owner's, for changing what the users may do."""
        import boto3  # type: ignore[import-untyped]  # untyped library

        key, secret = self.keys["owner"]
        return boto3.client(
            "iam",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=key,
            aws_secret_access_key=secret,
        )

    def add_user(self, name: str, policy: str | None) -> None:
        """A new user ``name`` allowed what ``policy`` (an IAM policy document; None: nothing) allows, with keys
        of its own (in ``keys``)."""
        iam = self.iam()
        iam.create_user(UserName=name)
        if policy is not None:
            iam.put_user_policy(UserName=name, PolicyName="store", PolicyDocument=policy)
        created = iam.create_access_key(UserName=name)["AccessKey"]
        self.keys[name] = (created["AccessKeyId"], created["SecretAccessKey"])


def bucket_policy(actions: list[str], bucket: str | None) -> str:
    """An IAM policy document allowing ``actions`` on ``bucket`` and its objects (None: on everything)."""
    resources = [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"] if bucket else ["*"]
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources}]}
    )


READ_ACTIONS = ["s3:GetObject", "s3:HeadObject", "s3:HeadBucket", "s3:ListObjectsV2", "s3:ListMultipartUploads"]
"""What a key that may only read the bucket is given. Moto names the action of a request by its API operation
(``HeadObject``), where AWS asks for the permission that covers it (``s3:GetObject``): both are listed."""


@pytest.fixture(scope="module")
def guarded_bucket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuardedBucket]:
    """A moto S3 server of its own that enforces IAM (switched on through its ``/moto-api/reset-auth`` once the
    owner exists), with one bucket and the users ``owner``, ``reader`` and ``nobody`` (see ``GuardedBucket``)."""
    import boto3

    with moto_server(tmp_path_factory.mktemp("moto-iam")) as url:
        setup = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "setup"}
        setup["aws_secret_access_key"] = "setup"
        bucket = "hoithi-guarded"
        boto3.client("s3", **setup).create_bucket(Bucket=bucket)
        iam = boto3.client("iam", **setup)
        iam.create_user(UserName="owner")
        iam.put_user_policy(UserName="owner", PolicyName="all", PolicyDocument=bucket_policy(["s3:*", "iam:*"], None))
        created = iam.create_access_key(UserName="owner")["AccessKey"]
        switch_on = urllib.request.Request(f"{url}/moto-api/reset-auth", b"0", {"Content-Type": "text/plain"})
        urllib.request.urlopen(switch_on).close()  # a form's content type would hide the body from moto
        guarded = GuardedBucket(url, bucket, {"owner": (created["AccessKeyId"], created["SecretAccessKey"])})
        guarded.add_user("reader", bucket_policy(READ_ACTIONS, bucket))
        guarded.add_user("nobody", None)
        yield guarded
