"""Grading one submission: compile once, run every test in one sandbox session, check, score.

The same code serves the web (through the worker's job), the worker and the command line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.languages import Language
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError, Session

from . import passes, program_cache, scoring
from .checker_verdicts import Check, windows_text
from .checkers import Checker
from .errors import JudgeError, LanguageUnavailable
from .problem import Problem, TestCase
from .scratch import Startup, drains_stdout, measure_startup, run_args
from .verdict import Verdict, verdict_for_run
from .windows_sources import as_windows_compiles

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TestReport:
    """The result of one test. ``message`` (the checker's or the judge's remark) is not serialised: it may
    describe the expected output. ``no_output``: a WA from a run that printed nothing at all (not even a newline),
    which DOMjudge calls NO-OUTPUT (never for an interactive or multi-pass test); not serialised either."""

    __test__ = False

    name: str
    group: str
    verdict: Verdict
    time_ms: int
    memory_kb: int
    score: float
    message: str = ""
    no_output: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "group": self.group,
            "verdict": str(self.verdict),
            "time_ms": self.time_ms,
            "memory_kb": self.memory_kb,
            "score": self.score,
        }


@dataclass(frozen=True)
class Report:
    """The result of grading a submission.

    ``tests`` lists the tests that ran, in judging order (tests skipped after a ``break`` are absent; none
    ran after a compilation error). Scores are rounded to 4 decimals. ``judge_log`` explains a JE to the
    organisers and is not serialised.
    """

    verdict: Verdict
    score: float
    max_score: float
    compile_output: str
    tests: tuple[TestReport, ...] = ()
    judge_log: str = field(default="", compare=False)
    subtasks: dict[str, float] = field(default_factory=dict)
    """What the submission earned in each subtask (``scoring.subtask_scores``); empty when it ran no test."""

    def to_dict(self) -> dict[str, Any]:
        """The stable form stored with a submission and printed by ``hoithi judge run --json``."""
        return {
            "verdict": str(self.verdict),
            "score": self.score,
            "max_score": self.max_score,
            "compile_output": self.compile_output,
            "tests": [test.to_dict() for test in self.tests],
        }

    @property
    def no_output(self) -> bool:
        """Whether DOMjudge would call this NO-OUTPUT: its judging takes the first test not accepted, in judging
        order, and that one is a WA from a run that printed nothing."""
        first = next((test for test in self.tests if test.verdict is not Verdict.AC), None)
        return first is not None and first.no_output


def grade(
    problem: Problem,
    source: bytes,
    language: Language,
    backend: Backend,
    limits_override: Limits | None = None,
    progress: Progress | None = None,
) -> Report:
    """Grade ``source`` against every test of ``problem``.

    One sandbox session serves the submission: the source is compiled once (CE if that fails; a source this
    host compiled before is taken from ``judge.program_cache``, with the same messages) and each test run in it
    under the problem's limits (or ``limits_override``); a Scratch project's runtime start is not charged to it
    (``judge.scratch.Startup``). Custom checkers run in a session of their own. A group whose score falls outside
    its Kattis ``range`` makes the grading JE, the package's fault, explained in ``judge_log``.
    ``progress(k, n)`` is called before the k-th of n tests (k counts from 1 in judging order; tests skipped
    after a ``break`` are not announced). Grading is deterministic apart from the
    times and memory measured.

    Raises ``JudgeError`` when the sandbox fails (``SandboxError``): the submission then has no result
    and the caller should retry it, recording JE only when it gives up; ``LanguageUnavailable`` (before any
    sandbox starts) when the backend cannot run ``language`` here, which no retry on this host mends.
    """
    require_language(backend, language)
    limits = limits_override or problem.limits()
    top = round(scoring.max_score(problem.root), 4)
    try:
        with backend.open_session() as session:
            if problem.format == "themis":
                source = as_windows_compiles(source, language)
            compiled = program_cache.prepare(session, backend, language, source, problem.compile_limits())
            if not compiled.ok:
                return Report(Verdict.CE, 0.0, top, compiled.output)
            with Checker(problem.checker, backend, text=problem.format == "themis") as checker:
                if checker.error is not None:
                    return Report(Verdict.JE, 0.0, top, compiled.output, judge_log=checker.error)
                runner = _TestRunner(
                    problem,
                    session,
                    checker,
                    limits,
                    progress,
                    run_args(problem.scratch_output, language),
                    drains_stdout(language),
                    measure_startup(session, language, limits),
                )
                outcomes = scoring.judge_tests(problem.root, runner.run)
    except SandboxError as exc:
        log.warning("sandbox failed while grading %s: %s", problem.name, exc)
        raise JudgeError(f"sandbox failed while grading {problem.name}: {exc}") from exc
    summary = scoring.summarise(problem.root, outcomes)
    tests = tuple(runner.reports[name] for name in outcomes)
    faults = "\n".join(f"{t.name}: {t.message}" for t in tests if t.verdict is Verdict.JE)
    beyond = scoring.out_of_range(problem.root, outcomes)
    if beyond and summary.verdict is not Verdict.JE:
        # problemtools' verifyproblem: an error in the package; its accept_score, reject_score or range is wrong
        explained = "\n".join(
            f"{line}: the package's accept_score, reject_score or range is wrong (problemtools reports it as an error)"
            for line in beyond
        )
        return Report(Verdict.JE, 0.0, top, compiled.output, tests, explained)
    subtasks = scoring.subtask_scores(problem.root, outcomes)
    return Report(summary.verdict, round(summary.score, 4), top, compiled.output, tests, faults, subtasks)


def require_language(backend: Backend, language: Language) -> None:
    """Raise ``LanguageUnavailable`` when ``backend`` cannot run ``language`` on this host (``Backend.unavailable``)."""
    reason = backend.unavailable().get(language.key)
    if reason is not None:
        raise LanguageUnavailable(language.name, reason)


class _TestRunner:
    """Runs single tests for ``scoring.judge_tests`` and keeps their reports."""

    def __init__(
        self,
        problem: Problem,
        session: Session,
        checker: Checker,
        limits: Limits,
        progress: Progress | None,
        args: tuple[str, ...],
        drain: bool,
        startup: Startup,
    ) -> None:
        self.problem = problem
        self.drain = drain
        self.session = session
        self.checker = checker
        self.problem_limits = limits
        self.limits = startup.limits(limits)
        self.startup = startup
        self.progress = progress
        self.args = args + startup.args()
        self.index = {test.name: number for number, test in enumerate(problem.tests, start=1)}
        self.reports: dict[str, TestReport] = {}

    def run(self, test: TestCase) -> scoring.Outcome:
        if self.progress is not None:
            self.progress(self.index[test.name], len(self.index))
        spec = self.problem.checker
        if (spec.interactive or spec.multi_pass) and self.checker.session is not None:
            judged = passes.judge_test(self.session, self.limits, self.checker.session, spec, test)
            check = judged.check
            if self.startup.over_limit(judged.time_ms, self.problem_limits):
                check = Check(Verdict.TLE, 0.0, check.message)
            return self._report(test, check, self.startup.charged(judged.time_ms), judged.memory_kb)
        stdin = test.input_bytes()
        if self.problem.format == "themis":  # made on Windows, read there in text mode: CRLF is LF, a BOM stays
            stdin = windows_text(stdin)
        files = dict.fromkeys(_input_names(self.problem.input_file), stdin)
        collect = _output_names(self.problem.output_file)
        execution = self.session.run(
            self.limits,
            stdin=stdin,
            files=files,
            args=self.args,
            collect=collect,
            stdout_if_no_file=bool(collect),
            drain_stdout=self.drain,
        )
        result = self.startup.settle(execution.result, self.problem_limits)
        failed = verdict_for_run(result.status)
        if failed is not None:
            check = Check(failed, 0.0, result.stderr.decode(errors="replace")[-500:])
        else:
            output = next((execution.files[n] for n in collect if n in execution.files), result.stdout)
            check = self.checker.check(test, output)
            silent = check.verdict is Verdict.WA and not output
            return self._report(test, check, result.cpu_ms, result.memory_kb, silent)
        return self._report(test, check, result.cpu_ms, result.memory_kb)

    def _report(
        self, test: TestCase, check: Check, time_ms: int, memory_kb: int, no_output: bool = False
    ) -> scoring.Outcome:
        score = round(check.fraction * test.points, 4)
        self.reports[test.name] = TestReport(
            test.name, test.group, check.verdict, time_ms, memory_kb, score, check.message, no_output
        )
        return scoring.Outcome(check.verdict, check.fraction)


def _input_names(name: str | None) -> tuple[str, ...]:
    """The names a program is given its input under besides stdin, since on Windows, where Themis runs, names
    ignore case: ``name`` (``TONG.INP``) as written, and its stem as written, in capitals, in lower case or
    capitalised with its extension as written, in capitals or in lower case (``TONG.inp``, from the common
    ``NAME ".inp"``; ``tong.inp``, ``Tong.INP``). All are one file (the sandbox links them); capitalised
    extensions (``.Inp``) are left out."""
    if name is None:
        return ()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stems = (stem, stem.upper(), stem.lower(), stem.capitalize())
    extensions = (extension, extension.upper(), extension.lower())
    return tuple(dict.fromkeys((name, *(s + dot + e for s in stems for e in extensions))))


def _output_names(name: str | None) -> tuple[str, ...]:
    """Where a program may write its output, in the order they are looked at: ``name`` as written, then its stem
    and its extension each as written, in capitals, in lower case or capitalised (``Tong.OUT``, ``tong.Out``)."""
    if name is None:
        return ()
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stems = (stem, stem.upper(), stem.lower(), stem.capitalize())
    extensions = (extension, extension.upper(), extension.lower(), extension.capitalize())
    return tuple(dict.fromkeys((name, *(s + dot + e for s in stems for e in extensions))))
