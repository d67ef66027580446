"""What the tests of Themis contest folders share: a running contest with two problems (codes SUM and TONG, both
the SUM package) and two registered students, folders and zips built from {path: bytes}, graded submissions."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Problem, Role, Submission, SubmissionStatus
from app.services.programming import grading

from .. import builders

PY = b"a, b = map(int, input().split())\nprint(a + b)\n"
CPP = b"#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b; }\n"
PAS = b"var a, b: int64;\nbegin\n  readln(a, b);\n  writeln(a + b);\nend.\n"


@pytest.fixture
def world(app):
    """A running contest of the Sở with problems A (code SUM) and B (code TONG), its organiser ``org``, the
    students ``alice`` and ``bob`` registered, and ``carol``, who is not."""
    units = builders.unit_tree()
    contest = builders.contest(organiser_unit=units.department, title="Tin học trẻ cấp trường")
    problems = [
        builders.programming_problem(contest, "A", code="SUM"),
        builders.programming_problem(contest, "B", code="TONG"),
    ]
    people = {
        "org": builders.person("org", units.department, Role.ORGANISER),
        "alice": builders.person("alice", units.school, full_name="Nguyễn Thị An"),
        "bob": builders.person("bob", units.school, full_name="Trần Văn Bình"),
        "carol": builders.person("carol", units.school),
    }
    builders.register(contest, people["alice"], people["bob"])
    db.session.commit()
    return {
        "contest": contest.id,
        "SUM": problems[0].problem_id,
        "TONG": problems[1].problem_id,
        "unit": units.school.name,
        **{k: v.id for k, v in people.items()},
    }


def write_folder(root: Path, files: dict[str, bytes], saved_at: datetime | None = None) -> Path:
    """``files`` written under ``root`` (made), each saved at ``saved_at`` (naive UTC) when given."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if saved_at is not None:
            at = saved_at.replace(tzinfo=UTC).timestamp()
            os.utime(path, (at, at))
    return root


def zip_bytes(files: dict[str, bytes], date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)) -> bytes:
    """A zip holding ``files`` by their paths, each dated ``date_time`` (a local wall-clock time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=date_time), data)
    return out.getvalue()


def graded(problem_id: int, user_id: int, source: bytes, language: str, score: float) -> Submission:
    """A submission judged with ``score`` (committed)."""
    submission = grading.create_submission(
        db.session, db.session.get_one(Problem, problem_id), source, language, user_id
    )
    submission.status, submission.verdict, submission.score, submission.attempt = (
        SubmissionStatus.DONE,
        "AC" if score == 100 else "WA",
        score,
        1,
    )
    db.session.commit()
    return submission
