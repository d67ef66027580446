"""``hoithi up`` as an administrator runs it: a real process tree (private Redis, a judge worker, gunicorn) started
from this checkout on a free port, with a fresh instance folder and an empty home. Stopping it, by any of the
signals a service manager or a terminal sends, leaves nothing running or answering and nothing in the home; a child
that dies is restarted (Redis, workers) or stops everything with a message (the web server)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.supervisor import Supervisor, popen_options

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def processes() -> dict[int, tuple[int, str]]:
    """Every process: pid to (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), command)
    return found


def tree(root: int) -> dict[int, str]:
    """The running descendants of ``root`` (itself included): pid to command line."""
    table = processes()
    members, grew = {root}, True
    while grew:
        more = {pid for pid, (parent, _c) in table.items() if parent in members} - members
        members |= more
        grew = bool(more)
    return {pid: table[pid][1] for pid in members if pid in table and alive(pid)}


def naming(text: str) -> dict[int, str]:
    """Running processes whose command line names ``text`` (the instance folder: whatever escaped the tree)."""
    return {pid: cmd for pid, (_p, cmd) in processes().items() if text in cmd and alive(pid)}


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


@dataclass
class Up:
    process: subprocess.Popen[str]
    port: int
    instance: Path
    home: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def children(self, needle: str) -> list[int]:
        return [pid for pid, cmd in tree(self.process.pid).items() if needle in cmd and pid != self.process.pid]


@pytest.fixture
def up(tmp_path: Path) -> Iterator[Up]:
    """``hoithi up`` (this checkout's, through ``python -m app.cli``) serving on a free port."""
    instance, home = tmp_path / "instance", tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOITHI_", "XDG_"))}
    env.update(HOME=str(home), HOITHI_INSTANCE_DIR=str(instance), PYTHONDONTWRITEBYTECODE="1")
    port = free_port()
    log = tmp_path / "up.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "up", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    started = Up(process, port, instance, home, log)
    try:
        wait_for(lambda: answers(port) or process.poll() is not None, 180, "hoithi up to serve")
        assert process.poll() is None, started.output()
        yield started
    finally:
        for pid in [*tree(process.pid), *naming(str(instance))]:  # whatever a failed test left
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_everything_and_the_home_stays_empty(up: Up, sig: signal.Signals) -> None:
    family = tree(up.process.pid)
    commands = " ".join(family.values())
    assert "redis-server" in commands and "gunicorn" in commands and "app.cli worker" in commands
    assert (up.instance / "run" / "gunicorn.ctl").exists()

    up.process.send_signal(sig)
    assert up.process.wait(timeout=60) == 0, up.output()

    assert [pid for pid in family if alive(pid)] == []
    assert naming(str(up.instance)) == {}
    assert not answers(up.port)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", up.port), timeout=2):
        pass
    assert list(up.home.iterdir()) == []
    assert f"{sig.name} received: stopping" in up.output() and "Stopped." in up.output()


@pytest.mark.slow
def test_redis_and_workers_are_restarted_and_a_dead_web_server_stops_everything(up: Up) -> None:
    (redis,) = up.children("redis-server")
    os.kill(redis, signal.SIGKILL)
    wait_for(lambda: "The private Redis has been restarted." in up.output(), 30, "Redis to restart")
    wait_for(lambda: up.children("redis-server") not in ([], [redis]), 10, "a new Redis")
    # The worker may itself have stopped while Redis was away (and been restarted): kill whichever one runs now.
    for _ in range(50):
        wait_for(lambda: len(up.children("app.cli worker")) == 1, 30, "a running worker")
        (worker,) = up.children("app.cli worker")
        try:
            os.kill(worker, signal.SIGKILL)
            break
        except ProcessLookupError:
            continue
    wait_for(lambda: "The judge worker 1 has been restarted." in up.output(), 30, "the worker to restart")
    assert answers(up.port)

    family = tree(up.process.pid)
    gunicorn = min(up.children("gunicorn"))  # the master starts before its workers
    os.kill(gunicorn, signal.SIGKILL)
    assert up.process.wait(timeout=60) == 1
    assert "The web server stopped (killed by SIGKILL): stopping everything." in up.output()
    assert [pid for pid in family if alive(pid)] == []
    assert naming(str(up.instance)) == {}
    assert not answers(up.port)


def test_a_child_that_keeps_failing_is_restarted_with_a_growing_pause_then_everything_stops() -> None:
    said: list[str] = []
    supervisor = Supervisor(say=said.append, max_failures=2, first_delay=0.1, max_delay=1.0)
    with supervisor.handling_signals():
        supervisor.start("sleeper", lambda: subprocess.Popen(["sleep", "60"], **popen_options()), restartable=True)
        supervisor.start(
            "failing worker", lambda: subprocess.Popen(["sh", "-c", "exit 3"], **popen_options()), restartable=True
        )
        sleeper = supervisor.children[0].process
        assert sleeper is not None
        try:
            assert supervisor.run(poll_seconds=0.02) == 1
        finally:
            supervisor.stop_all()
    assert said == [
        "The failing worker stopped (exit code 3): restarting it in 0.1 s.",
        "The failing worker has been restarted.",
        "The failing worker stopped (exit code 3): restarting it in 0.2 s.",
        "The failing worker has been restarted.",
        "The failing worker stopped again (exit code 3), 3 times in a row soon after starting: stopping everything. "
        "Its output above says why.",
    ]
    assert sleeper.poll() == -signal.SIGTERM
