"""Benchmark: the public contest list and a coordinator's people list with 20,000 users and 1,000 contests.

Prints, for each page, the SQL statements per request and the median and p95 server-side time (through the
WSGI app, rendering included) over many requests. Target: median under 50 ms, queries independent of rows.

    .venv/bin/python -m bench.web_lists                 # SQLite in a temporary folder
    HOITHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench .venv/bin/python -m bench.web_lists
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import Engine, event, insert

from app import create_app
from app.extensions import db
from app.models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Proposal,
    ProposalStatus,
    Role,
    User,
    UserRole,
)
from app.services.people.passwords import hash_password
from app.timeutil import utcnow
from app.vnsort import sort_key
from bench.units import province

USERS = 20_000
CONTESTS = 1_000
RUNS = 60
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", ""]
GIVEN = [
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Chi",
    "Dũng",
    "Dương",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Minh",
    "Nam",
    "Ngân",
    "Phúc",
    "Quân",
    "Sơn",
    "Thảo",
    "Trang",
    "Tú",
    "Việt",
    "Yến",
]


def populate() -> None:
    rng = random.Random(1)
    tree = province(12, 5)
    so, schools = tree.so, tree.schools
    password = hash_password("bench-password")
    rows = []
    for i in range(USERS):
        name = " ".join(w for w in (rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)) if w)
        rows.append(
            {
                "username": f"u{i}",
                "email": f"u{i}@example.edu.vn",
                "full_name": name,
                "sort_key": sort_key(name),
                "password_hash": password,
                "unit_id": schools[i % len(schools)].id,
                "class_name": f"{6 + i % 4}A{i % 5}",
                "status": "active",
                "must_change_password": False,
                "created_at": utcnow(),
            }
        )
    db.session.execute(insert(User), rows)
    db.session.execute(insert(UserRole), [{"user_id": i + 1, "role": Role.STUDENT} for i in range(USERS)])
    # A district office's coordinator: manages the office and its five schools (about 1,700 people).
    coordinator = User(
        username="coord",
        full_name="Nguyễn Văn Điều",
        sort_key=sort_key("Nguyễn Văn Điều"),
        password_hash=password,
        unit_id=schools[0].parent_id,
    )
    coordinator.set_roles({Role.COORDINATOR})
    db.session.add(coordinator)
    now = utcnow()
    for i in range(CONTESTS):
        contest = Contest(
            title=f"Hội thi số {i}",
            kind=list(ContestKind)[i % 3],
            round=ContestRound.SCHOOL,
            school_year="2026-2027",
            status=ContestStatus.PUBLISHED,
            organiser_unit_id=so.id,
            proposal=Proposal(title=f"Đề xuất {i}", status=ProposalStatus.APPROVED),
            registration_opens=now - timedelta(days=i),
            registration_closes=now + timedelta(days=30 - i % 40),
            submission_opens=now,
            submission_closes=now + timedelta(days=40),
            categories=[Category(code=c, name=f"Bảng {c}") for c in "ABCD"],
        )
        db.session.add(contest)
    db.session.commit()


def measure(client: FlaskClient, engine: Engine, url: str) -> tuple[int, float, float]:
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("")

    client.get(url)  # warm the template cache
    event.listen(engine, "before_cursor_execute", count)
    client.get(url)
    event.remove(engine, "before_cursor_execute", count)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return len(statements), statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="hoithi-bench-"))
    os.environ["HOITHI_INSTANCE_DIR"] = str(folder)
    url = os.environ.get("HOITHI_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        populate()
        print(
            f"database: {url.split('://')[0]}; loaded {USERS} users and {CONTESTS} contests "
            f"in {time.perf_counter() - start:.1f} s"
        )
        engine = db.engine
    client = app.test_client()
    public = measure(client, engine, "/")
    client.post("/login", data={"username": "coord", "password": "bench-password"})
    people = measure(client, engine, "/people/")
    people_page = measure(client, engine, "/people/?page=20")
    search = measure(client, engine, "/people/?q=nguy%E1%BB%85n")
    print(f"{'page':<28} {'SQL':>4} {'median ms':>10} {'p95 ms':>8}")
    for name, (queries, median, p95) in [
        ("public contest list /", public),
        ("people list /people/", people),
        ("people list, page 20", people_page),
        ("people search", search),
    ]:
        print(f"{name:<28} {queries:>4} {median:>10.1f} {p95:>8.1f}")
    with app.app_context():
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
