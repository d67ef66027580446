"""A page that needs a file the store cannot give just now (its server down) answers 503 with the reason in the
reader's language, not a generic error."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import AuthActions

from . import programming_helpers
from .programming_helpers import PDF, add_problem, login

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
    page = answer.get_data(as_text=True)
    assert "The file store cannot be reached just now. Please try again in a few minutes." in page
