"""A page that needs a file the store cannot give just now (its server down, or its bucket refusing this host's keys)
answers 503 with the reason in the reader's language, not a generic error, and the fault is logged once."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import AuthActions, GuardedBucket

from ..builders import SUM
from . import programming_helpers
from .programming_helpers import PDF, add_problem, counts, login, upload, zip_of

world = programming_helpers.world


def test_a_page_whose_file_the_store_cannot_give_says_why(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in {
        "STORAGE_URL": f"s3://{s3_bucket}/p",
        "S3_ENDPOINT": s3_endpoint,
        "STORAGE_DIR": str(tmp_path),
    }.items():
        monkeypatch.setitem(app.config, key, value)
    add_problem(app, world, label="A", statement=PDF)
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(tmp_path / "another-host"))  # nothing of it cached here
    monkeypatch.setitem(app.config, "S3_ENDPOINT", "http://127.0.0.1:9")  # and the store's server is down
    login(client, auth, "alice")
    answer = client.get(f"/contests/{world['contest']}/problems/A/statement.pdf")
    assert answer.status_code == 503
    page = html.unescape(answer.get_data(as_text=True))
    assert "The file store cannot be reached just now. Please try again in a few minutes." in page


REFUSED = (
    "The file store refused this request. The fault is in the site's settings, not in what you did, and it has been"
    " logged; please tell the organisers."
)


def _logged(caplog: pytest.LogCaptureFixture, bucket: str) -> list[str]:
    """The errors logged that name the bucket."""
    return [
        r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and f"s3://{bucket}/" in r.getMessage()
    ]


def test_a_package_the_bucket_refuses_to_store_is_a_clear_page_and_nothing_is_imported(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guarded_bucket.use_in(app, "reader", tmp_path, monkeypatch)  # keys that may read the bucket, not write to it
    login(client, auth, "org")
    answer = upload(client, world["contest"], zip_of(SUM), "SUM.zip")
    assert answer.status_code == 503
    page = html.unescape(answer.get_data(as_text=True))
    assert REFUSED in page and "Traceback" not in page and "AccessDenied" not in page
    assert counts() == (0, 0)
    (logged,) = _logged(caplog, guarded_bucket.bucket)
    assert logged.startswith(f"POST /contests/{world['contest']}/manage/problems: the bucket s3://")
    assert "refuses storing" in logged and "(AccessDenied)" in logged


def test_a_statement_the_bucket_refuses_to_read_is_a_clear_page(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: dict[str, int],
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    add_problem(app, world, label="A", statement=PDF)
    guarded_bucket.use_in(app, "nobody", tmp_path, monkeypatch)  # another host, whose keys may do nothing
    login(client, auth, "alice")
    answer = client.get(f"/contests/{world['contest']}/problems/A/statement.pdf")
    assert answer.status_code == 503
    assert REFUSED in html.unescape(answer.get_data(as_text=True))
    (logged,) = _logged(caplog, guarded_bucket.bucket)
    assert "refuses reading" in logged
