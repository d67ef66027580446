"""What the Themis task tests share: a task folder built from its tests, and grading a source against it."""

from __future__ import annotations

from pathlib import Path

from judge.grader import Report, grade
from judge.problem import Problem
from sandbox.languages import LANGUAGES
from sandbox.session import Backend

SUM_TESTS = {"Test01": ("1 2\n", "3\n"), "Test02": ("10 20\n", "30\n"), "Test03": ("-5 5\n", "0\n")}
STDIO_SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def make_task(
    root: Path,
    tests: dict[str, tuple[str, str]],
    names: tuple[str, str] = ("TONG.INP", "TONG.OUT"),
    files: dict[str, str | bytes] | None = None,
) -> Path:
    """A task folder: one folder per test holding the input and the answer under ``names``."""
    for folder, (given, answer) in tests.items():
        (root / folder).mkdir(parents=True)
        (root / folder / names[0]).write_text(given)
        (root / folder / names[1]).write_text(answer)
    for name, content in (files or {}).items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def judge(problem: Problem, source: str, language: str, backend: Backend) -> Report:
    return grade(problem, source.encode(), LANGUAGES[language], backend)
