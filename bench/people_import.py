"""Benchmark: a coordinator imports a sheet of 2,000 pupils (a CSV without logins, as schools send them) with the
site's password hashing (argon2id, "strong").

Prints the import's wall time (reading, checks, accounts, hashes, audit; the commit apart), the CPU time of all its
threads, and the SQL statements it ran. A sheet of 2,000 is the size of a large lower secondary school. HASH=minimal
times the rest of the import without the hashing. On a busy machine the wall time tells little: compare CPU times.

    .venv/bin/python -m bench.people_import                 # SQLite in a temporary folder
    ROWS=500 HASH=minimal .venv/bin/python -m bench.people_import
    HOITHI_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench .venv/bin/python -m bench.people_import
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from app import create_app
from app.extensions import db
from app.models import Role, User
from app.services.people import people_xlsx
from bench.units import province

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", "Bảo"]
GIVEN = ["An", "Anh", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Linh", "Nam", "Phúc"]


def sheet(rows: int) -> bytes:
    """A CSV of ``rows`` pupils: name, date of birth, class; no logins (the import makes them from the names)."""
    lines = ["STT,Họ và tên,Ngày sinh,Lớp"]
    for i in range(rows):
        name = f"{FAMILY[i % 12]} {MIDDLE[i // 12 % 10]} {GIVEN[i // 120 % 14]}"
        if i >= 12 * 10 * 14:
            name += f" {GIVEN[i % 14]}"
        born = date(2011, 1, 1) + timedelta(days=i % 700)
        lines.append(f"{i + 1},{name},{born:%d/%m/%Y},{6 + i % 4}A{i % 9 + 1}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    rows = int(os.environ.get("ROWS", "2000"))
    folder = Path(tempfile.mkdtemp(prefix="hoithi-bench-"))
    os.environ["HOITHI_INSTANCE_DIR"] = str(folder)
    url = os.environ.get("HOITHI_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    cost = os.environ.get("HASH", "strong")  # "minimal": the rest of the import alone, without the hashing
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PASSWORD_HASH_COST": cost})
    with app.app_context():
        db.drop_all()
        db.create_all()
        school = province(1, 1).schools[0]
        coordinator = User(full_name="Cán Bộ", sort_key="can bo", username="coord", unit_id=school.id)
        coordinator.password_hash = "-"
        coordinator.set_roles({Role.COORDINATOR})
        db.session.add(coordinator)
        db.session.commit()
        statements = 0

        def count(*_args: Any) -> None:
            nonlocal statements
            statements += 1

        event.listen(db.engine, "before_cursor_execute", count)
        data = sheet(rows)
        start, cpu = time.perf_counter(), time.process_time()
        report = people_xlsx.import_people(db.session, coordinator, school.id, io.BytesIO(data))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        event.remove(db.engine, "before_cursor_execute", count)
        assert report.ok and len(report.created) == rows, report.errors[:3]
        db.session.commit()
        print(f"database: {url.split('://')[0]}; cpus: {os.cpu_count()}; load: {os.getloadavg()[0]:.1f}; hash: {cost}")
        print(
            f"imported {rows} people in {elapsed:.1f} s ({elapsed / rows * 1000:.1f} ms a row; "
            f"CPU {cpu:.1f} s over all threads), {statements} SQL"
        )
        db.session.remove()
        db.drop_all()


if __name__ == "__main__":
    main()
