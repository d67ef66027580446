"""The languages the judge workers cannot run (``Backend.unavailable``: Scratch on a host without its runtime).

Each worker says so in Redis when it starts (``announce``) and takes it back when it stops (``withdraw``); the web
reads it (``unavailable_everywhere``) to refuse, with a message, a submission no live worker could judge, and to
tell the organisers on the judging page. Only workers RQ lists as alive count, so a worker killed outright leaves
nothing that matters behind. Without Redis nothing is known, and nothing is refused: a worker that cannot run the
language then records a system error that an organiser rejudges.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from redis import Redis, RedisError
from rq import Queue, Worker

from sandbox.languages import LANGUAGES

KEY = "hoithi:judge:unavailable-languages"
"""A hash: a worker's name (``host:pid``) to the JSON of the languages it cannot run, each with why."""


def announce(conn: Redis, worker: str, unavailable: dict[str, str]) -> None:
    """Record what ``worker`` cannot run (nothing when it runs every language)."""
    if unavailable:
        conn.hset(KEY, worker, json.dumps(unavailable))
    else:
        conn.hdel(KEY, worker)


def withdraw(conn: Redis, worker: str) -> None:
    conn.hdel(KEY, worker)


def unavailable_everywhere(queue: Queue) -> dict[str, str]:
    """The languages that no live worker of ``queue`` can run, each with one worker's reason; empty when no worker
    is alive or Redis does not answer (then nothing is known)."""
    try:
        keys = sorted(Worker.all_keys(queue=queue))
        if not keys:
            return {}
        # As Worker.all, a worker counts while its key lives; asked in one round trip, not two per worker.
        with queue.connection.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.exists(key)
            pipe.hgetall(KEY)
            *present, reasons = pipe.execute()
    except RedisError:
        return {}
    prefix = Worker.redis_worker_namespace_prefix
    alive = {_base(key.removeprefix(prefix)) for key, lives in zip(keys, present, strict=True) if lives}
    said = {_text(name): _text(value) for name, value in reasons.items()}
    if not alive:
        return {}
    missing: dict[str, str] | None = None
    for worker in alive:
        found: dict[str, Any] = json.loads(said[worker]) if worker in said else {}
        missing = found if missing is None else {k: v for k, v in missing.items() if k in found}
    return {str(k): str(v) for k, v in (missing or {}).items()}


def refusal(language: str) -> Any:
    """What a contestant is told when no worker can judge ``language`` now."""
    return _l(
        "Submissions in %(language)s cannot be judged at the moment: the judge has no %(language)s runtime "
        "installed. Please tell the organisers.",
        language=LANGUAGES[language].name,
    )


def _base(name: str) -> str:
    """A worker's name without the generation a restarted work loop adds (``host:pid.2`` is ``host:pid``)."""
    host, _colon, pid = name.rpartition(":")
    return f"{host}:{pid.split('.', 1)[0]}"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
