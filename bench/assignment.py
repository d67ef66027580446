"""Benchmark: the automatic assignment of 2,000 entries to a panel of 60 judges, two judges per entry.

The unit tree is a province's: the Sở, 12 district offices with 15 schools each, and 20 upper secondary schools
straight under the Sở. Judges work at the Sở (20), at district offices (15) and at schools (25), so that unit
conflicts bite; 100 conflicts are declared. Prints the time of ``services.reviews.assignment.run`` including its writes
and the commit (target: under 5 s), the judges' loads, and the time of running it again (which keeps everything).

    .venv/bin/python -m bench.assignment                  # SQLite in a temporary folder
    HOITHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench .venv/bin/python -m bench.assignment
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select

from app import create_app
from app.extensions import db
from app.models import (
    Assignment,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    DeclaredConflict,
    Entry,
    EntryAuthor,
    PanelMember,
    Proposal,
    ProposalStatus,
    Role,
    User,
    UserRole,
)
from app.services.reviews import assignment
from app.timeutil import utcnow
from bench.units import province, school

ENTRIES = 2_000
JUDGES = 60
DECLARED = 100
TARGET_S = 5.0


def populate(rng: random.Random) -> tuple[Contest, User]:
    """The unit tree, the contest, its organiser, 60 judges on the panel, 2,000 entries with one author each."""
    tree = province(12, 15)
    so, offices = tree.so, tree.offices
    schools = tree.schools + [school(f"T{s}", f"Trường THPT {s}", so) for s in range(20)]
    now = utcnow()
    organiser = User(username="org", full_name="Ban tổ chức", sort_key="ban", password_hash="x", unit_id=so.id)
    organiser.set_roles({Role.ORGANISER})
    contest = Contest(
        title="Hội thi thiết kế bài giảng e-Learning",
        kind=ContestKind.ELEARNING,
        round=ContestRound.PROVINCE,
        school_year="2026-2027",
        status=ContestStatus.PUBLISHED,
        organiser_unit_id=so.id,
        proposal=Proposal(title="Đề xuất", status=ProposalStatus.APPROVED),
        registration_opens=now - timedelta(days=30),
        registration_closes=now - timedelta(days=10),
        submission_opens=now - timedelta(days=30),
        submission_closes=now - timedelta(days=1),
    )
    db.session.add_all([organiser, contest])
    db.session.flush()
    judge_units = [so.id] * 20 + [o.id for o in offices] + [o.id for o in offices[:3]]
    judge_units += [s.id for s in rng.sample(schools, 25)]
    people = [
        {"username": f"judge{i}", "full_name": f"Giám khảo {i}", "sort_key": f"gk{i:03d}", "unit_id": unit_id}
        for i, unit_id in enumerate(judge_units)
    ]
    people += [
        {"username": f"teacher{i}", "full_name": f"Giáo viên {i}", "sort_key": f"gv{i:05d}", "unit_id": 0}
        for i in range(ENTRIES)
    ]
    entry_schools = [rng.choice(schools).id for _ in range(ENTRIES)]
    for i, unit_id in enumerate(entry_schools):
        people[JUDGES + i]["unit_id"] = unit_id
    for row in people:
        row.update(password_hash="x", status="active", must_change_password=False, created_at=now)
    db.session.execute(insert(User), people)
    ids = dict(db.session.execute(select(User.username, User.id)).all())
    judge_ids = [ids[f"judge{i}"] for i in range(JUDGES)]
    db.session.execute(insert(UserRole), [{"user_id": j, "role": Role.JUDGE} for j in judge_ids])
    db.session.execute(
        insert(PanelMember), [{"contest_id": contest.id, "user_id": j, "is_head": j == judge_ids[0]} for j in judge_ids]
    )
    db.session.execute(
        insert(Entry),
        [
            {
                "contest_id": contest.id,
                "code": f"EL-{i:04d}",
                "unit_id": unit_id,
                "title": f"Bài giảng {i}",
                "subject": "Tin học",
                "level": "Lớp 8",
                "field": "",
                "description": "",
                "created_by_id": ids[f"teacher{i}"],
                "created_at": now,
                "updated_at": now,
            }
            for i, unit_id in enumerate(entry_schools)
        ],
    )
    entry_ids = dict(db.session.execute(select(Entry.code, Entry.id)).all())
    db.session.execute(
        insert(EntryAuthor),
        [
            {"entry_id": entry_ids[f"EL-{i:04d}"], "contest_id": contest.id, "user_id": ids[f"teacher{i}"]}
            for i in range(ENTRIES)
        ],
    )
    declared = {(rng.choice(list(entry_ids.values())), rng.choice(judge_ids)) for _ in range(DECLARED)}
    db.session.execute(
        insert(DeclaredConflict),
        [
            {"contest_id": contest.id, "entry_id": e, "judge_id": j, "reason": "", "created_at": now}
            for e, j in declared
        ],
    )
    db.session.commit()
    return contest, organiser


def timed_run(contest: Contest, organiser: User) -> tuple[float, assignment.RunReport]:
    start = time.perf_counter()
    report = assignment.run(db.session, organiser, contest)
    db.session.commit()
    return time.perf_counter() - start, report


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="hoithi-bench-"))
    os.environ["HOITHI_INSTANCE_DIR"] = str(folder)
    url = os.environ.get("HOITHI_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        contest, organiser = populate(random.Random(1))
        seconds, report = timed_run(contest, organiser)
        loads = Counter(db.session.scalars(select(Assignment.judge_id)))
        again, second = timed_run(contest, organiser)
        print(f"database: {url.split('://')[0]}; {ENTRIES} entries, {JUDGES} judges, {report.wanted} per entry")
        print(f"first run:  {seconds:.2f} s (target < {TARGET_S:.0f} s), {report.added} assignments written")
        print(f"loads:      min {min(loads.values())}, max {max(loads.values())} over {len(loads)} judges")
        print(f"short:      {len(report.short)} entries could not get {report.wanted} judges")
        print(f"second run: {again:.2f} s, {second.added} added, {second.removed} removed")
        db.session.remove()
        db.drop_all()
    if seconds >= TARGET_S:
        raise SystemExit(f"too slow: {seconds:.2f} s")


if __name__ == "__main__":
    main()
