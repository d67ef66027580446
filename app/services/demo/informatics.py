"""The Young Informatics contest of the demo: a problem of Bảng B made from a Themis task generated here (its zip
kept in the content store), contestants registered in Bảng B, their submissions already judged (accepted, wrong answer,
time limit exceeded, compilation error: stored as a judge worker stores its report, without running anything),
so that the scoreboard has rows; a test run, an announcement, and clarifications asked and answered."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Problem,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    TestRun,
    User,
)
from ..contests import registrations
from ..programming import clarifications, problem_admin
from .contests import INFORMATICS, contest_of
from .people import user

TASK = "TONG"
STATEMENT = r"""Cho hai số nguyên $a$ và $b$ ($|a|, |b| \le 10^9$). Hãy tính tổng $a + b$.

## Dữ liệu vào

Đọc từ tệp `TONG.INP` (hoặc từ bàn phím): một dòng gồm hai số nguyên $a$ và $b$, cách nhau một dấu cách.

## Kết quả

Ghi ra tệp `TONG.OUT` (hoặc ra màn hình) một số nguyên là tổng $a + b$.

## Ví dụ

| TONG.INP | TONG.OUT |
| --- | --- |
| 3 5 | 8 |
"""
# The tests: the first seven sums fit in 32 bits, the last three do not; the last four have a large |b|.
TESTS = [
    (3, 5),
    (-7, 2),
    (0, 0),
    (100, 250),
    (123456, 654321),
    (-1000, -2000),
    (1000000000, -999999999),
    (1000000000, 1000000000),
    (-999999999, -999999999),
    (987654321, 876543210),
]
SLOW = {7, 8, 9, 10}  # tests a loop over |b| does not finish in time
OVERFLOW = {8, 9, 10}  # tests whose sum overflows a 32-bit int

SOURCES = {
    "accepted": ("python", "a, b = map(int, input().split())\nprint(a + b)\n"),
    "accepted_cpp": (
        "cpp",
        "#include <iostream>\nint main() {\n    long long a, b;\n    std::cin >> a >> b;\n"
        "    std::cout << a + b << '\\n';\n}\n",
    ),
    "overflow": (
        "cpp",
        "#include <iostream>\nint main() {\n    int a, b;\n    std::cin >> a >> b;\n"
        "    std::cout << a + b << '\\n';\n}\n",
    ),
    "slow": (
        "python",
        "a, b = map(int, input().split())\nstep = 1 if b > 0 else -1\nfor _ in range(abs(b)):\n    a += step\n"
        "print(a)\n",
    ),
    "syntax_error": ("pascal", "var a, b: int64\nbegin\n    readln(a, b);\n    writeln(a + b);\nend.\n"),
}
COMPILER_ERROR = 'tong.pas(2,1) Fatal: Syntax error, ";" expected but "BEGIN" found\nFatal: Compilation aborted\n'
MEMORY_KB = {"python": 9216, "cpp": 3540, "pascal": 1024}


@dataclass(frozen=True)
class DemoSubmission:
    username: str
    source: str  # a key of SOURCES
    minutes_ago: int


SUBMISSIONS = [
    DemoSubmission("hocsinh", "syntax_error", 200),
    DemoSubmission("hocsinh", "overflow", 150),
    DemoSubmission("hs.bao", "accepted", 120),
    DemoSubmission("hs.anh", "slow", 100),
    DemoSubmission("hocsinh", "accepted_cpp", 90),
    DemoSubmission("hs.viet", "overflow", 80),
]
CONTESTANTS = ["hocsinh", "hs.bao", "hs.anh", "hs.viet", "hs.linh"]
CATEGORY = "B"


def load_informatics(session: DbSession, store: ContentStore, now: datetime) -> None:
    """The demo's programming contest's problem and everything around it, unless it has a problem already (the
    contest must be loaded)."""
    contest = contest_of(session, INFORMATICS)
    if session.scalar(select(exists().where(ContestProblem.contest_id == contest.id))):
        return
    organiser = user(session, "btc")
    _register(session, contest)
    with tempfile.TemporaryDirectory() as folder:
        task = package(Path(folder))
        board = next(c for c in contest.categories if c.code == CATEGORY)
        upload = problem_admin.ProblemUpload(
            label="A", filename=f"{TASK}.zip", code=TASK, title="Tính tổng", category_id=board.id
        )
        # the package has no reference solutions, so the sandbox named is never started
        problem = problem_admin.add_problem(session, store, "auto", contest, organiser, task, upload).problem
    for item in SUBMISSIONS:
        session.add(judged(problem, user(session, item.username), item, now - timedelta(minutes=item.minutes_ago)))
    session.add(_test_run(contest, problem, user(session, "hocsinh"), now - timedelta(minutes=95)))
    clarifications.announce(
        session, organiser, contest, "Bài A đọc dữ liệu từ bàn phím hoặc từ tệp TONG.INP: cách nào cũng được."
    )
    asked = clarifications.ask(
        session, contest, user(session, "hocsinh"), "Hai số a và b có thể là số âm không ạ?", problem.id
    )
    clarifications.answer(
        session, organiser, contest, asked.id, "Có: a và b có thể âm, với |a|, |b| ≤ 10^9 như đề bài.", True
    )
    clarifications.ask(session, contest, user(session, "hs.bao"), "Em có được nộp bài bằng Pascal không ạ?")
    session.flush()


def _register(session: DbSession, contest: Contest) -> None:
    """The school's coordinator registers the demo student; the other pupils register themselves."""
    category = next(c for c in contest.categories if c.code == CATEGORY)
    coordinator = user(session, "dieuphoi")
    for username in CONTESTANTS:
        person = user(session, username)
        actor = coordinator if person.unit_id == coordinator.unit_id else person
        registrations.register(session, actor, contest, member_ids=[person.id], category_id=category.id)


