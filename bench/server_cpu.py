"""Benchmark: the WSGI servers' CPU per request on the contest start's pages, under concurrent load, interleaved.

The contest of ``bench/contest_start.py`` (its submission window open), ``--contestants`` of them logged in once
(their cookies and CSRF tokens kept: every server run reads the same instance's secret key). Then, for
``--rounds`` rounds, each server of ``--servers`` (``name:workers x threads``, ``bench/servers.py``) in turn (the
order rotated each round, so that a drift of the machine's speed falls on all) is started, warmed, and loaded by
wrk (``Connection: close``, ``--connections`` at once, ``--seconds`` per kind) with the problem list, problem A
and submitting, each request as the next contestant (submissions spaced by 1 s, the least
``HOITHI_SUBMIT_INTERVAL_SECONDS`` allows: a contestant's turn comes again only after all the others'); the
server's processes' CPU time (from /proc) is read around each kind. CPU time does not grow when other processes
share the machine, so the figures compare across a busy machine; the throughput does not, and is printed only as
a hint.

    .venv/bin/python -m bench.server_cpu --database-url postgresql+psycopg://postgres@127.0.0.1/bench_cpu \\
        --redis-url redis://127.0.0.1:6379/13 [--servers gunicorn:4x4,granian:4x4] [--rounds 3]

Needs wrk on the PATH and every server named installed. The database and the Redis database are the benchmark's:
it empties both first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from bench.contest_site import PASSWORD, populate, reset, serve, site_environment
from bench.csrf import token as _token
from bench.servers import tree_cpu_seconds

KINDS = {"problem list": 200, "problem": 200, "submit": 302}
"""The kinds of request measured, with the status each must answer."""
SCRIPT = """
local sessions = %(sessions)s
local contest = "/contests/%(contest)d"
local kind = "%(kind)s"
local expected = %(expected)d
local n = 0
bad = 0
function init(args) n = tonumber(args[1]) end
local threads = {}
function setup(thread) table.insert(threads, thread) end
local function escape(s)
  return (s:gsub("[^%%w]", function(c) return string.format("%%%%%%02X", string.byte(c)) end))
