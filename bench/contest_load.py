"""Benchmark: a programming contest under load, end to end over HTTP.

300 contestants each submit 3 times within 2 minutes, through gunicorn on loopback, with PostgreSQL, Redis and
2 judge workers on this machine. Each contestant logs in, opens the problem page, submits (a CSRF-protected
form), polls its submission's live status every 2 s until graded, and fetches the scoreboard now and then.

Prints p50/p95/max latency of submit, status and scoreboard requests, the error count, and the time until the
last submission was graded. Targets: submit p95 < 300 ms, status and scoreboard p95 < 200 ms, no errors.

    .venv/bin/python -m bench.contest_load [--contestants 300] [--per-contestant 3] [--spread 120]
        [--workers 2] [--web-workers 3] [--sandbox bwrap] [--client-processes 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
SUM = ROOT / "tests" / "judge" / "data" / "themis" / "SUM"
SOURCES = {
    "cpp": '#include <cstdio>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n',
    "python": "a, b = map(int, input().split())\nprint(a + b)\n",
}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
POLL_FOR_S = 900  # a contestant gives up watching after this long
LOGIN_WINDOW_S = 40
PG = os.environ.get("HOITHI_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.times[kind].append(ms)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


Measured = tuple[dict[str, list[float]], list[str], dict[int, float]]
"""What a client process sends back: its response times by kind, its errors, when each submission was graded."""

IN_APP = "from app import create_app\ncreate_app().app_context().push()\n"
"""Prefix of a script run with ``python -c`` inside the app (as configured by the environment)."""


def timed(
    stats: Stats, kind: str, call: Callable[..., requests.Response], *args: Any, **kwargs: Any
) -> requests.Response | None:
    start = time.perf_counter()
    try:
        response = call(*args, timeout=30, **kwargs)
    except requests.RequestException as exc:
        stats.error(f"{kind}: {exc}")
        return None
    stats.add(kind, (time.perf_counter() - start) * 1000)
    if response.status_code >= 400:
        stats.error(f"{kind}: HTTP {response.status_code}")
    return response


def token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def setup(env: dict[str, str], contestants: int) -> int:
    """Schema, a running contest with problem A (the Themis SUM task), and the contestants registered."""
    hoithi = [sys.executable, "-m", "app.cli"]
    subprocess.run([*hoithi, "db", "upgrade"], env=env, check=True, capture_output=True)
    script = f"""
from datetime import timedelta
from sqlalchemy import insert
from app.extensions import db
from app.models import *
from app.services import judging
from app.services.people.passwords import hash_password
from app.vnsort import sort_key
from app.timeutil import utcnow
from submissions.store import LocalStore
from flask import current_app
so = Unit(code="SO", name="Sở GD&ĐT", kind=UnitKind.DEPARTMENT); db.session.add(so); db.session.flush()
school = Unit(code="S1", name="Trường THCS 1", kind=UnitKind.SCHOOL, parent_id=so.id); db.session.add(school)
now = utcnow()
contest = Contest(title="Tin học trẻ – tải thử", kind=ContestKind.INFORMATICS, round=ContestRound.PROVINCE,
    school_year="2026-2027", status=ContestStatus.PUBLISHED, organiser_unit_id=so.id,
    proposal=Proposal(title="x", status=ProposalStatus.APPROVED),
    registration_opens=now - timedelta(days=1),
    registration_closes=now + timedelta(days=1), submission_opens=now - timedelta(minutes=1),
    submission_closes=now + timedelta(hours=2))
db.session.add(contest); db.session.flush()
store = LocalStore(current_app.config["STORAGE_DIR"])
problem = judging.import_problem(db.session, store, __import__("pathlib").Path("{SUM}"), code="SUM")
db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
pw = hash_password("load-test-password")
db.session.execute(insert(User), [dict(username=f"ts{{i}}", full_name=f"Thí sinh {{i}}",
    sort_key=sort_key(f"Thí sinh {{i}}"), password_hash=pw, unit_id=school.id, status="active",
    must_change_password=False, created_at=now) for i in range({contestants})])
