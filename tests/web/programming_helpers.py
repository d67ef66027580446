"""What the organisers' tests of a programming contest share: a running contest with its people, packages to
upload, logging in, counting stored problems."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    Problem,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.queue import connection
from app.services.programming import grading, problem_admin
from app.storage import content_store
from tests.builders import row_of
from tests.conftest import AuthActions

from .. import builders
from ..builders import SUM

DATA = Path(__file__).resolve().parents[1] / "judge" / "data"


SPLIT = DATA / "kattis" / "split"


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_of(folder: Path, extra: dict[str, bytes] | None = None) -> io.BytesIO:
    """A zip of ``folder`` (kept as the zip's top folder) plus ``extra`` files (paths inside that folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(f"{folder.name}/{name}", data)
    buffer.seek(0)
    return buffer


@pytest.fixture
def running_with_hs(app: Flask) -> Iterator[Contest]:
    """A running programming contest with problem A and a registered student ``hs``; the test Redis database empty
    before and after (no queue, no submission slot)."""
    connection().flushdb()
    running = builders.contest(ContestKind.INFORMATICS)
    builders.programming_problem(running, "A")
    builders.register(running, builders.person("hs"))
    db.session.commit()
    yield running
    connection().flushdb()


@pytest.fixture
def world(app: Flask) -> dict[str, int]:
    """A running programming contest with two categories, its organiser, an organiser of another unit, two
    registered students (category B) and one who is not registered."""
    units = builders.unit_tree()
    running = builders.contest(organiser_unit=units.department)
    bang = builders.categories(running, "B", "C")
    people = {
        "organiser": builders.person("org", units.department, Role.ORGANISER),
        "other_organiser": builders.person("org2", None, Role.ORGANISER),
        "alice": builders.person("alice", units.school),
        "bob": builders.person("bob", units.school),
        "outsider": builders.person("outsider", units.school),
    }
    builders.register(running, people["alice"], people["bob"], category=bang["B"])
    db.session.commit()
    return {"contest": running.id, "B": bang["B"].id, "C": bang["C"].id, **{k: v.id for k, v in people.items()}}


def login(client: FlaskClient, auth: AuthActions, username: str) -> None:
    """Log in and read the pages in English (the msgids the assertions name)."""
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


def upload(client: FlaskClient, contest_id: int, package: io.BytesIO, filename: str, **fields: Any) -> TestResponse:
    data = {"label": "A", "category": "0", **fields, "package": (package, filename)}
    return client.post(f"/contests/{contest_id}/manage/problems", data=data, content_type="multipart/form-data")


def counts() -> tuple[int, int]:
    return (
        db.session.scalars(select(func.count()).select_from(Problem)).one(),
        db.session.scalars(select(func.count()).select_from(ContestProblem)).one(),
    )


def add_problem(
    app: Flask, world: dict[str, int], label: str = "A", category: str | None = None, statement: bytes | None = None
) -> int:
    """Import SUM (with a PDF statement if given) straight through the service; the Problem id."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "SUM.zip"
        path.write_bytes(zip_of(SUM, {"SUM.pdf": statement} if statement else None).getvalue())
        added = problem_admin.add_problem(
            db.session,
            content_store(),
            "none-such",  # no reference grading here: the report says the sandbox is unavailable
            row_of(Contest, world["contest"]),
            row_of(User, world["organiser"]),
            path,
            problem_admin.ProblemUpload(
                label=label, filename="SUM.zip", category_id=world[category] if category else None
            ),
        )
    db.session.commit()
    return added.problem_id


def graded_submission(problem_id: int, user_id: int) -> Submission:
    submission = grading.create_submission(db.session, row_of(Problem, problem_id), b"print(1)\n", "python", user_id)
    submission.status, submission.verdict, submission.score, submission.attempt = SubmissionStatus.DONE, "WA", 20.0, 1
    submission.tests.append(SubmissionTest(position=1, name="Test01", verdict="WA", time_ms=1, memory_kb=1, score=0))
    db.session.commit()
    return submission
