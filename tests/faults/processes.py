"""The real processes of the fault-injection tests: a private redis-server that a test kills and restarts on the same
address, the web site under gunicorn, ``hoithi worker`` processes, and a reader that keeps using the site meanwhile
and records how each request went."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests

from app.redis_server import server_binary

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def kill_group(pid: int) -> None:
    """SIGKILL a process group (gone already is fine)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class RedisProcess:
    """A redis-server of the test's own on a free TCP port, persisting to its folder as hoithi's private Redis does
    (append-only file), so that a restart brings back what it had written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [server_binary(), "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder)]
        command += ["--appendonly", "yes", "--save", "", "--logfile", str(self.folder / "redis.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        wait_for(self.answers, 10, "redis-server to answer")

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """kill -9, as a crash or the OOM killer would."""
        assert self.process is not None
        kill_group(self.process.pid)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.kill()


def _env(settings: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **settings, "PYTHONDONTWRITEBYTECODE": "1"}


def start_site(settings: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """The web application under gunicorn, as ``hoithi up`` runs it, answering on ``port``."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*command, "wsgi:app"],
            cwd=ROOT,
            env=_env(settings),
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for(lambda: _answers(port) or process.poll() is not None, 60, "the site to answer")
    assert process.poll() is None, "gunicorn stopped"
    return process


def _answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def start_worker(settings: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """``hoithi worker`` from this checkout, in a process group of its own with its grading slots."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            cwd=ROOT,
            env=_env(settings),
            start_new_session=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@dataclass
class Visit:
    path: str
    status: int | None  # None: no answer at all
    seconds: float


class Browser:
    """A contestant's browser: a session with cookies, posting forms with their CSRF token, in English."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, timeout: float = 10) -> requests.Response:
        return self.session.get(self.base + path, timeout=timeout, allow_redirects=False)

    def post_form(self, form_path: str, action: str, data: dict[str, str]) -> requests.Response:
        page = self.session.get(self.base + form_path, timeout=10)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
        assert token is not None, f"no form on {form_path}"
        return self.session.post(
            self.base + action, data={**data, "csrf_token": token.group(1)}, timeout=10, allow_redirects=False
        )

    def log_in(self, username: str, password: str = "password123") -> requests.Response:
        response = self.post_form("/login", "/login", {"username": username, "password": password})
        self.session.get(self.base + "/lang/en", timeout=10)
        return response

    def submit(self, contest_id: int, label: str, source: str, language: str) -> requests.Response:
        page = f"/contests/{contest_id}/problems/{label}"
        return self.post_form(page, f"{page}/submit", {"source": source, "language": language})


@dataclass
class Reader:
    """Reads ``paths`` over and over from a thread, as contestants watching the site do, recording every visit."""

    browser: Browser
    paths: list[str]
    visits: list[Visit] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Reader:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.paths:
                started = time.monotonic()
                try:
                    status: int | None = self.browser.get(path, timeout=10).status_code
                except requests.RequestException:
                    status = None
                self.visits.append(Visit(path, status, time.monotonic() - started))
            self._stop.wait(0.1)

    def faults(self) -> list[Visit]:
        """Visits that failed (an error, or no answer) or took a second or more."""
        return [v for v in self.visits if v.status is None or v.status >= 500 or v.seconds >= 1.0]
