"""Bảng A (primary pupils) of the demo's Young Informatics contest: three primary pupils registered in the board,
the contest taking Scratch, a Scratch task made from a Themis task generated here (the area of a rectangle, its
zip kept in the content store, seen by Bảng A only), the pupils' projects already judged (the sample solution
accepted, the project that says the perimeter wrong on most tests: stored as a judge worker stores its report,
without running anything), and the board's theory test (``theory``), so that the combined result has rows."""

from __future__ import annotations

import base64
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import ContestProblem, Problem, Submission, SubmissionStatus, SubmissionTest, User
from ..contests import registrations
from ..programming import judging_settings, problem_admin
from .contests import INFORMATICS, contest_of
from .informatics import themis_task
from .people import user
from .sb3 import area_project, perimeter_project
from .theory import load_theory

BOARD = "A"
LABEL = "A1"
TASK = "DTHCN"
TIME_LIMIT_S = 5.0  # Node and the Scratch VM take most of a second to start
STATEMENT = """Nhập chiều dài và chiều rộng của một hình chữ nhật (các số nguyên dương không quá 1000). Hãy cho \
nhân vật nói diện tích của hình chữ nhật đó.

## Dữ liệu vào

Dùng hai khối «hỏi … và đợi»: câu trả lời thứ nhất là chiều dài, câu trả lời thứ hai là chiều rộng.

## Kết quả

Nhân vật nói một số: diện tích hình chữ nhật (chiều dài × chiều rộng).

## Ví dụ

| Chiều dài | Chiều rộng | Nhân vật nói |
| --- | --- | --- |
| 5 | 3 | 15 |
"""
# length, width; on (4, 4), (3, 6) and (6, 3) the perimeter equals the area
TESTS = [(5, 3), (4, 4), (10, 2), (3, 6), (7, 7), (6, 3), (12, 5), (100, 25), (999, 1000), (1, 1)]
PROJECTS = {"area": area_project, "perimeter": perimeter_project}
MEMORY_KB = 61440


@dataclass(frozen=True)
class PupilProject:
    username: str
    project: str  # a key of PROJECTS
    minutes_ago: int


PUPILS = ["hs.an", "hs.chi", "hs.khang"]
SUBMISSIONS = [
    PupilProject("hs.an", "perimeter", 110),
    PupilProject("hs.an", "area", 85),
    PupilProject("hs.chi", "perimeter", 70),
]


def expected(length: int, width: int) -> int:
    return length * width


def verdicts(project: str) -> list[str]:
    """The verdict of each test for the project ``project`` (a key of ``PROJECTS``), from what it says."""
    says = (lambda a, b: a * b) if project == "area" else (lambda a, b: (a + b) * 2)
    return ["AC" if says(length, width) == expected(length, width) else "WA" for length, width in TESTS]


def load_primary(session: DbSession, store: ContentStore, now: datetime) -> None:
    """The board's pupils, task, judged projects and theory test, unless the board has a problem already (the
    contest and its programming problem must be loaded)."""
    contest = contest_of(session, INFORMATICS)
    board = next(c for c in contest.categories if c.code == BOARD)
    if session.scalar(select(exists().where(ContestProblem.category_id == board.id))):
        return
    organiser = user(session, "btc")
    settings = judging_settings.settings_for(session, contest)
    if "scratch" not in settings.language_keys:
        settings.languages = ",".join([*settings.language_keys, "scratch"])
    session.add(settings)
    for username in PUPILS:
        pupil = user(session, username)
        registrations.register(session, pupil, contest, member_ids=[pupil.id], category_id=board.id)
    with tempfile.TemporaryDirectory() as folder:
        upload = problem_admin.ProblemUpload(
            label=LABEL,
            filename=f"{TASK}.zip",
            code=TASK,
            title="Diện tích hình chữ nhật",
            category_id=board.id,
            time_limit_s=TIME_LIMIT_S,
        )
        # the package has no reference solutions, so the sandbox named is never started
        problem = problem_admin.add_problem(
            session, store, "auto", contest, organiser, package(Path(folder)), upload
        ).problem
    for item in SUBMISSIONS:
        session.add(_judged(problem, user(session, item.username), item, now - timedelta(minutes=item.minutes_ago)))
    load_theory(session, contest, board, now)
    session.flush()


def package(folder: Path) -> Path:
    """A Themis task: one folder per test holding the two answers to the project's questions and the area."""
    cases = [(f"{length}\n{width}\n", f"{expected(length, width)}\n") for length, width in TESTS]
    return themis_task(folder, TASK, STATEMENT, cases)


def _judged(problem: Problem, pupil: User, item: PupilProject, at: datetime) -> Submission:
    """The project's submission as a worker leaves it once graded (``app.grading.jobs._write_result``)."""
    share = problem.max_score / len(TESTS)
    tests = []
    for number, verdict in enumerate(verdicts(item.project), start=1):
        tests.append(
            SubmissionTest(
                position=number,
                name=f"Test{number:02d}",
                verdict=verdict,
                time_ms=720 + 10 * (number % 3),
                memory_kb=MEMORY_KB,
                score=share if verdict == "AC" else 0.0,
            )
        )
    return Submission(
        problem_id=problem.id,
        user_id=pupil.id,
        language="scratch",
        source=base64.b64encode(PROJECTS[item.project]()).decode("ascii"),
        status=SubmissionStatus.DONE,
        verdict="WA" if any(t.verdict == "WA" for t in tests) else "AC",
        score=round(sum(t.score for t in tests), 4),
        max_score=problem.max_score,
        compile_output="",
        progress_done=len(tests),
        progress_total=len(tests),
        attempt=1,
        worker="demo:1",
        created_at=at,
        started_at=at,
        heartbeat_at=at + timedelta(seconds=9),
        finished_at=at + timedelta(seconds=9),
        tests=tests,
    )
