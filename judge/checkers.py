"""Judging one test's output: the built-in comparison and custom checkers run in a sandbox.

The built-in comparison follows the Kattis default output validator: tokens separated by any whitespace,
case-insensitive, unless flags say otherwise (``case_sensitive``, ``space_change_sensitive``,
``float_tolerance e``, ``float_absolute_tolerance e``, ``float_relative_tolerance e``). Windows line
endings are treated as Unix ones everywhere, since answer files are often made on Windows.

Custom checkers are compiled and run in a sandbox session of their own, never the contestant's, so that
expected outputs never reach the contestant's program. Anything odd about a checker's run (no verdict,
crash, limit) is JE: the checker's fault, not the contestant's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType

from sandbox.languages import language_for
from sandbox.limits import Limits
from sandbox.result import RunResult, RunStatus
from sandbox.session import Backend, Session

from .problem import CheckerKind, CheckerSpec, TestCase
from .verdict import Verdict

log = logging.getLogger(__name__)

CHECKER_LIMITS = Limits(cpu_ms=10_000, wall_ms=20_000, memory_kb=1024 * 1024, output_bytes=1024 * 1024)
"""What a custom checker may use on one test."""

_FLOAT = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SPACES = re.compile(rb"(\s+)")


@dataclass(frozen=True)
class Check:
    """A checker's judgement of one output: AC, WA (``fraction`` may give partial credit) or JE."""

    verdict: Verdict
    fraction: float
    message: str = ""


ACCEPTED = Check(Verdict.AC, 1.0)


def wrong(message: str, fraction: float = 0.0) -> Check:
    return Check(Verdict.WA, fraction, message)


def judge_error(message: str) -> Check:
    return Check(Verdict.JE, 0.0, message)


def scored(fraction: float, message: str) -> Check:
    """AC for a full score, else WA with partial credit."""
    return ACCEPTED if fraction >= 1.0 else wrong(message or f"score {fraction:g}", fraction)


@dataclass(frozen=True)
class CompareOptions:
    """Settings of the built-in comparison; a tolerance of ``None`` means floats are compared as text."""

    case_sensitive: bool = False
    space_change_sensitive: bool = False
    float_absolute: float | None = None
    float_relative: float | None = None

    @property
    def floats(self) -> bool:
        return self.float_absolute is not None or self.float_relative is not None


@lru_cache(maxsize=64)
def parse_flags(flags: tuple[str, ...]) -> CompareOptions:
    """Kattis ``validator_flags`` as options; raises ``ValueError`` naming a flag it does not understand."""
    words = list(flags)
    options: dict[str, bool | float] = {}
    while words:
        word = words.pop(0)
        if word in ("case_sensitive", "space_change_sensitive"):
            options[word] = True
        elif word in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            if not words:
                raise ValueError(f"{word} needs a number after it")
            try:
                value = float(words.pop(0))
            except ValueError:
                raise ValueError(f"{word} needs a number after it") from None
            if not value >= 0:
                raise ValueError(f"{word} must not be negative")
            if word != "float_relative_tolerance":
                options["float_absolute"] = value
            if word != "float_absolute_tolerance":
                options["float_relative"] = value
        else:
            raise ValueError(f"unknown validator flag {word!r}")
    return CompareOptions(**options)  # type: ignore[arg-type]


def _token_equal(out: bytes, ans: bytes, options: CompareOptions) -> bool:
    if options.floats and _FLOAT.fullmatch(ans):
        if not _FLOAT.fullmatch(out):
            return False
        expected, got = float(ans), float(out)
        diff = abs(expected - got)
        if options.float_absolute is not None and diff <= options.float_absolute:
            return True
        return options.float_relative is not None and diff <= options.float_relative * abs(expected)
    return out == ans if options.case_sensitive else out.lower() == ans.lower()


def _show(token: bytes) -> str:
    text = token.decode(errors="replace")
    return repr(text if len(text) <= 40 else text[:37] + "...")


def compare(output: bytes, answer: bytes, options: CompareOptions = CompareOptions()) -> Check:
    """Compare a program's output with the answer, token by token under ``options``."""
    output, answer = output.replace(b"\r\n", b"\n"), answer.replace(b"\r\n", b"\n")
    if options.space_change_sensitive:
        got, expected = _SPACES.split(output), _SPACES.split(answer)
    else:
        got, expected = output.split(), answer.split()
        if got == expected:
            return ACCEPTED
    for index, (out, ans) in enumerate(zip(got, expected, strict=False)):
        if options.space_change_sensitive and index % 2:
            if out != ans:
                return wrong(f"whitespace differs after token {index // 2 + 1}")
        elif not _token_equal(out, ans, options):
            number = index // 2 + 1 if options.space_change_sensitive else index + 1
            return wrong(f"token {number}: expected {_show(ans)}, got {_show(out)}")
    if len(got) < len(expected):
        return wrong("output ends too early")
    if len(got) > len(expected):
        return wrong("more output than expected")
    return ACCEPTED


def _failed_run(run: RunResult, what: str) -> Check | None:
    """JE when the checker did not end by itself within its limits, else ``None``."""
    if run.status in (RunStatus.TLE, RunStatus.MLE, RunStatus.OLE):
        return judge_error(f"{what} exceeded its limits ({run.status})")
    if run.signal is not None:
        return judge_error(f"{what} was killed by signal {run.signal}")
    return None


