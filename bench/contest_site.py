"""The contest-start benchmarks' site: a PostgreSQL database and a Redis database emptied, the contest of
``bench/contest_start.py`` made in them (a contest whose problem A is the Themis SUM task, with ``--contestants``
registered alone), and hoithi's web server started on them as a web host runs it (gunicorn, behind nginx or not).
``bench/request_cpu.py``, ``bench/server_cpu.py`` and ``bench/static_files.py`` build on the same site."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from bench.servers import command, nginx_config

ROOT = Path(__file__).resolve().parents[1]
SUM = ROOT / "tests" / "judge" / "data" / "themis" / "SUM"
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
        stop(web)
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


def stop(process: subprocess.Popen[bytes]) -> None:
    """``process`` asked to end (SIGTERM), and waited for."""
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
