"""Benchmark: the web worker's CPU time per request, for each kind of request of the contest start.

The contest of ``bench/contest_start.py`` (its submission window open), served by one worker process (one
thread, gunicorn's sync worker, unless ``--threads``: its gthread worker, as the contest-start bench runs it; or
another server, ``--server``, as ``bench/servers.py`` runs it); this process sends ``--requests`` requests of each
kind, one at a time, and reads the server's CPU time (its processes', user and system, from /proc) before and
after each kind. CPU time, unlike a wall-clock figure, does not grow when
other processes share the machine, so the figures are comparable between runs on a busy machine (within a few
per cent: caches and frequency still vary).

    .venv/bin/python -m bench.request_cpu --database-url postgresql+psycopg://postgres@127.0.0.1/bench_cpu \\
        --redis-url redis://127.0.0.1:6379/13 [--requests 300] [--threads 1] [--server gunicorn]

The database and the Redis database are the benchmark's: it empties both first.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import requests

from bench.contest_site import PASSWORD, populate, reset, serve, site_environment
from bench.csrf import token as _token
from bench.servers import SERVERS, tree_cpu_seconds

SOURCE = "a, b = map(int, input().split())\nprint(a + b)\n# {n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HOITHI_BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("HOITHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--threads", type=int, default=1, help="the worker's threads (gunicorn: more than 1, gthread)")
    parser.add_argument("--server", choices=SERVERS, default="gunicorn", help="the WSGI server (bench/servers.py)")
    parser.add_argument("--port", type=int, default=5079)
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("--database-url (or HOITHI_BENCH_DATABASE_URL): a PostgreSQL database the bench may empty")
    n = args.requests
    _, env = site_environment("hoithi-request-cpu-", args.database_url, args.redis_url)
    reset(args.database_url, args.redis_url)
    from app import create_app

    with create_app().app_context():
        contest_id = populate(n + 1, datetime.now(UTC) - timedelta(minutes=1))
    web = serve(env, args.port, 1, args.threads, args.server)
    base = f"http://127.0.0.1:{args.port}"
    contest = f"{base}/contests/{contest_id}"
    sessions = [requests.Session() for _ in range(n + 1)]  # the last one warms up
    headers = {"Connection": "close", "Accept-Language": "vi"}
    state: dict[str, object] = {}

    def login_page(i: int) -> requests.Response:
        response = sessions[i].get(f"{base}/login", headers=headers)
        state[f"token{i}"] = _token(response.text)
        return response

    def login(i: int) -> requests.Response:
        form = {"csrf_token": state[f"token{i}"], "username": f"ts{i}", "password": PASSWORD}
        return sessions[i].post(f"{base}/login", data=form, headers=headers, allow_redirects=False)

    def problem_list(i: int) -> requests.Response:
        return sessions[i].get(f"{contest}/problems", headers=headers)

    def problem(i: int) -> requests.Response:
        response = sessions[i].get(f"{contest}/problems/A", headers=headers)
        state[f"token{i}"] = _token(response.text)
        return response

    def submit(i: int) -> requests.Response:
        form = {"csrf_token": state[f"token{i}"], "language": "python", "source": SOURCE.format(n=i)}
        response = sessions[i].post(f"{contest}/problems/A/submit", data=form, headers=headers, allow_redirects=False)
        state[f"status{i}"] = response.headers.get("Location", "") + ".json"
        return response

    def poll(i: int) -> requests.Response:
        return sessions[i].get(f"{base}{state[f'status{i}']}", headers=headers)

    kinds: list[tuple[str, Callable[[int], requests.Response], int]] = [
        ("login page", login_page, 200),
        ("login", login, 302),
        ("problem list", problem_list, 200),
        ("problem", problem, 200),
        ("submit", submit, 302),
        ("status (poll)", poll, 200),
    ]
    try:
        print(f"{'request':<16} {'count':>6} {'CPU ms/request':>15}   load average {os.getloadavg()[0]:.2f}")
        for name, send, expected in kinds:
            send(n)  # warm: the first of each kind imports and compiles templates
            before = tree_cpu_seconds(web.pid)
            for i in range(n):
                if (status := send(i).status_code) != expected:
                    raise SystemExit(f"{name} #{i}: HTTP {status}, not {expected}")
            used = tree_cpu_seconds(web.pid) - before
            print(f"{name:<16} {n:>6} {used / n * 1000:>15.2f}", flush=True)
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end; {time.strftime('%H:%M:%S')}")


if __name__ == "__main__":
    main()
