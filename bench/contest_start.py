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
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from bench.cpu_shares import CpuShares
from bench.servers import SERVERS, command, nginx_config, tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
SUM = ROOT / "tests" / "judge" / "data" / "themis" / "SUM"
KINDS = ["login page", "login", "problem list", "problem", "submit", "submission page", "status (poll)"]
GOALS = {"problem list": 500.0, "problem": 500.0, "submit": 300.0}
"""p95 goals in ms, per kind of request."""
LOGIN_WINDOW_S = 30 * 60
PASSWORD = "contest-start-password"  # every contestant's
STATEMENT = "\n\n".join(
    [
        "# Tính tổng",
        "Cho hai số nguyên $a$ và $b$ ($|a|, |b| \\le 10^{9}$). Hãy tính **tổng** $a + b$.",
        "## Dữ liệu vào\n\nMột dòng gồm hai số nguyên $a$ và $b$, cách nhau một dấu cách.",
        "## Kết quả\n\nMột dòng gồm một số nguyên: $a + b$.",
        "## Ví dụ\n\n| Dữ liệu vào | Kết quả |\n| --- | --- |\n| `1 2` | `3` |\n| `-5 7` | `2` |",
        "## Giới hạn\n\n- Thời gian: 1 giây.\n- Bộ nhớ: 256 MB.\n- Có 10 test, mỗi test 10 điểm.",
        *(f"Ghi chú {i}: đọc kỹ đề, *kiểm tra* trường hợp $a < 0$ hoặc $b < 0$ trước khi nộp." for i in range(10)),
    ]
)
"""Problem A's statement, as long as a short one of a provincial round (about 1,200 characters)."""
SPAWN_RATE = 1000  # Locust users started a second: all of them are waiting for their login before the window opens


def reset(database_url: str, redis_url: str) -> None:
    """An empty schema in the benchmark's database (created if missing), and its Redis database flushed."""
    url = sa.make_url(database_url)
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": url.database}) is None:
            conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    server.dispose()
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    redis.Redis.from_url(redis_url).flushdb()


def database_sessions(database_url: str) -> int:
    """How many connections to the benchmark's database PostgreSQL has opened so far (``pg_stat_database``)."""
    url = sa.make_url(database_url)
    engine = sa.create_engine(url.set(database="postgres"))
    with engine.connect() as conn:
        query = sa.text("SELECT sessions FROM pg_stat_database WHERE datname = :d")
        opened = int(conn.scalar(query, {"d": url.database}) or 0)
    engine.dispose()
    return opened