def package(folder: Path) -> Path:
    """A Themis task: one folder per test holding ``TONG.INP`` and ``TONG.OUT``, and its statement."""
    return themis_task(folder, TASK, STATEMENT, [(f"{a} {b}\n", f"{a + b}\n") for a, b in TESTS])


def themis_task(folder: Path, task: str, statement: str, tests: list[tuple[str, str]]) -> Path:
    """The Themis task ``task`` written in ``folder``: its statement, and per test a folder ``TestNN`` holding the
    input ``TASK.INP`` and the answer ``TASK.OUT``."""
    root = folder / task
    root.mkdir()
    (root / f"{task}.md").write_text(statement, encoding="utf-8")
    for number, (given, answer) in enumerate(tests, start=1):
        test = root / f"Test{number:02d}"
        test.mkdir()
        (test / f"{task}.INP").write_text(given)
        (test / f"{task}.OUT").write_text(answer)
    return root


def _outcome(source: str, number: int) -> str:
    """The verdict of test ``number`` for the program ``source``."""
    if source == "slow" and number in SLOW:
        return "TLE"
    if source == "overflow" and number in OVERFLOW:
        return "WA"
    return "AC"


def judged(problem: Problem, student: User, item: DemoSubmission, at: datetime) -> Submission:
    """The submission as a worker leaves it once graded (``app.grading.jobs._write_result``): done, its verdict,
    score and tests, or a compilation error without tests."""
    language, source = SOURCES[item.source]
    tests: list[SubmissionTest] = []
    if item.source != "syntax_error":
        share = problem.max_score / len(TESTS)
        for number in range(1, len(TESTS) + 1):
            verdict = _outcome(item.source, number)
            time_ms = problem.time_limit_ms if verdict == "TLE" else (24 if language == "python" else 3)
            tests.append(
                SubmissionTest(
                    position=number,
                    name=f"Test{number:02d}",
                    verdict=verdict,
                    time_ms=time_ms,
                    memory_kb=MEMORY_KB[language],
                    score=share if verdict == "AC" else 0.0,
                )
            )
    verdicts = {t.verdict for t in tests}
    verdict = "CE" if not tests else next((v for v in ("TLE", "WA") if v in verdicts), "AC")
    return Submission(
        problem_id=problem.id,
        user_id=student.id,
        language=language,
        source=source,
        status=SubmissionStatus.DONE,
        verdict=verdict,
        score=round(sum(t.score for t in tests), 4),
        max_score=problem.max_score,
        compile_output=COMPILER_ERROR if verdict == "CE" else "",
        progress_done=len(tests),
        progress_total=len(tests),
        attempt=1,
        worker="demo:1",
        created_at=at,
        started_at=at,
        heartbeat_at=at + timedelta(seconds=2),
        finished_at=at + timedelta(seconds=2),
        tests=tests,
    )


def _test_run(contest: Contest, problem: Problem, student: User, at: datetime) -> TestRun:
    """A test run of the accepted program on the statement's example, as a worker leaves it."""
    language, source = SOURCES["accepted"]
    return TestRun(
        contest_id=contest.id,
        problem_id=problem.id,
        user_id=student.id,
        language=language,
        source=source,
        input="3 5\n",
        status=SubmissionStatus.DONE,
        outcome="OK",
        exit_code=0,
        time_ms=21,
        memory_kb=MEMORY_KB[language],
        output="8\n",
        attempt=1,
        worker="demo:1",
        created_at=at,
        heartbeat_at=at + timedelta(seconds=1),
        finished_at=at + timedelta(seconds=1),
    )
