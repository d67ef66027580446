"""Judging one test's output: the built-in comparison and custom checkers run in a sandbox.

The built-in comparison follows the Kattis default output validator: tokens separated by any whitespace,
case-insensitive, unless flags say otherwise (``case_sensitive``, ``space_change_sensitive``,
``float_tolerance e``, ``float_absolute_tolerance e``, ``float_relative_tolerance e``). A Kattis package's
outputs and answers are compared as the bytes they are, as problemtools and DOMjudge compare them: a UTF-8 byte
order mark is part of the first token, and a CR is whitespace (a difference only under ``space_change_sensitive``).
A Themis task's are compared as text (``as_text``), as a judge on Windows reading them in text mode sees them.

Custom checkers are compiled and run in a sandbox session of their own, never the contestant's, so that
expected outputs never reach the contestant's program. Anything odd about a checker's run (no verdict,
crash, limit) is JE: the checker's fault, not the contestant's (``judge.checker_verdicts`` reads the runs).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from sandbox.languages import language_for
from sandbox.limits import Limits
from sandbox.result import RunResult
from sandbox.session import Backend, Session

from . import program_cache
from .checker_verdicts import (
    ACCEPTED,
    Check,
    as_text,
    interpret_kattis,
    interpret_testlib,
    interpret_themis,
    judge_error,
    wrong,
)
from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .problem import CheckerKind, CheckerSpec, TestCase, checker_args
from .verdict import Verdict
from .windows_sources import as_windows_compiles

log = logging.getLogger(__name__)

CHECKER_LIMITS = Limits(cpu_ms=10_000, wall_ms=20_000, memory_kb=1024 * 1024, output_bytes=2 * 1024**3)
"""What a custom checker may use on one test. Its stdout is never its limit in practice: a Kattis validator's is
read by no one (problemtools keeps it whole, DOMjudge up to 2.5 GB), so debug output changes no verdict, and a testlib
or Themis checker's comment may echo a contestant's output as long as the output limit let it be (a wrong line of
8 MiB, which Themis reads whole and scores, was the checker's OLE at 1 MiB, a judge error). Runs keep only a part of
it in memory: ``VALIDATOR_STDOUT_KEPT`` of a validator's, and the first and last ``CHECKER_STDOUT_KEPT`` bytes of a
testlib or Themis checker's, which hold its comment's start and its score line."""

VALIDATOR_STDOUT_KEPT = 4096
CHECKER_STDOUT_KEPT = 64 * 1024


def checker_limits(spec: CheckerSpec) -> Limits:
    """What ``spec``'s output validator may use on one test (per pass of a multi-pass problem): ``CHECKER_LIMITS``,
    with the package's time and memory when it gives them (a Kattis package's ``limits.validation_time`` and
    ``validation_memory``, problemtools' 60 s and 1 GiB by default); the wall-clock cap then follows the time. The
    files it writes (``judgemessage.txt``, a multi-pass state, ``nextpass.in``) are bounded by its memory alone, where
    they are held, as problemtools bounds them by nothing: a message of 9 MiB was the validator's OLE, a JE, where
    problemtools takes its exit code (only ``MESSAGE_KEPT`` of a message is read back)."""
    base = CHECKER_LIMITS
    if spec.time_ms is not None:
        base = base.with_(cpu_ms=spec.time_ms, wall_ms=None)
    if spec.memory_kb is not None:
        base = base.with_(memory_kb=spec.memory_kb)
    return base.with_(file_bytes=base.memory_kb * 1024)


MESSAGE_KEPT = 64 * 1024
"""The start of a validator's ``judgemessage.txt`` and ``teammessage.txt`` read back: the message a test shows."""
MESSAGES = ("judgemessage.txt", "teammessage.txt")


def message_excerpts(folder: str = "") -> dict[str, int]:
    """The ``excerpts`` of a validator's run (``Session.run``): its messages in ``folder``, up to ``MESSAGE_KEPT``."""
    return {folder + name: MESSAGE_KEPT for name in MESSAGES}


SCORE_FILE = "score.txt"
SCORES_NOT_TAKEN = (
    "the output validator set this test's score (score.txt): hoithi does not take validators' scores; give the "
    "groups accept_score instead"
)

_DECIMAL = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?")
_HEXADECIMAL = re.compile(rb"([+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d*))?")
_HEXADECIMAL_POINT = re.compile(rb"([+-]?)0[xX]\.")  # glibc's sscanf reads a bare "0x." as zero
_SPACES = re.compile(rb"(\s+)")


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
    """Kattis ``validator_flags`` as options; raises ``ProblemError`` (a ``ValueError``) naming a flag it does not
    understand, without a path: the caller names the file that gave the flags (``Fault.at``)."""
    words = list(flags)
    options = CompareOptions()
    while words:
        word = words.pop(0)
        if word == "case_sensitive":
            options = replace(options, case_sensitive=True)
        elif word == "space_change_sensitive":
            options = replace(options, space_change_sensitive=True)
        elif word in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
            if not words:
                raise ProblemError(fault(F.FLAG_NEEDS_NUMBER, flag=word))
            # read as the default validator reads it (C's sscanf): hexadecimal too, never inf, nan or Python's 1_0;
            # there what it cannot read is a judge error on every test, here the package's fault at once
            value = _number(words.pop(0).encode())
            if value is None:
                raise ProblemError(fault(F.FLAG_NEEDS_NUMBER, flag=word))
            if value < 0:
                raise ProblemError(fault(F.FLAG_NEGATIVE, flag=word))
            if word != "float_relative_tolerance":
                options = replace(options, float_absolute=value)
            if word != "float_absolute_tolerance":
                options = replace(options, float_relative=value)
        else:
            raise ProblemError(fault(F.FLAG_UNKNOWN, flag=repr(word)))
    return options


def _number(token: bytes) -> float | None:
    """``token`` as the Kattis (and DOMjudge) default validator reads a number, with C's ``sscanf("%lf")`` taking
    the whole token as a C string (so up to a NUL byte, which ends it there): decimal or hexadecimal
    (``0x1.8p1``), an exponent sign without digits read as no exponent (``1e``, ``2e+``), and ``0x.`` with no digit
    at all read as zero (glibc's, so both references' ``sscanf``; ``0x`` is no number there); None for anything else,
    and for what is infinite or not a number once read (``inf``, ``1e400``, ``0x1p1024``), which is then compared as
    a word."""
    token = token.partition(b"\0")[0]
    if _DECIMAL.fullmatch(token):
        value = float(token.rstrip(b"+-").rstrip(b"eE") if token[-1] in b"eE+-" else token)
    elif match := _HEXADECIMAL_POINT.fullmatch(token):
        value = -0.0 if match.group(1) == b"-" else 0.0
    elif match := _HEXADECIMAL.fullmatch(token):
        mantissa, exponent = match.groups()
        text = mantissa.decode()
        try:
            value = float.fromhex(text + "p" + exponent.decode() if exponent and exponent.strip(b"+-") else text)
        except OverflowError:  # beyond a double: C reads it as infinite
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _token_equal(out: bytes, ans: bytes, options: CompareOptions) -> bool:
    if out == ans:
        return True
    expected = _number(ans) if options.floats else None
    if expected is not None:
        got = _number(out)
        if got is None:
            return False
        diff = abs(expected - got)
        if options.float_absolute is not None and diff <= options.float_absolute:
            return True
        return options.float_relative is not None and diff <= options.float_relative * abs(expected)
    return out == ans if options.case_sensitive else out.lower() == ans.lower()


def _show(token: bytes) -> str:
    text = token.decode(errors="replace")
    return repr(text if len(text) <= 40 else text[:37] + "...")


def compare(output: bytes, answer: bytes, options: CompareOptions = CompareOptions(), text: bool = False) -> Check:
    """Compare a program's output with the answer, token by token under ``options``: as bytes, or with ``text``
    both read as text first (``as_text``; see the module's docstring)."""
    if text:
        output, answer = as_text(output), as_text(answer)
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


class Checker:
    """Judges outputs during one grading. A context manager: custom checkers hold a sandbox session.

    ``error`` is set (and every check is JE) when a custom checker does not compile. Sandbox faults
    (``SandboxError``) propagate to the caller.
    """

    def __init__(self, spec: CheckerSpec, backend: Backend, text: bool = False) -> None:
        """``text``: a Themis task's: the built-in comparison reads outputs and answers as text, and a C or C++
        checker's ``%I64d`` is read as MinGW reads it (``judge.windows_sources``)."""
        self.spec = spec
        self.text = text
        self.error: str | None = None
        self._session: Session | None = None
        if spec.custom:
            self._open(backend)

    def _open(self, backend: Backend) -> None:
        assert self.spec.source is not None and self.spec.source_name is not None
        language = language_for(self.spec.source_name)
        source = self.spec.source
        if self.text:  # a Themis task's checker, written for Windows as its programs are
            source = as_windows_compiles(source, language)
        self._session = backend.open_session()
        try:
            compiled = program_cache.prepare(self._session, backend, language, source)
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
        flags = checker_args(self.spec, test)
        if self._session is None:
            return compare(output, test.answer_bytes(), parse_flags(tuple(flags)), self.text)
        check = _RUNNERS[self.spec.kind](self._session, test, output, flags, self.spec)
        if check.verdict is Verdict.JE:
            log.error("checker fault on test %s: %s", test.name, check.message)
        return check

    @property
    def session(self) -> Session | None:
        """The custom checker's own session, where it is installed (``judge.passes`` runs interactive and
        multi-pass validators there); None for the built-in comparison."""
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def __enter__(self) -> Checker:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _run_kattis(session: Session, test: TestCase, output: bytes, flags: Sequence[str], spec: CheckerSpec) -> Check:
    files = {"input": test.input_bytes(), "judge_answer": test.answer_bytes()}
    execution = session.run(
        checker_limits(spec),
        stdin=output,
        files=files,
        args=("input", "judge_answer", "./", *flags),
        collect=("judgemessage.txt", SCORE_FILE),
        excerpts=message_excerpts(),
        stdout_kept=VALIDATOR_STDOUT_KEPT,
    )
    if spec.gives_scores and SCORE_FILE in execution.files:
        return judge_error(SCORES_NOT_TAKEN)
    return interpret_kattis(execution.result, execution.files.get("judgemessage.txt", b""))


def _run_three_files(session: Session, test: TestCase, output: bytes) -> RunResult:
    files = {"input.txt": test.input_bytes(), "output.txt": output, "answer.txt": test.answer_bytes()}
    return session.run(
        CHECKER_LIMITS,
        files=files,
        args=("input.txt", "output.txt", "answer.txt"),
        stdout_kept=CHECKER_STDOUT_KEPT,
        stdout_tail=CHECKER_STDOUT_KEPT,
    ).result


THEMIS_TEST_FOLDER = "test/"
THEMIS_CONTESTANT_FOLDER = "contestant/"


def _run_themis(session: Session, test: TestCase, output: bytes, _: Sequence[str], spec: CheckerSpec) -> Check:
    """Run a Themis checker as Themis does: two lines on stdin, the test's folder (the input and the answer,
    named as the task names them) and the contestant's folder (the output, named as the task names it).

    Themis runs on Windows, where names ignore case and ``\\`` separates folders: each file is also given under
    the spellings of its name that the checker's source uses, and with a leading backslash when the source joins
    paths with one (``dir + "\\BAI.INP"``), so that such a checker finds its files here too. The folders end in
    "/", so a checker that joins without a separator works as well. The older "checker input output answer"
    convention is served by the same run: the three paths are its arguments. Every file is read as text
    (``as_text``), as a checker on Windows reading in text mode sees it.
    """
    input_name, output_name = spec.task_files or ("input.txt", "output.txt")
    source = spec.source or b""
    files = dict.fromkeys((THEMIS_TEST_FOLDER + n for n in _spellings(source, input_name)), as_text(test.input_bytes()))
    answer = as_text(test.answer_bytes())
    answer_names = {output_name}
    if isinstance(test.answer, Path):  # the answer's own name too when it differs (BAI1.ANS)
        answer_names.add(test.answer.name)
    for answer_name in answer_names:
        files.update(dict.fromkeys((THEMIS_TEST_FOLDER + n for n in _spellings(source, answer_name)), answer))
    for name in _spellings(source, output_name):
        files[THEMIS_CONTESTANT_FOLDER + name] = as_text(output)
    run = session.run(
        CHECKER_LIMITS,
        stdin=f"{THEMIS_TEST_FOLDER}\n{THEMIS_CONTESTANT_FOLDER}\n".encode(),
        files=files,
        args=(
            THEMIS_TEST_FOLDER + input_name,
            THEMIS_CONTESTANT_FOLDER + output_name,
            THEMIS_TEST_FOLDER + output_name,
        ),
        stdout_kept=CHECKER_STDOUT_KEPT,
        stdout_tail=CHECKER_STDOUT_KEPT,
    )
    return interpret_themis(run.result)


@lru_cache(maxsize=64)
def _spellings(source: bytes, name: str) -> tuple[str, ...]:
    """``name`` and the spellings of it that ``source`` uses: written whole (``"bai1.inp"``), or stem and
    extension apart (``#define TASK "bai1"`` ... ``".inp"``) in each combination; each also behind a backslash,
    where a path joined on Windows' way (``dir + "\\BAI1.INP"``, ``'\\'``, ``"%s\\%s"``) leads on Linux."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return (name, "\\" + name)
    stem_b, extension_b = re.escape(stem.encode()), re.escape(extension.encode())
    names = {name, *_found(source, rb"(?<![A-Za-z0-9_])" + stem_b + rb"\." + extension_b + rb"(?![A-Za-z0-9_])")}
    stems = {stem, *_found(source, rb"(?<=[\"'])" + stem_b + rb"(?=[\"'])")}
    extensions = {extension, *(e[1:] for e in _found(source, rb"(?<=[\"'])\." + extension_b + rb"(?=[\"'])"))}
    names |= {f"{s}.{e}" for s in stems for e in extensions}
    names |= {"\\" + spelled for spelled in names}
    return (name, *sorted(names - {name}))


def _found(source: bytes, pattern: bytes) -> set[str]:
    if not source:
        return set()
    return {m.decode("utf-8", errors="replace") for m in re.findall(pattern, source, re.IGNORECASE)}


_RUNNERS: dict[CheckerKind, Callable[[Session, TestCase, bytes, Sequence[str], CheckerSpec], Check]] = {
    CheckerKind.KATTIS: _run_kattis,
    CheckerKind.TESTLIB: lambda session, test, output, _, __: interpret_testlib(
        _run_three_files(session, test, output)
    ),
    CheckerKind.THEMIS: _run_themis,
}
