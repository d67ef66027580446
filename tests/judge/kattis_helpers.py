"""What the Kattis package tests share: a package built from a mapping of files, and tests judged without running."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from judge.problem import Problem
from judge.scoring import Outcome, judge_tests
from judge.verdict import Verdict

AC = Outcome(Verdict.AC, 1.0)
WA = Outcome(Verdict.WA, 0.0)


def build(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def cases(prefix: str, count: int) -> dict[str, str]:
    files: dict[str, str] = {}
    for number in range(1, count + 1):
        files[f"{prefix}/{number:02d}.in"] = f"{number}\n"
        files[f"{prefix}/{number:02d}.ans"] = f"{number}\n"
    return files


def run(problem: Problem, fails: set[str]) -> dict[str, Outcome]:
    """Judge the tree as the grader would, with the tests in ``fails`` wrong and the others right."""
    return judge_tests(problem.root, lambda test: WA if test.name in fails else AC)