def populate(contestants: int, start: datetime) -> int:
    """The schema, a contest whose submission window opens at ``start`` with problem A, and ``contestants``
    registered alone (users ``ts0``...); returns the contest's id. Runs in the application's context."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from app.extensions import db
    from app.models import (
        Contest,
        ContestKind,
        ContestProblem,
        ContestRound,
        ContestStatus,
        ProgrammingSettings,
        Proposal,
        ProposalStatus,
        Registration,
        RegistrationMember,
        Role,
        Unit,
        UnitKind,
        User,
        UserRole,
    )
    from app.services.people.passwords import hash_password
    from app.services.programming import grading
    from app.storage import content_store
    from app.timeutil import utcnow
    from app.vnsort import sort_key

    logging.disable(logging.INFO)  # alembic's line per migration
    upgrade()
    logging.disable(logging.NOTSET)
    now = utcnow()
    so = Unit(code="SO", name="Sở GD&ĐT", kind=UnitKind.DEPARTMENT)
    db.session.add(so)
    db.session.flush()
    schools = [Unit(code=f"S{i}", name=f"Trường THCS {i}", kind=UnitKind.SCHOOL, parent_id=so.id) for i in range(50)]
    db.session.add_all(schools)
    contest = Contest(
        title="Tin học trẻ: vòng trực tuyến",
        kind=ContestKind.INFORMATICS,
        round=ContestRound.PROVINCE,
        school_year="2026-2027",
        status=ContestStatus.PUBLISHED,
        organiser_unit_id=so.id,
        proposal=Proposal(title="Đề xuất", status=ProposalStatus.APPROVED),
        registration_opens=now - timedelta(days=20),
        registration_closes=now - timedelta(days=1),
        submission_opens=start.replace(tzinfo=None),
        submission_closes=start.replace(tzinfo=None) + timedelta(hours=3),
    )
    db.session.add(contest)
    db.session.flush()
    db.session.add(ProgrammingSettings(contest_id=contest.id))
    problem = grading.import_problem(db.session, content_store(), SUM, code="SUM")
    problem.statement_vi = STATEMENT  # a Themis task has none; a real contest's problem has one, written in the editor
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
    db.session.flush()

    password = hash_password(PASSWORD)  # one hash for all: hashing 10,000 would take minutes
    base = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
    users, roles, registrations, members = [], [], [], []
    for n in range(contestants):
        uid, school = base + n, schools[n % len(schools)].id
        name = f"Thí sinh {n}"
        users.append(
            {
                "id": uid,
                "username": f"ts{n}",
                "full_name": name,
                "sort_key": sort_key(name),
                "password_hash": password,
                "unit_id": school,
                "status": "active",
                "must_change_password": False,
                "created_at": now,
            }
        )
        roles.append({"user_id": uid, "role": Role.STUDENT})
        registrations.append(
            {"id": n + 1, "contest_id": contest.id, "unit_id": school, "registered_by_id": uid, "created_at": now}
        )
        members.append({"registration_id": n + 1, "contest_id": contest.id, "user_id": uid})
    db.session.execute(insert(User), users)
    db.session.execute(insert(UserRole), roles)
    db.session.execute(insert(Registration), registrations)
    db.session.execute(insert(RegistrationMember), members)
    for table in ("users", "registrations"):  # ids given above: move the sequences past them
        db.session.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"))
    db.session.commit()
    return contest.id


def site_environment(prefix: str, database_url: str, redis_url: str) -> tuple[Path, dict[str, str]]:
    """A new instance folder (named ``prefix``...) and the environment of a site on ``database_url`` and
    ``redis_url`` in it, also made this process's own (the app the bench builds to populate reads it)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        "HOITHI_INSTANCE_DIR": str(folder),
        "HOITHI_DATABASE_URL": database_url,
        "HOITHI_REDIS_URL": redis_url,
        "HOITHI_RATELIMIT_STORAGE": redis_url,
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    return folder, env


def serve(
    env: dict[str, str], port: int, workers: int, threads: int, server: str = "gunicorn"
) -> subprocess.Popen[bytes]:
    """``server`` (``bench/servers.py``: gunicorn as a web host runs it, docs/deployment.md, or another to compare)
    answering on ``port``, ready."""
    web = subprocess.Popen(command(server, port, workers, threads), env=env, cwd=ROOT)
    return _answering(web, port, server)


def serve_behind_nginx(
    env: dict[str, str], folder: Path, port: int, workers: int, threads: int, server: str = "gunicorn"
) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    """nginx on ``port`` in front of ``server`` on ``port + 1`` (keeping connections to it open), as a web host runs
    them (docs/deploy/nginx/hoithi.conf, hoithi-web.service), both ready: (nginx, the server)."""
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is not installed (apt-get install nginx), or run with --proxy none")
    web = subprocess.Popen(command(server, port + 1, workers, threads, keep_alive=True), env=env, cwd=ROOT)
    _answering(web, port + 1, server)
    proxy = subprocess.Popen(["nginx", "-c", str(nginx_config(folder, port, port + 1))], cwd=folder)
    try:
        return _answering(proxy, port, "nginx"), web
    except SystemExit:
        _stop(web)
        raise


def _answering(process: subprocess.Popen[bytes], port: int, what: str) -> subprocess.Popen[bytes]:
    """``process`` once hoithi's login page answers on ``port``; killed, and the bench stopped, if it does not."""
    for _ in range(150):
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{what} did not answer")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


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
                _stop(process)
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