def _said(run: RunResult, extra: bytes = b"") -> str:
    text = (extra or run.stderr or run.stdout).decode(errors="replace").strip()
    return text[:500]


def interpret_kattis(run: RunResult, feedback: bytes = b"") -> Check:
    """A Kattis output validator's run: exit 42 accepts, 43 rejects, anything else is its own fault."""
    failed = _failed_run(run, "output validator")
    if failed:
        return failed
    if run.exit_code == 42:
        return ACCEPTED
    if run.exit_code == 43:
        return wrong(_said(run, feedback) or "rejected by the output validator")
    return judge_error(f"output validator exited with code {run.exit_code}: {_said(run, feedback)}")


_TESTLIB_POINTS = re.compile(rb"points\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def interpret_testlib(run: RunResult) -> Check:
    """A testlib checker's run: exit 0 OK, 1 WA, 2 PE, 4 dirt and 8 unexpected end are wrong answers,
    3 is the checker's failure, 7 gives points as a fraction in [0, 1] (``points 0.5`` on stderr)."""
    failed = _failed_run(run, "checker")
    if failed:
        return failed
    message = _said(run)
    if run.exit_code == 0:
        return ACCEPTED
    if run.exit_code in (1, 2, 4, 8):
        return wrong(message or "wrong answer")
    if run.exit_code == 7:
        match = _TESTLIB_POINTS.search(run.stderr) or _TESTLIB_POINTS.search(run.stdout)
        if match is None:
            return judge_error(f"checker gave points without a value: {message}")
        return _fraction(float(match.group(1)), message)
    return judge_error(f"checker exited with code {run.exit_code}: {message}")


def interpret_themis(run: RunResult) -> Check:
    """A Themis-style checker's run: exit 0, and the first line of stdout is the score fraction in [0, 1]."""
    failed = _failed_run(run, "checker")
    if failed:
        return failed
    if run.exit_code != 0:
        return judge_error(f"checker exited with code {run.exit_code}: {_said(run)}")
    first, _, rest = run.stdout.strip().partition(b"\n")
    if not _FLOAT.fullmatch(first.strip()):
        return judge_error(f"checker printed no score fraction: {_said(run)}")
    return _fraction(float(first), rest.decode(errors="replace").strip()[:500])


def _fraction(value: float, message: str) -> Check:
    if not 0.0 <= value <= 1.0:
        return judge_error(f"checker gave score {value:g}, outside [0, 1]")
    return scored(value, message)


class Checker:
    """Judges outputs during one grading. A context manager: custom checkers hold a sandbox session.

    ``error`` is set (and every check is JE) when a custom checker does not compile. Sandbox faults
    (``SandboxError``) propagate to the caller.
    """

    def __init__(self, spec: CheckerSpec, backend: Backend) -> None:
        self.spec = spec
        self.error: str | None = None
        self._session: Session | None = None
        if spec.custom:
            self._open(backend)

    def _open(self, backend: Backend) -> None:
        assert self.spec.source is not None and self.spec.source_name is not None
        self._session = backend.open_session()
        try:
            compiled = self._session.compile(language_for(self.spec.source_name), self.spec.source)
        except BaseException:
            self._session.close()
            raise
        if not compiled.ok:
            self.error = f"checker {self.spec.source_name} does not compile:\n{compiled.output}"
            log.error("%s", self.error)

    def check(self, test: TestCase, output: bytes) -> Check:
        """The judgement of ``output`` for ``test``."""
        if self.error is not None:
            return judge_error(self.error)
        flags = self.spec.flags if test.checker_flags is None else test.checker_flags
        if self._session is None:
            return compare(output, test.answer_bytes(), parse_flags(tuple(flags)))
        check = _RUNNERS[self.spec.kind](self._session, test, output, flags)
        if check.verdict is Verdict.JE:
            log.error("checker fault on test %s: %s", test.name, check.message)
        return check

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _run_kattis(session: Session, test: TestCase, output: bytes, flags: Sequence[str]) -> Check:
    files = {"input": test.input_bytes(), "judge_answer": test.answer_bytes()}
    execution = session.run(
        CHECKER_LIMITS,
        stdin=output,
        files=files,
        args=("input", "judge_answer", "./", *flags),
        collect=("judgemessage.txt",),
    )
    return interpret_kattis(execution.result, execution.files.get("judgemessage.txt", b""))


def _run_three_files(session: Session, test: TestCase, output: bytes) -> RunResult:
    files = {"input.txt": test.input_bytes(), "output.txt": output, "answer.txt": test.answer_bytes()}
    return session.run(CHECKER_LIMITS, files=files, args=("input.txt", "output.txt", "answer.txt")).result


_RUNNERS: dict[CheckerKind, Callable[[Session, TestCase, bytes, Sequence[str]], Check]] = {
    CheckerKind.KATTIS: _run_kattis,
    CheckerKind.TESTLIB: lambda session, test, output, _: interpret_testlib(_run_three_files(session, test, output)),
    CheckerKind.THEMIS: lambda session, test, output, _: interpret_themis(_run_three_files(session, test, output)),
}