ids = [u.id for u in db.session.query(User).order_by(User.id)]
db.session.execute(insert(UserRole), [dict(user_id=i, role="student") for i in ids])
for i in ids:
    db.session.add(Registration(contest_id=contest.id, unit_id=school.id, registered_by_id=i,
        members=[RegistrationMember(contest_id=contest.id, user_id=i)]))
db.session.commit()
print(contest.id)
"""
    out = subprocess.run([sys.executable, "-c", IN_APP + script], env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def contestant(
    base: str,
    contest: int,
    n: int,
    per: int,
    spread: float,
    start: float,
    stats: Stats,
    graded: dict[int, float],
) -> None:
    """One contestant: log in during the ``LOGIN_WINDOW_S`` before ``start`` (as contestants arrive before a contest
    begins), then submit ``per`` times on schedule, watching the pending submissions' live status in between as
    the page's script does (every 3 s while queued, every 1 s while graded, 5 s after a minute)."""
    rng = random.Random(n)
    http = requests.Session()
    time.sleep(max(0.0, start - LOGIN_WINDOW_S - time.time() + rng.uniform(0, LOGIN_WINDOW_S - 5)))
    page = timed(stats, "login page", http.get, f"{base}/login")
    if page is None:
        return
    timed(
        stats,
        "login",
        http.post,
        f"{base}/login",
        data={"csrf_token": token(page.text), "username": f"ts{n}", "password": "load-test-password"},
    )
    gap = spread / per
    plan = [start + k * gap + rng.uniform(0, gap - 11) for k in range(per)]  # 10 s apart at least
    pending: dict[int, float] = {}  # submission id -> when it was sent
    next_poll: dict[int, float] = {}
    while plan or pending:
        now = time.time()
        if plan and plan[0] <= now:
            plan.pop(0)
            sent = _submit(http, base, contest, rng, stats)
            if sent is not None:
                pending[sent] = next_poll[sent] = time.time()
            continue
        wake = min([*next_poll.values(), *plan[:1]])
        if wake > now:
            time.sleep(wake - now)
            continue
        submission = min(next_poll, key=next_poll.__getitem__)
        waited = time.time() - pending[submission]
        status = timed(stats, "status", http.get, f"{base}/contests/{contest}/submissions/{submission}.json")
        if status is not None and status.status_code == 200 and status.json()["final"]:
            graded[submission] = time.time()
            if status.json()["verdict"] != "AC":
                stats.error(f"submission {submission}: {status.json()['verdict']}")
            del pending[submission], next_poll[submission]
        elif waited > POLL_FOR_S:
            stats.error(f"submission {submission}: not graded after {POLL_FOR_S} s")
            del pending[submission], next_poll[submission]
        else:
            queued = status is not None and status.status_code == 200 and status.json()["status"] == "queued"
            next_poll[submission] = time.time() + (5 if waited >= 60 else 3 if queued else 1)
            if rng.random() < 0.03:
                timed(stats, "scoreboard", http.get, f"{base}/contests/{contest}/scoreboard")


def _submit(http: requests.Session, base: str, contest: int, rng: random.Random, stats: Stats) -> int | None:
    problem = timed(stats, "problem page", http.get, f"{base}/contests/{contest}/problems/A")
    if problem is None or problem.status_code != 200:
        return None
    language = rng.choice(list(SOURCES))
    sent = timed(
        stats,
        "submit",
        http.post,
        f"{base}/contests/{contest}/problems/A/submit",
        data={"csrf_token": token(problem.text), "language": language, "source": _unique(language, rng)},
        allow_redirects=False,
    )
    if sent is None or sent.status_code != 302 or "/submissions/" not in sent.headers.get("Location", ""):
        stats.error(f"submit refused: {sent.status_code if sent is not None else '-'}")
        return None
    return int(sent.headers["Location"].rsplit("/", 1)[1])


