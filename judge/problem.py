"""What the judge knows about a problem: limits, checker, tests in groups, reference submissions.

A ``Problem`` is plain immutable data; ``judge.package.load_problem`` builds one from a Kattis or Themis
package, and tests may build one by hand (test data may then be bytes instead of paths).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from functools import cached_property
from pathlib import Path

from sandbox.languages import Language
from sandbox.limits import COMPILE_LIMITS, Limits

from .faults import Fault
from .scratch import SAY, ScratchOutput
from .verdict import Verdict


def _read(data: bytes | Path) -> bytes:
    return data if isinstance(data, bytes) else data.read_bytes()


@dataclass(frozen=True)
class TestCase:
    """One test: what the program is given and what the checker compares its output with.

    ``name`` is unique within the problem; ``points`` is what the test earns when accepted (Kattis
    ``accept_score``), ``reject_points`` what it earns otherwise (``reject_score``) unless its checker gave
    partial credit. ``checker_flags`` are its group's (Kattis ``output_validator_flags``), given to the checker
    after the problem's (``checker_args``); ``None`` when the group names none. ``input_flags``: its group's
    ``input_validator_flags``, the arguments of the package's input validators (``judge.input_validators``).
    """

    __test__ = False  # not a pytest class, despite the name

    name: str
    group: str
    input: bytes | Path
    answer: bytes | Path
    points: float = 1.0
    checker_flags: tuple[str, ...] | None = None
    reject_points: float = 0.0
    input_flags: tuple[str, ...] = ()

    def input_bytes(self) -> bytes:
        return _read(self.input)

    def answer_bytes(self) -> bytes:
        return _read(self.answer)


class Aggregation(enum.StrEnum):
    """How a group's score comes from its children's (the score aggregators of Kattis's default grader)."""

    SUM = "sum"  # add the children's scores
    MIN = "min"  # the smallest child's score (IOI subtasks: all or nothing)
    MAX = "max"  # the largest child's score
    AVG = "avg"  # the mean of the children's scores
    PASS_FAIL = "pass-fail"  # the group's points when its verdict is AC, else nothing (Kattis pass-fail)


class VerdictRule(enum.StrEnum):
    """How a group's verdict comes from its children's (the verdict aggregators of Kattis's default grader)."""

    FIRST_ERROR = "first_error"  # the first child's that is not AC
    WORST_ERROR = "worst_error"  # the worst: JE, RE, MLE, TLE, OLE, WA, then AC
    ALWAYS_ACCEPT = "always_accept"  # AC whatever the children got (JE still wins)


class OnReject(enum.StrEnum):
    """What happens to the rest of a group after one of its tests fails."""

    CONTINUE = "continue"
    BREAK = "break"


@dataclass(frozen=True)
class TestGroup:
    """A node of the test tree, graded as Kattis's default grader grades a test data group.

    ``points`` scales the group to that maximum; ``None`` keeps what its aggregation of the children's scores
    gives. ``score_range`` bounds the group's score (Kattis ``range``): a score outside it is the package's fault,
    never clamped. ``accept_if_any_accepted`` makes the
    group AC when one child is; ``ignore_sample`` leaves a child group named ``sample`` out of the group's
    score and verdict (Kattis allows it at the top only). ``places``: the decimal places a group without ``points``
    keeps of its score, as its grader prints it (Kattis's default grader writes ``%f``: 6, and the parent reads
    that back); ``None`` keeps every place.
    """

    __test__ = False

    name: str
    children: tuple[TestGroup | TestCase, ...]
    points: float | None = None
    aggregation: Aggregation = Aggregation.SUM
    on_reject: OnReject = OnReject.CONTINUE
    verdict_rule: VerdictRule = VerdictRule.FIRST_ERROR
    accept_if_any_accepted: bool = False
    ignore_sample: bool = False
    score_range: tuple[float, float] | None = None
    places: int | None = None

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
    ``gives_scores``: the Kattis validator may set a test's score in ``score.txt`` (a scoring problem from the
    2023-07 format on), which hoithi does not take: a run that writes one is a judge error, never a silent score.
    ``time_ms`` and ``memory_kb``: what the custom checker may use on one test (per pass), a Kattis package's
    ``limits.validation_time`` and ``validation_memory``; ``None``: the judge's own (``judge.checkers``).
    """

    kind: CheckerKind = CheckerKind.TOKENS
    flags: tuple[str, ...] = ()
    source: bytes | None = None
    source_name: str | None = None
    interactive: bool = False
    multi_pass: bool = False
    validation_passes: int = 2
    task_files: tuple[str, str] | None = None
    gives_scores: bool = False
    time_ms: int | None = None
    memory_kb: int | None = None

    @property
    def custom(self) -> bool:
        return self.kind is not CheckerKind.TOKENS


def checker_args(spec: CheckerSpec, test: TestCase) -> tuple[str, ...]:
    """The flags ``test``'s checker gets: the problem's, then its group's, as problemtools joins them (a later
    flag overrides an earlier one of the same name)."""
    return spec.flags + (test.checker_flags or ())


class EmptyOutput(enum.StrEnum):
    """Whether a reference submission's WA may come from a run that printed nothing. DOMjudge tells NO-OUTPUT (a
    wrong run that printed nothing) from WRONG-ANSWER and a submission must earn the one it expects; problemtools
    knows WA alone."""

    EITHER = "either"
    REQUIRED = "required"  # NO-OUTPUT: the no_output folder, a tag naming NO-OUTPUT and not WRONG-ANSWER
    REFUSED = "refused"  # WRONG-ANSWER alone, where DOMjudge is the only judge of it (a tag outside wrong_answer)
    WARNED = "warned"  # the wrong_answer folder: problemtools' WA either way, DOMjudge's verifier flags NO-OUTPUT


@dataclass(frozen=True)
class ExpectedSubmission:
    """A reference submission of the package and the verdicts it may earn (any one of them).

    ``partial``: a ``partially_accepted`` submission, which must earn less than the maximum and one of the
    ``expected`` verdicts: in a Kattis package AC (problemtools' rule: a scoring problem's verdict with a partial
    score), in a Themis task, which scores points alone, any verdict but CE and JE with some points.
    ``expected_score``: the score it must earn; ``empty``: whether its WA may, or must, be DOMjudge's NO-OUTPUT.
    """

    path: str
    language: Language
    source: bytes
    expected: frozenset[Verdict]
    partial: bool = False
    expected_score: Decimal | None = None
    empty: EmptyOutput = EmptyOutput.EITHER

    def matches(self, verdict: Verdict, score: float, max_score: float, no_output: bool | None = None) -> bool:
        """Whether a grading result is what the package expects of this submission; with an ``expected_score``
        (DOMjudge's ``@EXPECTED_SCORE@: 30``) the score must also be that one, to 9 decimals as DOMjudge compares
        it (``bccomp(actual, expected, 9)``, which truncates both). ``no_output``: whether the result is DOMjudge's
        NO-OUTPUT (a WA that printed nothing, ``Report.no_output``; ``None``: not known); a submission that expects
        NO-OUTPUT alone does not match a WA that printed something, one that expects WRONG-ANSWER alone
        (``EmptyOutput.REFUSED``) not a WA that printed nothing."""
        if verdict is Verdict.WA and no_output is not None:
            if self.empty is EmptyOutput.REQUIRED and not no_output:
                return False
            if self.empty is EmptyOutput.REFUSED and no_output:
                return False
        if self.expected_score is not None and _nine_decimals(score) != self.expected_score.quantize(
            _NINE_DECIMALS, ROUND_DOWN
        ):
            return False
        if self.partial:
            return score < max_score and verdict in self.expected and (verdict is Verdict.AC or score > 0)
        return verdict in self.expected

    def domjudge_differs(self, verdict: Verdict, no_output: bool) -> bool:
        """Whether DOMjudge's verifier would flag a result this submission earns by problemtools' rule: a
        ``wrong_answer`` submission's WA that printed nothing, NO-OUTPUT to DOMjudge, which that folder expects
        WRONG-ANSWER of."""
        return self.empty is EmptyOutput.WARNED and verdict is Verdict.WA and no_output


_NINE_DECIMALS = Decimal("1e-9")


def _nine_decimals(score: float) -> Decimal:
    """A score hoithi computed in floating point, to 9 decimals: rounded, as its error is far below them where
    DOMjudge's exact decimal sums (bcmath) have none."""
    return Decimal(repr(score)).quantize(_NINE_DECIMALS, ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Skipped:
    """Something in a package that hoithi leaves out, and why (shown in the import report)."""

    path: str
    why: Fault

    @property
    def reason(self) -> str:
        """Why, in English."""
        return self.why.message


@dataclass(frozen=True)
class InputValidator:
    """One input validator: ``path`` as the package names it (``input_validators/validate.py``), its source
    file's name and its source, headers inlined."""

    path: str
    source_name: str
    source: bytes


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
    skipped: tuple[Skipped, ...] = ()
    time_limit_given: bool = True
    """Whether the time limit came from the organiser or the package, not from hoithi's default: a Kattis
    package without one gets its limit from its accepted submissions (``judge.verify.derive_time_limit``)."""
    time_limit_bound: bool = False
    """Whether a Kattis package of the 2023-07 format or later fixes the time limit in problem.yaml, which its
    accepted submissions must then fit ``time_multiplier`` times over (``judge.verify.tighter_than_accepted``)."""
    time_multiplier: float = 5.0
    time_safety_margin: float = 2.0
    """Kattis ``limits.time_multiplier`` and ``limits.time_safety_margin`` (legacy defaults 5 and 2), or in the
    2023-07 and later formats ``limits.time_multipliers``' ``ac_to_time_limit`` and ``time_limit_to_tle``
    (defaults 2 and 1.5)."""
    time_resolution: float = 1.0
    """What a derived time limit is a whole multiple of, in seconds (``limits.time_resolution``, 2023-07 on)."""
    scratch_output: ScratchOutput = SAY
    """What a Scratch project's output is (``judge.scratch``): what it says, a variable or a list."""
    input_validators: tuple[InputValidator, ...] = ()
    """A Kattis package's input validators, which ``hoithi judge verify`` runs on every test input."""
    compile_time_ms: int | None = None
    compile_memory_kb: int | None = None
    """A Kattis package's ``limits.compilation_time`` and ``compilation_memory``; ``None``: ``COMPILE_LIMITS``'."""

    @cached_property
    def tests(self) -> tuple[TestCase, ...]:
        """Every test in judging order."""
        return tuple(self.root.tests())

    @property
    def samples(self) -> tuple[TestCase, ...]:
        """The tests shown to contestants (Kattis ``data/sample``)."""
        return tuple(t for t in self.tests if t.group == "sample" or t.group.startswith("sample/"))

    def compile_limits(self) -> Limits:
        """What compiling a contestant's program may use: ``COMPILE_LIMITS`` with the package's own time and memory
        where it gives them (the wall-clock cap then follows the time)."""
        limits = COMPILE_LIMITS
        if self.compile_time_ms is not None:
            limits = limits.with_(cpu_ms=self.compile_time_ms, wall_ms=None)
        if self.compile_memory_kb is not None:
            limits = limits.with_(memory_kb=self.compile_memory_kb)
        return limits

    def limits(self) -> Limits:
        """The limits every run of a contestant's program gets."""
        limits = Limits(cpu_ms=self.time_limit_ms, wall_ms=self.wall_limit_ms, memory_kb=self.memory_limit_kb)
        if self.output_limit_bytes is not None:
            limits = limits.with_(output_bytes=self.output_limit_bytes, file_bytes=self.output_limit_bytes)
        return limits
