"""What the lab round tests share: the lab's own hoithi (a second application on a SQLite file and a store of its
own, as a standalone hoithi in a school's computer room has), a provincial contest with two contestants and a
problem, and bundles rewritten as a lab technician or a courier might."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import (
    Contest,
    LabPackage,
    Problem,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.services.programming import grading
from app.services.programming.lab import bundle_import, lab_setup, package, results
from app.services.programming.lab.zips import Refused
from app.timeutil import utcnow
from submissions.store import LocalStore
from tests.builders import row_of

from .. import builders


def standalone_app(instance: Path, redis_url: str) -> Flask:
    """A lab's standalone hoithi: an application of its own on a SQLite file and a store under ``instance``, on
    the Redis ``redis_url``, its tables created."""
    previous = os.environ.get("HOITHI_INSTANCE_DIR")
    os.environ["HOITHI_INSTANCE_DIR"] = str(instance)
    try:
        lab = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "lab",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'lab.sqlite3'}",
                "REDIS_URL": redis_url,
                "STORAGE_DIR": str(instance / "storage"),
                "RATELIMIT_STORAGE_URI": "memory://",
                "WTF_CSRF_ENABLED": False,
                "AUDIT_KEY": "lab-audit-key",
                "MAIL_QUEUE_ASYNC": False,
            }
        )
    finally:
        if previous is not None:
            os.environ["HOITHI_INSTANCE_DIR"] = previous
    with lab.app_context():
        db.create_all()
    return lab


@pytest.fixture(scope="module")
def _lab_app(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Flask]:
    lab = standalone_app(tmp_path_factory.mktemp("lab"), redis_url)
    yield lab
    with lab.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def lab_app(_lab_app: Flask) -> Flask:
    """The lab's hoithi, its tables empty (use it inside ``with lab_app.app_context():``)."""
    with _lab_app.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
    return _lab_app


@pytest.fixture
def province(app: Flask) -> dict[str, int]:
    """A running provincial contest (the Sở organises it) with problem A (SUM), its organiser, and two students
    of two schools registered in Bảng B. The schools are named, so that An's sorts first (seats go by school, and
    the factory's numbered names sort by the tests run before: "số 10" before "số 9")."""
    units = builders.unit_tree(name="Trường THCS Chu Văn An")
    other = builders.unit_tree(units.department, name="Trường THCS Trần Phú")
    contest = builders.contest(organiser_unit=units.department, title="Tin học trẻ tỉnh")
    bang = builders.categories(contest, "B")
    organiser = builders.person("org", units.department, Role.ORGANISER)
    an = builders.person("an", units.school, full_name="Nguyễn Văn An")
    binh = builders.person("binh", other.school, full_name="Trần Thị Bình")
    builders.register(contest, an, binh, category=bang["B"])
    problem = builders.programming_problem(contest, "A")
    db.session.commit()
    return {"contest": contest.id, "organiser": organiser.id, "problem": problem.problem_id}


def judged(problem: Problem, user: User, source: bytes, verdict: str, score: float) -> Submission:
    """A submission as the lab's worker leaves it once graded (one test)."""
    submission = grading.create_submission(db.session, problem, source, "python", user.id)
    submission.status, submission.verdict, submission.score, submission.attempt = (
        SubmissionStatus.DONE,
        verdict,
        score,
        1,
    )
    submission.max_score, submission.finished_at = 100.0, utcnow()
    submission.tests.append(
        SubmissionTest(position=1, name="Test01", verdict=verdict, time_ms=12, memory_kb=3000, score=score)
    )
    return submission


def rewritten(bundle: Path, out: Path, changes: dict[str, bytes]) -> Path:
    """A copy of the zip ``bundle`` at ``out`` with the files in ``changes`` replaced (or added)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, changes.get(name, source.read(name)))
        for name in changes.keys() - set(source.namelist()):
            target.writestr(name, changes[name])
    out.write_bytes(buffer.getvalue())
    return out


def _store(app: Flask) -> LocalStore:
    return LocalStore(app.config["STORAGE_DIR"])


def _export(app: Flask, world: dict[str, int], out: Path) -> package.Issued:
    issued = package.export_package(
        db.session,
        _store(app),
        row_of(User, world["organiser"]),
        row_of(Contest, world["contest"]),
        out,
        seats_per_room=1,
    )
    db.session.commit()
    return issued


def _run_lab(lab: Flask, lab_package: Path, out: Path, *, late: bool = False) -> results.Bundle:
    """Import the package on the lab's hoithi, record An's AC and Bình's WA (Bình's made after the end when
    ``late``), and export the results once the round is over."""
    with lab.app_context():
        contest = lab_setup.import_package(db.session, _store(lab), lab_package)
        db.session.commit()
        problem = db.session.scalars(select(Problem)).one()
        an = db.session.scalars(select(User).where(User.username == "an")).one()
        binh = db.session.scalars(select(User).where(User.username == "binh")).one()
        judged(problem, an, b"print(sum(map(int, input().split())))\n", "AC", 100.0)
        wrong = judged(problem, binh, b"print(0)\n", "WA", 0.0)
        if late:
            wrong.created_at = contest.submission_closes + timedelta(minutes=10)
        db.session.commit()
        bundle = results.export_results(db.session, contest, out, now=contest.submission_closes + timedelta(hours=1))
        db.session.remove()
        return bundle


def _import(world: dict[str, int], bundle: Path, contest_id: int | None = None) -> bundle_import.Imported:
    imported = bundle_import.import_results(
        db.session,
        row_of(User, world["organiser"]),
        row_of(Contest, contest_id or world["contest"]),
        bundle,
    )
    db.session.commit()
    return imported


def _refusal(world: dict[str, int], bundle: Path, contest_id: int | None = None) -> list[str]:
    with force_locale("en"), pytest.raises(Refused) as refused:
        _import(world, bundle, contest_id)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    assert db.session.scalars(select(LabPackage.results_imported_at)).all() == [None]
    with force_locale("en"):
        return [str(p) for p in refused.value.problems]
