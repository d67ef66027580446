"""A results bundle of many sources is imported without holding its sources in memory (issue 16's leftovers): they
are read from the bundle on disk one at a time, checked, then read again and written 20 at a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import Contest, Problem, Submission, User
from app.services.programming.lab import bundle_import, lab_setup, results
from tests.builders import row_of

from .lab_helpers import _export, _lab_app, _store, judged, lab_app, province

__all__ = ["_lab_app", "lab_app", "province"]

SOURCES = 600
SOURCE_BYTES = 48 * 1024


def _source(n: int) -> bytes:
    """A Python program of about ``SOURCE_BYTES`` bytes (under the judge's 64 KiB), different for each ``n``."""
    lines = [f"# bài {n}", "print(sum(map(int, input().split())))"]
    lines += [f"# {n} {i:06d} dòng chú thích cho đủ cỡ tệp" for i in range(SOURCE_BYTES // 48)]
    return "\n".join(lines).encode()


@pytest.mark.slow
def test_a_bundle_of_many_sources_is_imported_a_batch_at_a_time(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    with lab_app.app_context():
        contest = lab_setup.import_package(db.session, _store(lab_app), tmp_path / "lab.zip")
        db.session.commit()
        problem = db.session.scalars(select(Problem)).one()
        an = db.session.scalars(select(User).where(User.username == "an")).one()
        for n in range(SOURCES):
            judged(problem, an, _source(n), "AC", 100.0)
        db.session.commit()
        results.export_results(db.session, contest, tmp_path / "results.zip", now=contest.submission_closes)
        db.session.remove()
    total = sum(len(_source(n)) for n in range(SOURCES))  # about 28 MiB of sources

    tracemalloc.start()
    try:
        imported = bundle_import.import_results(
            db.session,
            row_of(User, province["organiser"]),
            row_of(Contest, province["contest"]),
            tmp_path / "results.zip",
        )
        db.session.commit()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert imported.submissions == SOURCES
    stored = db.session.scalars(select(Submission.source).order_by(Submission.created_at, Submission.id)).all()
    assert len(stored) == SOURCES and stored[0].encode() == _source(0) and stored[-1].encode() == _source(SOURCES - 1)
    # held all at once, as before, the import peaked at 115 MiB here (bytes, text, rows); 20 at a time, at 4.5 MiB
    assert peak < total // 4, f"peak {peak >> 20} MiB for {total >> 20} MiB of sources"
    assert db.session.scalar(select(func.count()).select_from(Submission)) == SOURCES
