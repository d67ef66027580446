"""A judge worker that cannot run a language (Scratch without its runtime) says so in Redis while it lives, so that
the web refuses what no live worker could judge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from app.queue import judge_queue
from app.services.programming import judge_languages
from sandbox.session import Backend

pytestmark = pytest.mark.slow  # a real `hoithi worker` on the bubblewrap sandbox


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_a_worker_without_the_scratch_runtime_says_so_while_it_lives(
    app: Flask, backend: Backend, tmp_path: Path, database_url: str, redis_url: str
) -> None:
    queue = judge_queue(app)
    queue.connection.flushdb()
    env = {
        **os.environ,
        "HOITHI_DATABASE_URL": database_url,
        "HOITHI_REDIS_URL": redis_url,
        "HOITHI_INSTANCE_DIR": str(tmp_path / "instance"),
        "HOITHI_STORAGE_DIR": str(tmp_path / "storage"),
        "HOITHI_SANDBOX": "bwrap",
        "HOITHI_SCRATCH_RUNTIME": str(tmp_path / "not-installed"),
    }
    with open(tmp_path / "worker.log", "wb") as log:  # the child keeps its own copy
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker", "--concurrency", "1"],
            env=env,
            cwd=Path(__file__).resolve().parents[3],  # the repository: this code, not an installed copy
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        _wait(lambda: "scratch" in judge_languages.unavailable_everywhere(queue), 120, "the worker to say so")
        reason = judge_languages.unavailable_everywhere(queue)["scratch"]
        assert f"the Scratch runtime is not installed in {tmp_path / 'not-installed'}" in reason
        assert "make scratch-runtime" in reason
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=90)
        except subprocess.TimeoutExpired:  # a stop's timing is not this test's: a SIGTERM while RQ still sets up
            os.killpg(worker.pid, signal.SIGKILL)  # is lost, and RQ's unsubscribe was seen to hang past a minute
            worker.wait(timeout=60)
        queue.connection.flushdb()
