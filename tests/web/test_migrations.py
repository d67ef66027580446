"""``hoithi db upgrade`` builds the schema from empty, and the migrations match the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db


@pytest.fixture
def empty_database_url(tmp_path: Path, database_url: str) -> Iterator[str]:
    """A new, empty database of the kind the suite runs on."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"hoithi_migr_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield database_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def empty_app(tmp_path: Path, empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app on a new, empty database (``empty_database_url``) with ``tmp_path`` as its instance folder; its
    connections closed at the end, so that the database can be dropped."""
    monkeypatch.setenv("HOITHI_INSTANCE_DIR", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "x"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        assert diff == []
        assert {"units", "users", "contests", "registrations", "audit_log"} <= tables
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}


def test_the_cli_upgrades_an_empty_database(tmp_path: Path, empty_database_url: str) -> None:
    import subprocess
    import sys

    env = {**os.environ, "HOITHI_DATABASE_URL": empty_database_url, "HOITHI_INSTANCE_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(empty_database_url)
    with engine.connect() as conn:
        assert "users" in sa.inspect(conn).get_table_names()
    engine.dispose()


# Flags as screening stored them before they kept their place: English words in their parameters.
OLD_FLAGS = [
    {"code": "S8-BUSINESS", "reason": "A business takes part in the contest as proposer and sponsor: Công ty X.",
     "evidence": "proposer, sponsor: Công ty X", "reason_key": "S8-BUSINESS",
     "params": {"roles": "proposer and sponsor", "name": "Công ty X"}},
    {"code": "S8-PRODUCT", "reason": 'Names the brand or product "Casio" (Casio), in the contribution of Công ty X.',
     "evidence": "sponsors[1].details: tặng máy tính Casio", "reason_key": "S8-PRODUCT",
     "params": {"field": "the contribution of Công ty X", "text": "Casio", "brand": "Casio"}},
    {"code": "S8-FEE", "reason": "an old reason", "evidence": "fees[0]: 5"},
]  # fmt: skip


def test_flags_stored_before_are_shown_as_they_were_and_go_back_on_downgrade(empty_app: Flask) -> None:
    from flask_babel import force_locale

    from app.services.proposals import flag_text

    proposals = sa.table("proposals", sa.column("id"), sa.column("title"), sa.column("summary"),
                         sa.column("status"), sa.column("created_at"), sa.column("flags", sa.JSON))  # fmt: skip
    with empty_app.app_context():
        upgrade(revision="d2a7f4c8e913")
        with db.engine.begin() as conn:
            conn.execute(
                proposals.insert().values(
                    id=1, title="T", summary="", status="IN_REVIEW", created_at=sa.func.now(), flags=OLD_FLAGS
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            business, product, fee = conn.execute(sa.select(proposals.c.flags)).scalar_one()
        with force_locale("vi"):
            assert flag_text.reason(business) == (
                "Doanh nghiệp tham gia cuộc thi với vai trò đơn vị đề xuất và nhà tài trợ: Công ty X."
            )
            shown = flag_text.evidence(product)
            assert (shown.where, shown.before, shown.match) == ("Nhà tài trợ 2", "tặng máy tính ", "Casio")
            assert flag_text.reason(product).endswith("trong phần đóng góp của Công ty X.")
            assert flag_text.reason(fee) == "an old reason" and flag_text.evidence(fee).where == "Lệ phí 1"
        downgrade(revision="d2a7f4c8e913")
        with db.engine.connect() as conn:
            assert conn.execute(sa.select(proposals.c.flags)).scalar_one() == OLD_FLAGS


def test_lab_seats_are_filled_from_the_packages_issued_before(empty_app: Flask) -> None:
    """Each contestant of a package issued before seats existed gets a seat, the earliest package keeping one that
    several carried (issued before overlaps were refused); on downgrade a withdrawn package carries nobody."""
    from datetime import datetime

    from tests import builders

    packages = sa.table("lab_packages", sa.column("id"), sa.column("package_id"), sa.column("contest_id"),
                        sa.column("public_key"), sa.column("package_sha256"), sa.column("opens_at"),
                        sa.column("closes_at"), sa.column("logins", sa.JSON), sa.column("labels", sa.JSON),
                        sa.column("issued_at"), sa.column("withdrawn_at"))  # fmt: skip
    seats = sa.table("lab_seats", sa.column("contest_id"), sa.column("user_id"), sa.column("package_id"))
    contests = sa.table("contests", *(sa.column(name) for name in ("id", "title", "description", "kind", "round",
                        "school_year", "status", "organiser_unit_id", "registration_opens", "registration_closes",
                        "submission_opens", "submission_closes", "max_team_size", "allows_supervisor",
                        "open_to_teachers", "open_to_students", "created_at")))  # fmt: skip
    with empty_app.app_context():
        upgrade(revision="b7c4e2a9d1f3")
        an, binh, chi = (builders.person(login) for login in ("an", "binh", "chi"))
        db.session.commit()
        ids = {"an": an.id, "binh": binh.id, "chi": chi.id}
        moment = datetime(2026, 3, 1, 7, 30)
        with db.engine.begin() as conn:  # not the model's: it has the columns of later revisions
            contest_id = conn.execute(contests.insert().returning(contests.c.id), {"title": "Tin học trẻ",
                                      "description": "", "kind": "INFORMATICS", "round": "PROVINCE",
                                      "school_year": "2025-2026", "status": "PUBLISHED", "organiser_unit_id":
                                      an.unit_id, "registration_opens": moment, "registration_closes": moment,
                                      "submission_opens": moment, "submission_closes": moment, "max_team_size": 1,
                                      "allows_supervisor": False, "open_to_teachers": False, "open_to_students": True,
                                      "created_at": moment}).scalar_one()  # fmt: skip

        def issued(n: int, logins: dict[str, int]) -> dict[str, object]:
            return {"id": n, "package_id": f"p{n}", "contest_id": contest_id, "public_key": "k", "package_sha256": "s",
                    "opens_at": moment, "closes_at": moment, "logins": logins, "labels": {},
                    "issued_at": moment.replace(hour=n)}  # fmt: skip

        gone = max(ids.values()) + 100  # an account deleted since
        with db.engine.begin() as conn:
            later = issued(9, {"binh": ids["binh"], "chi": ids["chi"]})
            conn.execute(packages.insert(), [later, issued(8, {"an": ids["an"], "binh": ids["binh"], "old": gone})])
        db.session.remove()
        upgrade()
        with db.engine.begin() as conn:
            assert sorted(conn.execute(sa.select(seats.c.user_id, seats.c.package_id)).all()) == sorted(
                [(ids["an"], 8), (ids["binh"], 8), (ids["chi"], 9)]
            )
            conn.execute(packages.update().where(packages.c.id == 9).values(withdrawn_at=moment))
        downgrade(revision="b7c4e2a9d1f3")
        with db.engine.connect() as conn:
            logins = dict(conn.execute(sa.select(packages.c.id, packages.c.logins)).all())
        assert logins == {8: {"an": ids["an"], "binh": ids["binh"], "old": gone}, 9: {}}


def test_extra_time_kept_as_a_moment_becomes_minutes_after_the_closing(empty_app: Flask) -> None:
    """An extension was a moment, which moving the contest's closing did not move: each becomes the whole minutes
    it gave after the closing (rounded up: nobody loses a second), one at or before the closing none; on downgrade
    the minutes become the moment again."""
    from datetime import timedelta

    from tests import builders

    registrations = sa.table("registrations", sa.column("id"), sa.column("contest_id"), sa.column("unit_id"),
                             sa.column("registered_by_id"), sa.column("created_at"),
                             sa.column("extended_until", sa.DateTime), sa.column("extra_minutes"))  # fmt: skip
    with empty_app.app_context():
        upgrade(revision="e8a4c2f6b9d1")
        contest = builders.contest()  # the contests table is the model's at this revision
        people = [builders.person(login) for login in ("an", "binh", "chi", "dung")]
        db.session.flush()
        # read before the commit expires it: reading it again would load its categories, whose model has columns
        # of later revisions
        contest_id, closes = contest.id, contest.submission_closes
        db.session.commit()
        given = {
            "an": closes + timedelta(minutes=15),
            "binh": closes + timedelta(minutes=4, seconds=10),
            "chi": closes - timedelta(minutes=5),
            "dung": None,
        }
        with db.engine.begin() as conn:
            conn.execute(
                registrations.insert(),
                [
                    {
                        "id": i,
                        "contest_id": contest_id,
                        "unit_id": p.unit_id,
                        "registered_by_id": p.id,
                        "created_at": closes,
                        "extended_until": given[p.username],
                    }
                    for i, p in enumerate(people, start=1)
                ],
            )
        db.session.remove()
        upgrade()
        with db.engine.connect() as conn:
            minutes = dict(conn.execute(sa.select(registrations.c.id, registrations.c.extra_minutes)).all())
        assert minutes == {1: 15, 2: 5, 3: None, 4: None}
        downgrade(revision="e8a4c2f6b9d1")
        with db.engine.connect() as conn:
            moments = dict(conn.execute(sa.select(registrations.c.id, registrations.c.extended_until)).all())
        assert moments == {1: closes + timedelta(minutes=15), 2: closes + timedelta(minutes=5), 3: None, 4: None}
