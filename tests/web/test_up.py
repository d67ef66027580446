"""``hoithi up`` as an administrator runs it: a real process tree (private Redis, a judge worker, gunicorn) started
from this checkout on a free port, with a fresh instance folder and an empty home. Stopping it, by any of the
signals a service manager or a terminal sends, leaves nothing running or answering and nothing in the home; a child
that dies is restarted (Redis first), and the worker outlives a Redis that is killed under it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> None:
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
def test_redis_workers_and_the_web_server_are_restarted_and_the_worker_outlives_redis(up: Up) -> None:
    (worker,) = up.children("app.cli worker")
    (redis,) = up.children("redis-server")
    os.kill(redis, signal.SIGKILL)
    wait_for(lambda: "The private Redis has been restarted." in up.output(), 30, "Redis to restart")
    wait_for(lambda: up.children("redis-server") not in ([], [redis]), 10, "a new Redis")
    assert up.children("app.cli worker") == [worker]  # it waited for Redis rather than stop
    assert answers(up.port)

    os.kill(worker, signal.SIGKILL)
    wait_for(lambda: "The judge worker 1 has been restarted." in up.output(), 30, "the worker to restart")
    assert len(up.children("app.cli worker")) == 1

    gunicorn = min(up.children("gunicorn"))  # the master starts before its workers
    os.kill(gunicorn, signal.SIGKILL)
    wait_for(lambda: "The web server has been restarted." in up.output(), 30, "the web server to restart")
    wait_for(lambda: answers(up.port), 60, "the site to answer again")
    assert "The web server stopped (killed by SIGKILL): restarting it in 1 s." in up.output()
    assert up.process.poll() is None


def _stop_when(supervisor_pid: int, said: list[str], restarts: int, after: str | None = None) -> threading.Thread:
    """A thread that sends SIGTERM to this process once ``restarts`` restarts were announced (counted from the line
    ``after``, when given, once it has been said), or after 30 s whatever was said (the test then fails on it)."""

    def counted() -> int:
        if after is None:
            return sum("restarting it" in line for line in said)
        return sum("restarting it" in line for line in said[said.index(after) + 1 :]) if after in said else 0

    def watch() -> None:
        try:
            wait_for(lambda: counted() >= restarts, 30, "the restarts")
        finally:
            os.kill(supervisor_pid, signal.SIGTERM)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_a_child_that_keeps_failing_is_restarted_with_a_growing_pause_up_to_a_cap() -> None:
    said: list[str] = []
    supervisor = Supervisor(say=said.append, max_failures=2, first_delay=0.1, max_delay=0.4)
    with supervisor.handling_signals():
        supervisor.start("sleeper", lambda: subprocess.Popen(["sleep", "60"], **popen_options()), essential=True)
        supervisor.start("failing worker", lambda: subprocess.Popen(["sh", "-c", "exit 3"], **popen_options()))
        sleeper = supervisor.children[0].process
        assert sleeper is not None
        watcher = _stop_when(os.getpid(), said, 5)
        try:
            assert supervisor.run(poll_seconds=0.02) == 0
        finally:
            supervisor.stop_all()
            watcher.join()
    pauses = [line for line in said if "restarting it" in line][:5]
    assert pauses == [
        f"The failing worker stopped (exit code 3): restarting it in {delay} s."
        for delay in ("0.1", "0.2", "0.4", "0.4", "0.4")
    ]
    assert "The failing worker has been restarted." in said
    assert said[-1] == "SIGTERM received: stopping…"
    assert sleeper.poll() == -signal.SIGTERM


def test_an_essential_child_that_keeps_failing_stops_everything() -> None:
    said: list[str] = []
    supervisor = Supervisor(say=said.append, max_failures=2, first_delay=0.1, max_delay=1.0)
    with supervisor.handling_signals():
        supervisor.start("sleeper", lambda: subprocess.Popen(["sleep", "60"], **popen_options()))
        supervisor.start(
            "web server", lambda: subprocess.Popen(["sh", "-c", "exit 3"], **popen_options()), essential=True
        )
        sleeper = supervisor.children[0].process
        assert sleeper is not None
        try:
            assert supervisor.run(poll_seconds=0.02) == 1
        finally:
            supervisor.stop_all()
    assert said == [
        "The web server stopped (exit code 3): restarting it in 0.1 s.",
        "The web server has been restarted.",
        "The web server stopped (exit code 3): restarting it in 0.2 s.",
        "The web server has been restarted.",
        "The web server stopped again (exit code 3), 3 times in a row soon after starting: stopping everything. "
        "Its output above says why.",
    ]
    assert sleeper.poll() == -signal.SIGTERM


def test_a_child_waits_for_the_child_it_needs() -> None:
    """A worker that dies while Redis is down comes back only after Redis does."""
    said: list[str] = []
    supervisor = Supervisor(say=said.append, first_delay=0.05, max_delay=0.05)
    with supervisor.handling_signals():
        supervisor.start("redis", lambda: subprocess.Popen(["sh", "-c", "sleep 0.3; exit 1"], **popen_options()))
        supervisor.start("worker", lambda: subprocess.Popen(["sh", "-c", "exit 2"], **popen_options()), needs="redis")
        # stopped once the worker has failed again after Redis came back: the restarts before depend on timing
        watcher = _stop_when(os.getpid(), said, 1, after="The redis has been restarted.")
        try:
            supervisor.run(poll_seconds=0.01)
        finally:
            supervisor.stop_all()
            watcher.join()
    first_redis_death = said.index("The redis stopped (exit code 1): restarting it in 0.05 s.")
    # between Redis's death and its restart, the worker is not restarted
    after = said[first_redis_death + 1 :]
    assert after.index("The redis has been restarted.") < min(
        (i for i, line in enumerate(after) if line == "The worker has been restarted."), default=len(after)
    )
