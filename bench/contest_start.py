"""Benchmark: the start of a programming contest of 10,000 contestants, over HTTP, with Locust as the load tool.

The contest is made through the services and bulk inserts (not the web): 10,000 contestants registered alone
(team size 1) in a contest whose problem A is the Themis SUM task. The web app runs as in production: nginx in front
of gunicorn (``wsgi:app``), keeping up to 32 connections to it open (docs/deploy/nginx/hoithi.conf; ``--proxy none``:
the clients reach gunicorn directly), on PostgreSQL and Redis, with no judge worker (graders are elsewhere, or
paused). Then Locust plays the contestants (``bench/contest_start_users.py``), each keeping its connection open as a
browser does (``--connections one-a-request``: a connection a request, as the runs before 6 Dec 2026 at 11:00 did):

- logins spread evenly over the 30 minutes before the start, compressed by ``--compress`` (default 6: the
  logins arrive over 5 minutes, 6 times as fast as in the real half hour);
- in the first minute after the start, in real time, every contestant opens the problem list and problem A;
- submissions arrive at ``--rate`` a second (default 50) for ``--duration`` seconds (default 120) from the start,
  each by a contestant of its own, who then watches its submission's page (which polls the live status as
  ``contest.js`` does) for ``--watch`` seconds.

Contestants ask for pages only, not the stylesheets and scripts the pages name: a browser has them before the start
(prefetched while it waits, kept a year at their versioned addresses, and served by nginx from the folder), so none
reaches the web server in the first minute (``bench/static_files.py`` measures what they would cost otherwise).

Prints p50/p95/p99 per kind of request, the errors, and whether every submission accepted is stored (counted in
the database at the end). Goals on a 2-core machine: problem pages p95 < 500 ms, submit p95 < 300 ms, no errors,
every submission stored. What bounds them is the web workers' CPU per request: ``bench/request_cpu.py``
measures it for each kind of request.

    make bench-contest
    .venv/bin/python -m bench.contest_start --database-url postgresql+psycopg://postgres@127.0.0.1/bench_start \\
        --redis-url redis://127.0.0.1:6379/13 [--contestants 10000] [--compress 6] [--rate 50] [--duration 120] \\
        [--watch 60] [--web-workers 4] [--threads 4] [--server gunicorn] [--proxy nginx] [--connections kept]

The database and the Redis database are the benchmark's: it empties both first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.contest_site import PASSWORD, populate, reset, serve, serve_behind_nginx, site_environment, stop
from bench.cpu_shares import CpuShares
from bench.servers import SERVERS, tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["login page", "login", "problem list", "problem", "submit", "submission page", "status (poll)"]
GOALS = {"problem list": 500.0, "problem": 500.0, "submit": 300.0}
"""p95 goals in ms, per kind of request."""
LOGIN_WINDOW_S = 30 * 60
SPAWN_RATE = 1000  # Locust users started a second: all of them are waiting for their login before the window opens


def database_sessions(database_url: str) -> int:
    """How many connections to the benchmark's database PostgreSQL has opened so far (``pg_stat_database``)."""
    url = sa.make_url(database_url)
    engine = sa.create_engine(url.set(database="postgres"))
    with engine.connect() as conn:
        query = sa.text("SELECT sessions FROM pg_stat_database WHERE datname = :d")
        opened = int(conn.scalar(query, {"d": url.database}) or 0)
    engine.dispose()
    return opened