end
function request()
  n = n + 1
  local s = sessions[(n %% #sessions) + 1]
  local headers = {["Cookie"] = s[1], ["Connection"] = "close", ["Accept-Language"] = "vi"}
  if kind == "problem list" then return wrk.format("GET", contest .. "/problems", headers) end
  if kind == "problem" then return wrk.format("GET", contest .. "/problems/A", headers) end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local source = "a, b = map(int, input().split())\\nprint(a + b)\\n# " .. n .. "\\n"
  local body = "csrf_token=" .. escape(s[2]) .. "&language=python&source=" .. escape(source)
  return wrk.format("POST", contest .. "/problems/A/submit", headers, body)
end
function response(status, headers, body)
  if status ~= expected then
    bad = bad + 1
    if bad == 1 then io.write("FIRST " .. status .. " " .. body:sub(1, 300):gsub("%%s+", " ") .. "\\n") end
  end
end
function done(summary, latency, requests)
  local wrong = 0
  for _, t in ipairs(threads) do wrong = wrong + t:get("bad") end
  io.write(string.format("RESULT %%d %%d\\n", summary.requests, wrong))
end
"""


def log_in(base: str, contest_id: int, contestants: int) -> list[tuple[str, str]]:
    """Each contestant's session cookie (``name=value``) and the CSRF token of its problem page."""
    sessions = []
    for n in range(contestants):
        web = requests.Session()
        page = web.get(f"{base}/login")
        form = {"csrf_token": _token(page.text), "username": f"ts{n}", "password": PASSWORD}
        assert web.post(f"{base}/login", data=form, allow_redirects=False).status_code == 302
        token = _token(web.get(f"{base}/contests/{contest_id}/problems/A").text)
        assert token is not None
        sessions.append(("; ".join(f"{k}={v}" for k, v in web.cookies.items()), token))
    return sessions


def load(base: str, script: Path, connections: int, seconds: int, first: int) -> tuple[int, int]:
    """wrk's count of requests answered, and of those answered with another status than expected; its first
    request is the contestant after number ``first`` (a contestant submits again only once all have)."""
    wrk = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script), base, "--"]
    wrk.append(str(first))
    out = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^RESULT (\d+) (\d+)$", out, re.MULTILINE)
    errors = re.search(r"Socket errors: (.*)", out)
    if found is None or found.group(2) != "0":
        raise SystemExit(f"wrk said:\n{out}")
    if errors:
        print(f"    wrk: socket errors {errors.group(1)}", flush=True)
    return int(found.group(1)), int(found.group(2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HOITHI_BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("HOITHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--servers", default="gunicorn:4x4,gunicorn:8x1,granian:4x4,uwsgi:4x4")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15, help="of load per kind, server and round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--contestants", type=int, default=800, help="more than 1 s of submits: their spacing")
    parser.add_argument("--port", type=int, default=5081)
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("--database-url (or HOITHI_BENCH_DATABASE_URL): a PostgreSQL database the bench may empty")
    servers = []
    for spec in args.servers.split(","):
        name, _, shape = spec.partition(":")
        workers, _, threads = shape.partition("x")
        servers.append((spec, name, int(workers), int(threads)))
    _, env = site_environment("hoithi-server-cpu-", args.database_url, args.redis_url)
    env["HOITHI_SUBMIT_INTERVAL_SECONDS"] = "1"  # the least: each contestant submits every few seconds
    reset(args.database_url, args.redis_url)
    from app import create_app

    with create_app().app_context():
        contest_id = populate(args.contestants, datetime.now(UTC) - timedelta(minutes=1))
    base = f"http://127.0.0.1:{args.port}"
    web = serve(env, args.port, 1, 1)
    try:
        sessions = log_in(base, contest_id, args.contestants)
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
    folder = Path(tempfile.mkdtemp(prefix="hoithi-server-cpu-"))
    scripts = {}
    for kind, expected in KINDS.items():
        lua = "{" + ",".join(f"{{{json.dumps(c)},{json.dumps(t)}}}" for c, t in sessions) + "}"
        script = SCRIPT % {"sessions": lua, "contest": contest_id, "kind": kind, "expected": expected}
        scripts[kind] = folder / f"{kind.replace(' ', '_')}.lua"
        scripts[kind].write_text(script)

    figures: dict[tuple[str, str], list[float]] = {}
    rates: dict[tuple[str, str], list[float]] = {}
    sent = 0
    print(f"load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    for round_ in range(args.rounds):
        for spec, name, workers, threads in servers[round_ % len(servers) :] + servers[: round_ % len(servers)]:
            web = serve(env, args.port, workers, threads, name)
            try:
                for kind in KINDS:
                    sent += load(base, scripts[kind], args.connections, 2, sent)[0] + args.connections  # warm up
                for kind in KINDS:
                    before = tree_cpu_seconds(web.pid)
                    count, wrong = load(base, scripts[kind], args.connections, args.seconds, sent)
                    sent += count + args.connections
                    used = tree_cpu_seconds(web.pid) - before
                    if wrong:
                        raise SystemExit(f"{spec} {kind}: {wrong} of {count} answers not {KINDS[kind]}")
                    figures.setdefault((spec, kind), []).append(used / count * 1000)
                    rates.setdefault((spec, kind), []).append(count / args.seconds)
                    print(
                        f"  round {round_ + 1} {spec:<14} {kind:<13} {count:>6} requests "
                        f"{used / count * 1000:6.2f} ms CPU each, {count / args.seconds:5.0f}/s; "
                        f"load {os.getloadavg()[0]:.2f}",
                        flush=True,
                    )
            finally:
                web.send_signal(signal.SIGTERM)
                web.wait(timeout=30)
    print(f"\n{'server':<16}" + "".join(f" {kind + ' ms':>16}" for kind in KINDS) + "   (median of the rounds; req/s)")
    for spec, *_ in servers:
        cells = [
            f"{statistics.median(figures[spec, k]):>8.2f} ({statistics.median(rates[spec, k]):>4.0f}/s)" for k in KINDS
        ]
        print(f"{spec:<16}" + "".join(f" {cell:>16}" for cell in cells))
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end; {datetime.now(UTC):%H:%M} UTC")


if __name__ == "__main__":
    main()
