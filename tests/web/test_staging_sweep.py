"""Temporary files left in the store by a killed process (an interrupted upload) are swept once older than the
bound (by `hoithi storage sweep`, which judge workers also run when they start and every hour); nothing else is
touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

from flask import Flask

from app.services import staging
from submissions.store import LocalStore


def _aged(path: Path, hours: float, data: bytes = b"part of an upload") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    past = time.time() - hours * 3600
    os.utime(path, (past, past))
    return path


def test_the_command_sweeps_only_stale_temporary_files(app: Flask, tmp_path: Path) -> None:
    store = LocalStore(app.config["STORAGE_DIR"])
    digest = store.put_bytes(b"a stored lecture")
    _aged(store.path(digest), 100, b"")  # an old stored object: kept (its content is irrelevant here)
    stale = _aged(store.staging / "upload-killed", 30)
    fresh = _aged(store.staging / "upload-in-progress", 1)
    stale_part = _aged(Path(app.config["STORAGE_DIR"]) / "preview" / "ab" / "abcd" / ".part-x", 30)
    extracted = _aged(Path(app.config["STORAGE_DIR"]) / "preview" / "ab" / "abcd" / "0123", 30)
    result = app.test_cli_runner().invoke(args=["storage", "sweep"])
    assert result.exit_code == 0, result.output
    assert "2 stale temporary files removed (older than 24 h)" in result.output
    assert not stale.exists() and not stale_part.exists()
    assert fresh.exists() and extracted.exists() and store.path(digest).exists()
    result = app.test_cli_runner().invoke(args=["storage", "sweep", "--hours", "0.5"])
    assert "1 stale temporary files removed" in result.output and not fresh.exists()


def test_a_sweep_of_an_empty_store_removes_nothing(tmp_path: Path) -> None:
    assert staging.sweep(LocalStore(tmp_path / "nothing-yet"), 24) == []
