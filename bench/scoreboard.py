"""Benchmark: the scoreboard page of a contest with 1,000 contestants x 6 problems and about 21,000 judged
submissions (175,000 test results).

Prints, for each kind of board (IOI best submission, IOI best per subtask, ICPC, the public's frozen board), the
SQL statements per request and the median and p95 server-side time (through the WSGI app, rendering included)
over many requests, and the median CPU time of the process: cold (the Redis cache emptied before every request)
and warm (served from the cache).
Target: under 200 ms cold.

    .venv/bin/python -m bench.scoreboard                 # SQLite in a temporary folder
    HOITHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench .venv/bin/python -m bench.scoreboard

Redis: ``HOITHI_BENCH_REDIS_URL`` if set, else a private Redis in the temporary folder (stopped at the end).
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import Engine, event, insert

from app import create_app
from app.extensions import db
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    ContestRound,
    ContestStatus,
    Problem,
    ProgrammingSettings,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationMember,
    Role,
    ScoreboardMode,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
    UserRole,
)
from app.queue import connection
from app.redis_server import stop_private_redis
from app.services.programming import scoreboard
from app.timeutil import utcnow
from app.vnsort import sort_key
from bench.units import province

CONTESTANTS = 1_000
PROBLEMS = 6
RUNS = 30
# Each test of a problem: (group, points); the three subtasks hold 20, 30 and 50 points.
TESTS = [("sample", 0.0)] + [(f"secret/group{g}", p) for g, p in ((1, 20 / 3), (2, 10.0), (3, 50 / 3)) for _ in "abc"]
VERDICTS = ["WA", "WA", "TLE", "RE", "CE", "AC"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Khánh", "Linh", "Minh", "Nam", "Phúc", "Sơn", "Yến"]


def populate() -> int:
    """The contest, its problems, contestants and submissions; returns the contest's id."""
    rng = random.Random(1)
    now = utcnow()
    tree = province(12, 5)
    so, schools = tree.so, tree.schools
    opens = now - timedelta(hours=5)
    contest = Contest(
        title="Hội thi Tin học trẻ tỉnh",
        kind=ContestKind.INFORMATICS,
        round=ContestRound.PROVINCE,
        school_year="2026-2027",
        status=ContestStatus.PUBLISHED,
        organiser_unit_id=so.id,
        proposal=Proposal(title="Đề xuất", status=ProposalStatus.APPROVED),
        registration_opens=now - timedelta(days=20),
        registration_closes=now - timedelta(days=1),
        submission_opens=opens,
        submission_closes=now + timedelta(hours=1),
    )
    db.session.add(contest)
    db.session.flush()
    db.session.add(ProgrammingSettings(contest_id=contest.id))
    problems = []
    for i in range(PROBLEMS):
        label = "ABCDEF"[i]
        problem = Problem(
            code=f"P{label}",
            title=f"Bài {label}",
            package_format="kattis",
            package_hash=f"{i:064d}",
            time_limit_ms=1000,
            memory_limit_kb=262144,
            test_count=len(TESTS),
            max_score=100.0,
            contest_id=contest.id,
        )
        db.session.add(problem)
        db.session.flush()
        db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label=label, position=i))
        problems.append(problem)
    db.session.flush()

    users, roles, registrations, members = [], [], [], []
    for i in range(1, CONTESTANTS + 1):
        name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)} {i}"
        unit_id = schools[i % len(schools)].id
        users.append(
            {
                "id": i,
                "username": f"ts{i}",
                "full_name": name,
                "sort_key": sort_key(name),
                "password_hash": "-",
                "unit_id": unit_id,
                "status": "active",
                "must_change_password": False,
                "created_at": now,
            }
        )
        roles.append({"user_id": i, "role": Role.STUDENT})
        registrations.append(
            {"id": i, "contest_id": contest.id, "unit_id": unit_id, "registered_by_id": i, "created_at": now}
        )
        members.append({"registration_id": i, "contest_id": contest.id, "user_id": i})
    db.session.execute(insert(User), users)
    db.session.execute(insert(UserRole), roles)
    db.session.execute(insert(Registration), registrations)
    db.session.execute(insert(RegistrationMember), members)

    submissions: list[dict[str, object]] = []
    tests: list[dict[str, object]] = []
    sid = 0
    for user in range(1, CONTESTANTS + 1):
        for problem in problems:
            for _try in range(rng.randint(1, 6)):
                sid += 1
                verdict = rng.choice(VERDICTS)
                passed = [verdict != "CE" and (verdict == "AC" or rng.random() < 0.6) for _ in TESTS]
                results = [] if verdict == "CE" else list(zip(TESTS, passed, strict=True))
                score = round(sum(points for (_g, points), ok in results if ok), 4)
                subtasks: dict[str, float] = {}
                for (group, points), ok in results:  # the grader's subtask scores (sum groups here)
                    subtasks[group] = round(subtasks.get(group, 0.0) + (points if ok else 0.0), 4)
                submissions.append(
                    {
                        "id": sid,
                        "problem_id": problem.id,
                        "user_id": user,
                        "language": "cpp",
                        "source": "int main() {}",
                        "status": SubmissionStatus.DONE,
                        "verdict": verdict,
                        "score": score,
                        "max_score": 100.0,
                        "compile_output": "",
                        "judge_log": "",
                        "subtask_scores": subtasks or None,
                        "created_at": opens + timedelta(seconds=rng.randint(0, 6 * 3600 - 4000)),
                    }
                )
                tests.extend(
                    {
                        "submission_id": sid,
                        "position": n,
                        "name": f"t{n}",
                        "group": group,
                        "verdict": "AC" if ok else "WA",
                        "time_ms": 10,
                        "memory_kb": 1024,
                        "score": round(points, 4) if ok else 0.0,
                        "details": {},
                    }
                    for n, ((group, points), ok) in enumerate(results, start=1)
                )
    for start in range(0, len(submissions), 5000):
        db.session.execute(insert(Submission), submissions[start : start + 5000])
    for start in range(0, len(tests), 20000):
        db.session.execute(insert(SubmissionTest), tests[start : start + 20000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # a database in use has statistics (autovacuum); a fresh load not yet
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    print(f"{CONTESTANTS} contestants, {PROBLEMS} problems, {len(submissions)} submissions, {len(tests)} test results")
    return contest.id


def measure(
    client: FlaskClient, engine: Engine, url: str, before: Callable[[], None]
) -> tuple[int, float, float, float]:
    """SQL statements of one request, then over ``RUNS`` requests (``before`` run untimed ahead of each) the
    median and p95 wall time and the median CPU time of this process (which, on SQLite, includes the
    database's work; it is less disturbed than wall time by other load on the machine)."""
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("")

    before()
    event.listen(engine, "before_cursor_execute", count)
    assert client.get(url).status_code == 200
    event.remove(engine, "before_cursor_execute", count)
    times, cpu = [], []
    for _ in range(RUNS):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return len(statements), statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.median(cpu)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="hoithi-bench-"))
    os.environ["HOITHI_INSTANCE_DIR"] = str(folder)
    url = os.environ.get("HOITHI_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    redis_url = os.environ.get("HOITHI_BENCH_REDIS_URL")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "REDIS_URL": redis_url}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        contest_id = populate()
        print(f"database: {url.split('://')[0]}; loaded in {time.perf_counter() - start:.1f} s")
        engine = db.engine
        cache = connection()
    client = app.test_client()
    page = f"/contests/{contest_id}/scoreboard"
    client.get(page)  # warm the template cache and the connection pool
    gc.collect()
    gc.freeze()  # as wsgi.py does once the app is loaded

    def cold() -> None:
        scoreboard.forget(cache, contest_id)

    def configure(**values: object) -> None:
        with app.app_context():
            settings = db.session.get(ProgrammingSettings, contest_id)
            for name, value in values.items():
                setattr(settings, name, value)
            db.session.commit()
        cold()

    results = []
    boards: list[tuple[str, dict[str, object], str]] = [
        ("IOI, best submission", {}, page),
        ("IOI, best per subtask", {"best_per_subtask": True}, page),
        ("ICPC", {"best_per_subtask": False, "scoreboard_mode": ScoreboardMode.ICPC}, page),
        ("IOI, public frozen board", {"scoreboard_mode": ScoreboardMode.IOI, "freeze_minutes": 120}, page),
        ("IOI, one district", {"freeze_minutes": 0}, f"{page}?district=2"),
    ]
    for name, settings, url_ in boards:
        configure(**settings)
        results.append((name, "cold", measure(client, engine, url_, cold)))
        results.append((name, "warm", measure(client, engine, url_, lambda: None)))
    print(f"{'board':<28} {'cache':<5} {'SQL':>4} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7}")
    for name, kind, (queries, median, p95, cpu) in results:
        print(f"{name:<28} {kind:<5} {queries:>4} {median:>10.1f} {p95:>8.1f} {cpu:>7.1f}")
    with app.app_context():
        cold()
        db.session.remove()
        db.drop_all()
    if redis_url is None:
        stop_private_redis(folder)


if __name__ == "__main__":
    main()
