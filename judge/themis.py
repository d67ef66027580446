"""The Themis layout used across Vietnam: a task folder ``TASK`` of test folders holding ``TASK.INP`` and
``TASK.OUT``.

Test folders may have any names (sorted naturally); file names are matched without regard to case. Every
test is worth the same share of ``total_points``. An optional ``checker.<ext>`` in the task folder is a
custom checker: testlib protocol when it includes ``testlib.h``, else the Themis style (prints a score
fraction). An optional ``submissions/`` folder holds reference solutions as in Kattis packages.
"""

from __future__ import annotations

from pathlib import Path

from sandbox.languages import UnknownLanguage, language_for

from .checkers import parse_flags
from .errors import ProblemError
from .expected import read_submissions
from .files import MAX_CHECKER_BYTES, entries, inline_headers, read_source
from .problem import CheckerKind, CheckerSpec, Problem, TestCase, TestGroup

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_LIMIT_MIB = 256


def detect(root: Path) -> bool:
    """Whether ``root`` holds at least one folder with a ``.INP`` file."""
    return any(folder.is_dir() and _inputs(folder) for folder in entries(root))


def _inputs(folder: Path) -> list[Path]:
    return [f for f in entries(folder) if f.is_file() and f.suffix.lower() == ".inp"]


def load(
    root: Path,
    time_limit_s: float | None,
    memory_limit_mib: int | None,
    total_points: float,
    checker_flags: tuple[str, ...],
) -> Problem:
    """The task in ``root``; raises ``ProblemError`` naming the folder or file at fault."""
    task: str | None = None
    found: list[tuple[str, Path, Path]] = []
    for folder in entries(root):
        if not folder.is_dir() or folder.name == "submissions":
            continue
        inputs = _inputs(folder)
        if not inputs:
            raise ProblemError(f"{folder}: no .INP file; every folder of a Themis task must be a test")
        if len(inputs) > 1:
            raise ProblemError(f"{folder}: several .INP files ({', '.join(p.name for p in inputs)})")
        stem = inputs[0].stem
        if task is None:
            task = stem
        elif stem.upper() != task.upper():
            raise ProblemError(f"{inputs[0]}: expected {task}.INP like the other tests")
        answers = [f for f in entries(folder) if f.is_file() and f.name.upper() == f"{stem.upper()}.OUT"]
        if not answers:
            raise ProblemError(f"{folder}: test without an answer ({stem}.OUT is missing)")
        found.append((folder.name, inputs[0], answers[0]))
    if task is None:
        raise ProblemError(f"{root}: no test folders")
    points = total_points / len(found)
    tests = tuple(TestCase(name, "", inp, out, points) for name, inp, out in found)
    return Problem(
        name=task,
        title=task,
        format="themis",
        time_limit_ms=round(1000 * (time_limit_s or DEFAULT_TIME_LIMIT_S)),
        memory_limit_kb=1024 * (memory_limit_mib or DEFAULT_MEMORY_LIMIT_MIB),
        wall_limit_ms=None,
        checker=_checker(root, checker_flags),
        root=TestGroup("", tests),
        file_io=task,
        submissions=read_submissions(root / "submissions", root),
    )


def _checker(root: Path, flags: tuple[str, ...]) -> CheckerSpec:
    candidates = [p for p in entries(root) if p.is_file() and p.stem.lower() == "checker"]
    sources = []
    for path in candidates:
        try:
            language_for(path.name)
        except UnknownLanguage:
            continue
        sources.append(path)
    if not sources:
        try:
            parse_flags(flags)
        except ValueError as exc:
            raise ProblemError(f"{root}: checker flags: {exc}") from None
        return CheckerSpec(flags=flags)
    if len(sources) > 1:
        raise ProblemError(f"{root}: several checkers ({', '.join(p.name for p in sources)}); keep one")
    kind = CheckerKind.TESTLIB if b"testlib.h" in read_source(sources[0], MAX_CHECKER_BYTES) else CheckerKind.THEMIS
    return CheckerSpec(kind, (), inline_headers(sources[0]), sources[0].name)