def run_locust(env: dict[str, str], port: int, plan: dict[str, object], run_time: int, out: Path) -> None:
    """Locust, headless, one user per contestant; its statistics land in ``out``_stats.csv, its own output in
    ``out``.log."""
    with out.with_suffix(".log").open("wb") as log:
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "contest_start_users.py"), "--headless"]
        users = ["--users", str(plan["contestants"]), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{run_time}s"]
        # failures are counted in the table, not by the exit code
        output = ["--csv", str(out), "--only-summary", "--exit-code-on-error", "0"]
        subprocess.run(
            [*locust, "--host", f"http://127.0.0.1:{port}", *users, *output],
            env={**env, "HOITHI_BENCH_PLAN": json.dumps(plan)},
            cwd=ROOT,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stored_submissions(database_url: str, contest_id: int) -> int:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        count = conn.execute(
            sa.text(
                "SELECT count(*) FROM submissions s JOIN contest_problems p ON p.problem_id = s.problem_id"
                " WHERE p.contest_id = :c"
            ),
            {"c": contest_id},
        ).scalar_one()
    engine.dispose()
    return int(count)


def report(out: Path, stored: int, planned: int) -> bool:
    """The table of Locust's figures, the errors and the count stored; True when every goal is met."""
    rows = {row["Name"]: row for row in csv.DictReader((out.parent / f"{out.name}_stats.csv").open())}
    print(f"{'request':<16} {'count':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}  goal")
    met = True
    errors = 0
    for kind in KINDS:
        row = rows.get(kind)
        if row is None:
            continue
        p95 = float(row["95%"])
        goal = GOALS.get(kind)
        verdict = "" if goal is None else f"p95 < {goal:.0f}: {'met' if p95 < goal else 'MISSED'}"
        met &= goal is None or p95 < goal
        errors += int(row["Failure Count"])
        print(
            f"{kind:<16} {row['Request Count']:>7} {row['Failure Count']:>7} {row['50%']:>7} {row['95%']:>7}"
            f" {row['99%']:>7} {float(row['Max Response Time']):>7.0f}  {verdict}"
        )
    failures = out.parent / f"{out.name}_failures.csv"
    for row in csv.DictReader(failures.open()) if failures.exists() else []:
        print(f"  {row['Occurrences']} x {row['Name']}: {row['Error']}")
    accepted = int(rows["submit"]["Request Count"]) - int(rows["submit"]["Failure Count"]) if "submit" in rows else 0
    print(f"errors: {errors}; submissions: {planned} planned, {accepted} accepted, {stored} stored in the database")
    return met and errors == 0 and stored == accepted == planned


def answered_rate(out: Path, start: float, seconds: int = 120) -> float:
    """Requests answered a second over the ``seconds`` after ``start``, from Locust's stats history (its running
    total, written every second)."""
    history = csv.DictReader((out.parent / f"{out.name}_stats_history.csv").open())
    totals = [
        (float(row["Timestamp"]), int(row["Total Request Count"])) for row in history if row["Name"] == "Aggregated"
    ]

    def total_at(moment: float) -> int:
        return max((count for when, count in totals if when <= moment), default=0)

    return (total_at(start + seconds) - total_at(start)) / seconds


def _children_cpu() -> float:
    """CPU seconds used by this process's children that have ended (Locust, once it has run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HOITHI_BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--redis-url", default=os.environ.get("HOITHI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--contestants", type=int, default=10_000)
    parser.add_argument("--compress", type=float, default=6.0, help="the login half hour runs this many times faster")
    parser.add_argument("--rate", type=int, default=50, help="submissions a second")
    parser.add_argument("--duration", type=int, default=120, help="seconds of submissions")
    parser.add_argument("--watch", type=int, default=60, help="seconds a contestant watches its submission")
    # as hoithi-web.service runs it (docs/deployment.md: about twice the cores in processes, 4 threads each): more
    # threads in a process only contend for its interpreter lock on a CPU-bound page
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--server", choices=SERVERS, default="gunicorn", help="the WSGI server (bench/servers.py)")
    parser.add_argument(
        "--proxy",
        choices=("nginx", "none"),
        default="nginx",
        help="nginx in front, keeping connections to the server open, as a web host runs it; none: clients direct",
    )
    parser.add_argument(
        "--connections",
        choices=("kept", "one-a-request"),
        default="kept",
        help="kept: each contestant keeps its connection open, as a browser does; one-a-request: Connection: close",
    )
    parser.add_argument("--port", type=int, default=5078)
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("--database-url (or HOITHI_BENCH_DATABASE_URL): a PostgreSQL database the bench may empty")
    if args.rate * args.duration > args.contestants:
        raise SystemExit("each submission is a contestant's own: --rate x --duration must not exceed --contestants")

    folder, env = site_environment("hoithi-contest-start-", args.database_url, args.redis_url)
    window = LOGIN_WINDOW_S / args.compress
    reset(args.database_url, args.redis_url)
    began = time.time()
    from app import create_app

    with create_app().app_context():
        setup_start = datetime.now(UTC) + timedelta(days=1)  # moved to the real start below
        contest_id = populate(args.contestants, setup_start)
    print(f"{args.contestants} contestants registered in {time.time() - began:.0f} s", flush=True)

    if args.proxy == "nginx":
        proxy, web = serve_behind_nginx(env, folder, args.port, args.web_workers, args.threads, args.server)
    else:
        proxy, web = None, serve(env, args.port, args.web_workers, args.threads, args.server)
    try:
        start = time.time() + args.contestants / SPAWN_RATE + 10 + window
        with create_app().app_context():
            from app.extensions import db
            from app.models import Contest

            contest = db.session.get(Contest, contest_id)
            assert contest is not None
            contest.submission_opens = datetime.fromtimestamp(start, UTC).replace(tzinfo=None)
            db.session.commit()
        plan = {
            "contest": contest_id,
            "start": start,
            "window": window,
            "contestants": args.contestants,
            "rate": args.rate,
            "duration": args.duration,
            "watch": args.watch,
            "seed": 1,
            "password": PASSWORD,
            "keep_alive": args.connections == "kept",
        }
        run_time = int(start - time.time() + max(60, args.duration) + args.watch + 20)
        print(
            f"logins over {window:.0f} s (30 min / {args.compress:g}); start in {start - time.time():.0f} s; "
            f"Locust runs {run_time} s; {args.server} {args.web_workers} workers x {args.threads} threads"
            + (", behind nginx" if proxy is not None else ""),
            flush=True,
        )
        proxy_cpu = 0.0 if proxy is None else tree_cpu_seconds(proxy.pid)
        web_cpu, locust_cpu, wall = tree_cpu_seconds(web.pid), _children_cpu(), time.time()
        sessions = database_sessions(args.database_url)
        shares = CpuShares(web.pid, None if proxy is None else proxy.pid)
        shares.start()
        try:
            run_locust(env, args.port, plan, run_time, folder / "locust")
        finally:
            shares.stop()
        web_cpu, locust_cpu = tree_cpu_seconds(web.pid) - web_cpu, _children_cpu() - locust_cpu
        proxy_cpu = 0.0 if proxy is None else tree_cpu_seconds(proxy.pid) - proxy_cpu
        wall = time.time() - wall
        sessions = database_sessions(args.database_url) - sessions
    finally:
        for process in (proxy, web):
            if process is not None:
                stop(process)
    planned = args.rate * args.duration
    ok = report(folder / "locust", stored_submissions(args.database_url, contest_id), planned)
    print(
        f"CPU over the {wall:.0f} s of load: the web server {web_cpu:.0f} s ({web_cpu / wall:.2f} cores on average), "
        f"Locust {locust_cpu:.0f} s ({locust_cpu / wall:.2f} cores)"
        + ("" if proxy is None else f", nginx {proxy_cpu:.0f} s ({proxy_cpu / wall:.2f} cores)")
        + f"; the machine has {os.cpu_count()}"
    )
    print(f"PostgreSQL connections opened during the load: {sessions}")
    first, both = answered_rate(folder / "locust", start, 60), answered_rate(folder / "locust", start)
    print(f"answered a second after the start: {first:.0f} in the first minute (about 530 asked), {both:.0f} in two")
    print(f"in the first minute after the start, {shares.between(start, start + 60)}")
    print(f"Locust's own report and its CSV files: {folder}")
    print(f"goals {'met' if ok else 'NOT met'}; load average {os.getloadavg()[0]:.1f} (1 min) at the end")


if __name__ == "__main__":
    main()
