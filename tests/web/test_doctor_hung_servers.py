"""``hoithi doctor`` (a process of its own, as an administrator runs it) against servers that accept a connection and
then never answer (a hung PostgreSQL, a stuck proxy in front of it): each check fails with its reason within
seconds, never waits for ever, and the exit status is 1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port whose listener takes connections (the kernel completes them) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield int(listener.getsockname()[1])


def _doctor(check: str, settings: dict[str, str], tmp_path: Path) -> tuple[int, str, float]:
    env = {**os.environ, "HOITHI_INSTANCE_DIR": str(tmp_path), "HOITHI_SECRET_KEY": "doctor", **settings}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "doctor", f"--only={check}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    return done.returncode, done.stdout, time.monotonic() - started


def test_a_database_server_that_never_answers_fails_the_check_within_seconds(
    silent_server: int, redis_url: str, tmp_path: Path
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/hoithi"
    code, out, seconds = _doctor("database", {"HOITHI_DATABASE_URL": url, "HOITHI_REDIS_URL": redis_url}, tmp_path)
    assert code == 1, out
    assert out.startswith(f"FAIL  database  cannot connect to postgresql+psycopg://postgres@127.0.0.1:{silent_server}")
    assert "timeout" in out
    assert seconds < 30


def test_the_clock_check_against_a_silent_database_fails_within_seconds(
    silent_server: int, redis_url: str, tmp_path: Path
) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/hoithi"
    code, out, seconds = _doctor("clock", {"HOITHI_DATABASE_URL": url, "HOITHI_REDIS_URL": redis_url}, tmp_path)
    assert code == 1, out
    assert out.startswith("FAIL  clock  cannot ask the database server the time")
    assert seconds < 30


def _private_redis_processes(instance: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "redis-server" in command and str(instance) in command:
                found.append(int(entry.name))
    return found


def test_the_private_redis_check_leaves_no_redis_running(tmp_path: Path) -> None:
    """On one machine with ``hoithi up`` stopped, the check starts the private Redis to see that it works, and stops
    it again: an administrator's check leaves no server behind."""
    instance = tmp_path / "instance"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOITHI_")}
    env.update(HOITHI_INSTANCE_DIR=str(instance), HOITHI_SECRET_KEY="doctor")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "doctor", "--only=redis"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    try:
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.startswith("ok    redis  ") and "private, this host only" in done.stdout
        assert "not running now" in done.stdout
        assert _private_redis_processes(instance) == []
    finally:
        for pid in _private_redis_processes(instance):
            os.kill(pid, 9)
