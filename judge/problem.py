"""What the judge knows about a problem: limits, checker, tests in groups, reference submissions.

A ``Problem`` is plain immutable data; ``judge.package.load_problem`` builds one from a Kattis or Themis
package, and tests may build one by hand (test data may then be bytes instead of paths).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sandbox.languages import Language
from sandbox.limits import Limits

from .verdict import Verdict


def _read(data: bytes | Path) -> bytes:
    return data if isinstance(data, bytes) else data.read_bytes()


@dataclass(frozen=True)
class TestCase:
    """One test: what the program is given and what the checker compares its output with.

    ``name`` is unique within the problem; ``points`` is the test's share when its group adds up scores
    (in a ``min`` group only the group's points count). ``checker_flags`` of ``None`` means the problem's.
    """

    __test__ = False  # not a pytest class, despite the name

    name: str
    group: str
    input: bytes | Path
    answer: bytes | Path
    points: float = 1.0
    checker_flags: tuple[str, ...] | None = None

    def input_bytes(self) -> bytes:
        return _read(self.input)

    def answer_bytes(self) -> bytes:
        return _read(self.answer)


class Aggregation(enum.StrEnum):
    """How a group's score comes from its children's."""

    SUM = "sum"  # add the children's scores
    MIN = "min"  # the group's points times the worst child's fraction (IOI subtasks)


class OnReject(enum.StrEnum):
    """What happens to the rest of a group after one of its tests fails."""

    CONTINUE = "continue"
    BREAK = "break"


@dataclass(frozen=True)
class TestGroup:
    """A node of the test tree. ``points`` of ``None`` means the sum of the children's maximum scores."""

    __test__ = False

    name: str
    children: tuple[TestGroup | TestCase, ...]
    points: float | None = None
    aggregation: Aggregation = Aggregation.SUM
    on_reject: OnReject = OnReject.CONTINUE

    def tests(self) -> Iterator[TestCase]:
        """Every test below this group, in judging order."""
        for child in self.children:
            if isinstance(child, TestCase):
                yield child
            else:
                yield from child.tests()


class CheckerKind(enum.StrEnum):
    """How a test's output is judged."""

    TOKENS = "tokens"  # built in: Kattis default validator semantics, tuned by flags
    KATTIS = "kattis"  # custom: Kattis output validator (exit 42 / 43)
    TESTLIB = "testlib"  # custom: ``checker input output answer``, testlib exit codes
    THEMIS = "themis"  # custom: reads the test's and the contestant's folders on stdin, prints a comment and a score


@dataclass(frozen=True)
class CheckerSpec:
    """The checker of a problem; custom kinds carry one source file (local headers already inlined).

    ``interactive``: the validator talks with the program through pipes while it runs (Kattis ``validation:
    custom interactive``). ``multi_pass``: the validator may ask for another run, feeding the program a new
    input it writes to ``nextpass.in`` (``custom multi-pass``), at most ``validation_passes`` runs in all
    (problem.yaml ``limits.validation_passes``, default 2). ``task_files`` (Themis checkers): the names of the
    input and the output file in the folders the checker is given, e.g. ``("BAI1.INP", "BAI1.OUT")``.
    """

    kind: CheckerKind = CheckerKind.TOKENS
    flags: tuple[str, ...] = ()
    source: bytes | None = None
    source_name: str | None = None
    interactive: bool = False
    multi_pass: bool = False
    validation_passes: int = 2
    task_files: tuple[str, str] | None = None

    @property
    def custom(self) -> bool:
        return self.kind is not CheckerKind.TOKENS


@dataclass(frozen=True)
class ExpectedSubmission:
    """A reference submission of the package and the verdicts it may earn (any one of them)."""

    path: str
    language: Language
    source: bytes
    expected: frozenset[Verdict]


@dataclass(frozen=True)
class Problem:
    """A problem ready for grading.

    ``file_io`` is the Themis task name. ``input_file`` names the file a program may read its input from
    besides stdin, ``output_file`` the file it may write its output to instead of stdout (``None``: the standard
    stream only); both are matched without regard to case. ``memory_limit_kb`` and the time limits bind every
    test.
    """

    name: str
    title: str
    format: str  # "kattis" or "themis"
    time_limit_ms: int
    memory_limit_kb: int
    wall_limit_ms: int | None
    checker: CheckerSpec
    root: TestGroup
    file_io: str | None = None
    input_file: str | None = None
    output_file: str | None = None
    submissions: tuple[ExpectedSubmission, ...] = ()
    output_limit_bytes: int | None = None

    @cached_property
    def tests(self) -> tuple[TestCase, ...]:
        """Every test in judging order."""
        return tuple(self.root.tests())

    @property
    def samples(self) -> tuple[TestCase, ...]:
        """The tests shown to contestants (Kattis ``data/sample``)."""
        return tuple(t for t in self.tests if t.group == "sample" or t.group.startswith("sample/"))

    def limits(self) -> Limits:
        """The limits every run of a contestant's program gets."""
        limits = Limits(cpu_ms=self.time_limit_ms, wall_ms=self.wall_limit_ms, memory_kb=self.memory_limit_kb)
        if self.output_limit_bytes is not None:
            limits = limits.with_(output_bytes=self.output_limit_bytes)
        return limits
