"""``hoithi up`` (what ``make run`` calls) on a port another program holds: it says so at once, naming the port and
how to choose another, exits 1 and leaves nothing running; before, it started everything, printed the address as
if served, and gave up only after a minute of restarting the web server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_up import naming

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_a_taken_port_is_named_at_once_and_nothing_starts(tmp_path: Path) -> None:
    instance, home = tmp_path / "instance", tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOITHI_", "XDG_"))}
    env.update(HOME=str(home), HOITHI_INSTANCE_DIR=str(instance), PYTHONDONTWRITEBYTECODE="1")
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen(1)
        port = other_program.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "up", "--port", str(port)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        seconds = time.monotonic() - started
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Port {port} of 127.0.0.1 is taken by another program" in done.stderr
    assert f"make run PORT={port + 1}" in done.stderr and f"hoithi up --port {port + 1}" in done.stderr
    assert "Web server:" not in done.stdout
    assert seconds < 20
    assert naming(str(instance)) == {}  # no Redis, worker or web server left
