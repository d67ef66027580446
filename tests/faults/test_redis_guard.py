"""The web side's Redis client (``app.redis_guard``) on a redis-server of the test's own, killed and started again:
a dead Redis costs a request next to nothing, and the client uses Redis again as soon as it is back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis

from app.redis_guard import guarded_client

from .processes import RedisProcess, wait_for


def _reads(client: redis.Redis) -> bool:
    try:
        return client.get("board") == b"cached"
    except redis.ConnectionError:
        return False


def test_a_dead_redis_costs_next_to_nothing_and_is_used_again_once_back(tmp_path: Path) -> None:
    server = RedisProcess(tmp_path / "redis")
    server.start()
    try:
        client = guarded_client(server.url)
        client.set("board", "cached")
        server.kill()

        started = time.monotonic()
        for _ in range(200):
            with pytest.raises(redis.ConnectionError):
                client.get("board")
        assert time.monotonic() - started < 0.5  # 200 calls: the first tries and fails at once, the rest skip

        server.start()
        wait_for(lambda: _reads(client), 5, "the client to use Redis again")
    finally:
        server.stop()