def _clients(
    base: str, contest: int, numbers: list[int], args: argparse.Namespace, start: float, out: Queue[Measured]
) -> None:
    """One client process: a thread per contestant of ``numbers``; sends back what it measured."""
    stats, graded = Stats(), dict[int, float]()
    threads = [
        threading.Thread(
            target=contestant, args=(base, contest, n, args.per_contestant, args.spread, start, stats, graded)
        )
        for n in numbers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((dict(stats.times), stats.errors, graded))


def _run_clients(base: str, contest: int, args: argparse.Namespace, start: float) -> tuple[Stats, dict[int, float]]:
    """The contestants, spread over ``--client-processes`` processes so that one interpreter's lock does not
    queue 300 clients' responses (which would add the client's own waiting to the latencies measured)."""
    context = multiprocessing.get_context("fork")
    out: Queue[Measured] = context.Queue()
    groups = [list(range(args.contestants))[k :: args.client_processes] for k in range(args.client_processes)]
    processes = [context.Process(target=_clients, args=(base, contest, g, args, start, out)) for g in groups]
    for p in processes:
        p.start()
    stats, graded = Stats(), {}
    for _ in processes:
        times, errors, done = out.get()
        for kind, values in times.items():
            stats.times[kind].extend(values)
        stats.errors.extend(errors)
        graded.update(done)
    for p in processes:
        p.join()
    return stats, graded


def _unique(language: str, rng: random.Random) -> str:
    """The solution with a comment of its own, so that no two submissions are the same text."""
    mark = "//" if language == "cpp" else "#"
    return f"{SOURCES[language]}{mark} {rng.getrandbits(64):016x}\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contestants", type=int, default=300)
    parser.add_argument("--per-contestant", type=int, default=3)
    parser.add_argument("--spread", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--sandbox", default="bwrap")
    parser.add_argument("--port", type=int, default=5077)
    parser.add_argument("--client-processes", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="hoithi-load-"))
    database = f"hoithi_load_{os.getpid()}"
    admin = sa.create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "HOITHI_INSTANCE_DIR": str(folder),
        "HOITHI_DATABASE_URL": f"{PG}/{database}",
        "HOITHI_REDIS_URL": "redis://127.0.0.1:6379/13",
        "HOITHI_SANDBOX": args.sandbox,
        "HOITHI_RATELIMIT_STORAGE": "redis://127.0.0.1:6379/13",
    }
    import redis

    redis.Redis.from_url(env["HOITHI_REDIS_URL"]).flushdb()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        contest = setup(env, args.contestants)
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    str(args.web_workers),
                    "--threads",
                    "8",
                    "--keep-alive",
                    "30",
                    "--log-level",
                    "warning",
                    "wsgi:app",
                ],
                env=env,
                cwd=ROOT,
            )
        )
        for _ in range(args.workers):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "app.cli", "worker"],
                    env=env,
                    cwd=ROOT,
                    start_new_session=True,  # as ``hoithi up`` starts them
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                if requests.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        start = time.time() + LOGIN_WINDOW_S
        stats, graded = _run_clients(base, contest, args, start)
        total = args.contestants * args.per_contestant
        print(
            f"{args.contestants} contestants x {args.per_contestant} submissions over {args.spread:.0f} s; "
            f"gunicorn {args.web_workers}x8 threads, {args.workers} judge workers ({args.sandbox}), PostgreSQL"
        )
        print(f"{'request':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind in ("login", "problem page", "submit", "status", "scoreboard"):
            values = sorted(stats.times.get(kind, []))
            if values:
                p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
                print(f"{kind:<14} {len(values):>6} {statistics.median(values):>8.0f} {p95:>8.0f} {values[-1]:>8.0f}")
        print(
            f"graded {len(graded)} of {total}; last graded {max(graded.values()) - start:.0f} s after the first "
            f"submission could be sent (the last was sent by {args.spread:.0f} s)"
            if graded
            else "nothing graded"
        )
        print(f"errors: {len(stats.errors)}" + (f" (first: {stats.errors[:5]})" if stats.errors else ""))
    finally:
        for p in processes:
            p.send_signal(signal.SIGTERM)
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
