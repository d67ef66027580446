"""Benchmark: what the stylesheets and scripts of a problem's page cost the web host, the way they were served
before 6 Dec 2026 (by gunicorn through the application, ``no-cache``: asked for again on every page view) and the
way they are now (by nginx from the folder, their addresses carrying their versions, gzip copies: asked for once).

The contest of ``bench/contest_start.py`` with problem A (its statement has formulas, so the page also names KaTeX),
nginx in front of one gunicorn worker as ``bench.servers`` runs them. One contestant logs in and opens problem A;
the page's stylesheets and scripts are then asked for ``--views`` times each way, as a browser asks for them, with
the contestant's cookie and ``Accept-Encoding: gzip``:

- before, first view: every file from gunicorn, whole (the address without its version);
- before, each later view: every file from gunicorn again, answered 304 (its ETag sent back);
- now, first view: every file from nginx at the address the page names (gzip copies where there are);
- now, each later view: nothing is asked (``immutable``, kept for a year).

For each: the requests, the CPU time of gunicorn's and nginx's processes (from /proc) and the bytes sent, per page
view.

    .venv/bin/python -m bench.static_files --database-url postgresql+psycopg://postgres@127.0.0.1/bench_cpu \\
        --redis-url redis://127.0.0.1:6379/13 [--views 300]

The database and the Redis database are the benchmark's: it empties both first.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import requests

from bench.contest_site import PASSWORD, populate, reset, serve_behind_nginx, site_environment
from bench.csrf import token
from bench.servers import tree_cpu_seconds

ASSETS = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"')
"""The stylesheets and scripts a page names, as a browser loads them before showing it."""


def assets(page: str) -> list[str]:
    """The addresses of the stylesheets and scripts ``page`` names, in order."""
    return [html.unescape(m.group(1) or m.group(2)) for m in ASSETS.finditer(page)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HOITHI_BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("HOITHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--views", type=int, default=300, help="page views measured each way")
    parser.add_argument("--port", type=int, default=5081)
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("--database-url (or HOITHI_BENCH_DATABASE_URL): a PostgreSQL database the bench may empty")
    folder, env = site_environment("hoithi-static-files-", args.database_url, args.redis_url)
    reset(args.database_url, args.redis_url)
    from app import create_app

    with create_app().app_context():
        contest_id = populate(1, datetime.now(UTC) - timedelta(minutes=1))
    proxy, web = serve_behind_nginx(env, folder, args.port, 1, 1)
    front, behind = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{args.port + 1}"
    browser = requests.Session()
    browser.headers.update({"Accept-Language": "vi", "Accept-Encoding": "gzip"})
    try:
        form = {"csrf_token": token(browser.get(f"{front}/login").text), "username": "ts0", "password": PASSWORD}
        browser.post(f"{front}/login", data=form, allow_redirects=False).raise_for_status()
        page = browser.get(f"{front}/contests/{contest_id}/problems/A")
        page.raise_for_status()
        named = assets(page.text)
        plain = [address.partition("?")[0] for address in named]
        etags = {address: browser.get(behind + address).headers["ETag"] for address in plain}

        def first_before() -> list[requests.Response]:
            return [browser.get(behind + address) for address in plain]

        def later_before() -> list[requests.Response]:
            return [browser.get(behind + address, headers={"If-None-Match": etags[address]}) for address in plain]

        def first_now() -> list[requests.Response]:
            return [browser.get(front + address) for address in named]

        ways: list[tuple[str, Callable[[], list[requests.Response]], int]] = [
            ("before, first view", first_before, 200),
            ("before, each later view", later_before, 304),
            ("now, first view", first_now, 200),
        ]
        print(f"problem A's page names {len(named)} stylesheets and scripts: {', '.join(plain)}")
        print(f"{'way':<26} {'requests':>8} {'gunicorn CPU ms':>16} {'nginx CPU ms':>13} {'KB sent':>8}  per page view")
        for name, view, expected in ways:
            view()  # warm
            web_before, proxy_before, sent = tree_cpu_seconds(web.pid), tree_cpu_seconds(proxy.pid), 0
            for _ in range(args.views):
                for answer in view():
                    if answer.status_code != expected:
                        raise SystemExit(f"{name}: {answer.url} answered {answer.status_code}, not {expected}")
                    sent += int(answer.headers.get("Content-Length", 0))
            web_ms = (tree_cpu_seconds(web.pid) - web_before) / args.views * 1000
            proxy_ms = (tree_cpu_seconds(proxy.pid) - proxy_before) / args.views * 1000
            print(f"{name:<26} {len(named):>8} {web_ms:>16.2f} {proxy_ms:>13.2f} {sent / args.views / 1024:>8.1f}")
        print(f"{'now, each later view':<26} {0:>8} {0:>16.2f} {0:>13.2f} {0:>8.1f}  (kept: immutable)")
    finally:
        for process in (proxy, web):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
