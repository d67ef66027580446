"""The built-in comparison (Kattis default validator semantics) and how custom checkers' runs are read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from judge.checker_verdicts import interpret_kattis, interpret_testlib, interpret_themis
from judge.checkers import (
    Checker,
    CompareOptions,
    compare,
    parse_flags,
)
from judge.errors import ProblemError
from judge.problem import CheckerSpec, TestCase, checker_args
from judge.verdict import Verdict
from sandbox.bwrap_backend import BwrapBackend
from sandbox.result import RunResult, RunStatus


def ok(answer: bytes, output: bytes, *flags: str) -> bool:
    return compare(output, answer, parse_flags(flags)).verdict is Verdict.AC


@pytest.mark.parametrize(
    "output",
    [b"1 2\n3\n", b"1\n2 3", b"  1\t2   3  \n\n", b"1 2 3\r\n"],
)
def test_tokens_ignore_whitespace(output: bytes) -> None:
    assert ok(b"1 2\n3\n", output)


@pytest.mark.parametrize("output", [b"1 2", b"1 2 3 4", b"1 2 4", b"", b"123"])
def test_tokens_must_match(output: bytes) -> None:
    assert not ok(b"1 2 3\n", output)


def test_default_is_case_insensitive_like_kattis() -> None:
    assert ok(b"YES\n", b"yes\n")
    assert not ok(b"YES\n", b"yes\n", "case_sensitive")
    assert ok(b"YES\n", b"YES\n", "case_sensitive")


def test_space_change_sensitive_wants_the_same_whitespace() -> None:
    assert ok(b"1 2\n", b"1 2\n", "space_change_sensitive")
    assert not ok(b"1 2\n", b"1  2\n", "space_change_sensitive")
    assert not ok(b"1 2\n", b"1 2", "space_change_sensitive")
    assert not ok(b"1 2\n", b"1\n2\n", "space_change_sensitive")


def test_a_kattis_output_is_compared_as_its_bytes_as_problemtools_compares_it() -> None:
    """A byte order mark is part of the first token; a CR is whitespace, which counts only where whitespace does."""
    assert not ok(b"3\n", b"\xef\xbb\xbf3\n")
    assert ok(b"\xef\xbb\xbf3\n", b"\xef\xbb\xbf3\n")
    assert ok(b"1 2\n", b"1 2\r\n")
    assert not ok(b"1 2\n", b"1 2\r\n", "space_change_sensitive")
    assert not ok(b"1 2\r\n", b"1 2\n", "space_change_sensitive")


def test_a_themis_output_and_answer_are_compared_as_text() -> None:
    """Made and judged on Windows: a byte order mark is dropped and CRLF or CR read as LF, in either."""
    options = parse_flags(("space_change_sensitive",))
    for output, answer in [(b"\xef\xbb\xbf3\n", b"3\n"), (b"1 2\r\n", b"1 2\n"), (b"1 2\n", b"\xef\xbb\xbf1 2\r\n")]:
        assert compare(output, answer, options, text=True).verdict is Verdict.AC
    assert compare(b"1  2\r\n", b"1 2\n", options, text=True).verdict is Verdict.WA


def test_floats_are_text_without_a_tolerance() -> None:
    assert not ok(b"0.5\n", b"0.50\n")


def test_float_tolerance_is_absolute_or_relative() -> None:
    assert ok(b"1.0\n", b"1.0000009\n", "float_tolerance", "1e-6")
    assert not ok(b"1.0\n", b"1.00001\n", "float_tolerance", "1e-6")
    assert ok(b"1000000\n", b"1000000.9\n", "float_tolerance", "1e-6")  # relative
    assert ok(b"0.5\n", b"5e-1\n", "float_tolerance", "1e-9")


def test_separate_absolute_and_relative_tolerances() -> None:
    assert ok(b"1000\n", b"1000.5\n", "float_absolute_tolerance", "1")
    assert not ok(b"1000\n", b"1000.5\n", "float_relative_tolerance", "1e-6")
    assert ok(b"1000\n", b"1000.0005\n", "float_relative_tolerance", "1e-6")
    assert not ok(b"0.001\n", b"0.0011\n", "float_relative_tolerance", "1e-6")


def test_float_tolerance_needs_a_number_from_the_contestant() -> None:
    assert not ok(b"1.5\n", b"abc\n", "float_tolerance", "1e-6")
    assert not ok(b"1.5\n", b"nan\n", "float_tolerance", "1e-6")
    assert ok(b"abc 1.5\n", b"ABC 1.5000001\n", "float_tolerance", "1e-6")  # words stay words


@pytest.mark.parametrize(
    ("answer", "output", "accepted"),
    [
        (b"7", b"0x1.cp2", True),  # C's printf("%a")
        (b"0.5", b"0X.8P0", True),
        (b"7", b"7e", True),  # sscanf takes an exponent without digits as none
        (b"7", b"7E+", True),
        (b"0", b"0x.", True),  # glibc's sscanf reads a hexadecimal point without digits as zero
        (b"0x.", b"-0.0000001", True),  # in the answer too: a number, not a word
        (b"-0X.", b"0", True),
        (b"0", b"0x", False),  # no number there: a word
        (b"0", b"0x.p1", False),  # its exponent is left over (trash): a word
        (b"-0", b"0", True),
        (b"1e400", b"1E400", True),  # infinite once read: a word, compared as one
        (b"1e400", b"1e401", False),
        (b"7", b"1e400", False),
        (b"7", b"7x", False),
        (b"7", b"0x", False),
        (b"7", b"0x1p1024", False),  # beyond a double: infinite, a word (it stopped the grader)
        (b"1.5", b"0x" + b"f" * 300, False),
        (b"0x1p2000", b"0X1P2000", True),  # an answer beyond a double is a word too
    ],
)
def test_numbers_are_read_as_the_kattis_default_validator_reads_them(
    answer: bytes, output: bytes, accepted: bool
) -> None:
    assert ok(answer, output, "float_tolerance", "1e-6") is accepted


def test_a_nul_byte_is_part_of_a_word_but_ends_a_number() -> None:
    """DOMjudge compares words as whole tokens, NUL bytes included (its hello's wrong_answer/test-hello-nullbyte.c:
    the answer, a NUL, then more; problemtools' strcmp stops at the NUL); with a float tolerance, both read a number
    with sscanf, which stops at the NUL: what follows it is not seen."""
    assert not ok(b"YES 7\n", b"YES\0\0\0 7\0garbage\n")
    assert not ok(b"7\n", b"7\0\n")
    assert not ok(b"7\n", b"\x007\n")
    assert ok(b"a\0b\n", b"a\0b\n")  # the same bytes are the same token
    assert ok(b"1.5\n", b"1.5000001\0\n", "float_tolerance", "1e-6")
    assert ok(b"1.5\n", b"1.5\0junk\n", "float_tolerance", "1e-6")
    assert not ok(b"1.5\n", b"\x001.5\n", "float_tolerance", "1e-6")


def test_a_groups_flags_follow_the_problems_as_problemtools_joins_them() -> None:
    spec = CheckerSpec(flags=("case_sensitive",))
    group = TestCase("secret/01", "secret", b"", b"Yes 1.0\n", checker_flags=("float_tolerance", "1e-3"))
    assert checker_args(spec, group) == ("case_sensitive", "float_tolerance", "1e-3")
    assert checker_args(spec, replace(group, checker_flags=None)) == ("case_sensitive",)
    with Checker(spec, BwrapBackend()) as checker:  # the built-in comparison: no sandbox is used
        assert checker.check(group, b"Yes 1.0001\n").verdict is Verdict.AC
        assert checker.check(group, b"YES 1.0001\n").verdict is Verdict.WA  # case_sensitive still holds


def test_messages_say_where_the_output_went_wrong() -> None:
    assert compare(b"1 5", b"1 2").message == "token 2: expected '2', got '5'"
    assert compare(b"1", b"1 2").message == "output ends too early"
    assert compare(b"1 2 3", b"1 2").message == "more output than expected"


@pytest.mark.parametrize(
    "flags",
    [("float_tolerance",), ("float_tolerance", "x"), ("float_tolerance", "-1"), ("ignore_case",)],
)
def test_bad_flags_are_refused(flags: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        parse_flags(flags)


def test_flags_parse_into_options() -> None:
    assert parse_flags(("case_sensitive", "float_absolute_tolerance", "0.1")) == CompareOptions(
        case_sensitive=True, float_absolute=0.1
    )


def run(
    exit_code: int | None,
    stdout: bytes = b"",
    stderr: bytes = b"",
    *,
    status: RunStatus | None = None,
    signal: int | None = None,
) -> RunResult:
    if status is None:
        status = RunStatus.OK if exit_code == 0 else RunStatus.RE
    return RunResult(
        status=status,
        exit_code=exit_code,
        signal=signal,
        cpu_ms=1,
        wall_ms=1,
        memory_kb=1,
        stdout=stdout,
        stderr=stderr,
    )


def test_kattis_validator_exit_codes() -> None:
    assert interpret_kattis(run(42)).verdict is Verdict.AC
    rejected = interpret_kattis(run(43), b"1 + 1 is not 3")
    assert (rejected.verdict, rejected.message) == (Verdict.WA, "1 + 1 is not 3")
    assert interpret_kattis(run(0)).verdict is Verdict.JE
    assert interpret_kattis(run(1, stderr=b"Traceback")).verdict is Verdict.JE


def test_checker_faults_are_judge_errors() -> None:
    for interpret in (interpret_testlib, interpret_themis):
        assert interpret(run(None, status=RunStatus.TLE)).verdict is Verdict.JE
        assert interpret(run(None, status=RunStatus.RE, signal=11)).verdict is Verdict.JE
    assert interpret_kattis(run(None, status=RunStatus.MLE)).verdict is Verdict.JE


@pytest.mark.parametrize(
    ("exit_code", "verdict"),
    [(0, Verdict.AC), (1, Verdict.WA), (2, Verdict.WA), (4, Verdict.WA), (3, Verdict.JE), (5, Verdict.JE)],
)
def test_testlib_exit_codes(exit_code: int, verdict: Verdict) -> None:
    assert interpret_testlib(run(exit_code, stderr=b"wrong answer 1st numbers differ")).verdict is verdict


def test_testlib_points_are_a_fraction() -> None:
    partial = interpret_testlib(run(7, stderr=b"points 0.25 half of it"))
    assert (partial.verdict, partial.fraction) == (Verdict.WA, 0.25)
    assert interpret_testlib(run(7, stderr=b"points 1")).verdict is Verdict.AC
    assert interpret_testlib(run(7, stderr=b"points 30")).verdict is Verdict.JE
    assert interpret_testlib(run(7, stderr=b"no number")).verdict is Verdict.JE


def test_themis_checker_printing_the_score_first_is_understood() -> None:
    assert interpret_themis(run(0, b"1\nCorrect\n")).verdict is Verdict.AC
    partial = interpret_themis(run(0, b"0.5\nhalf\n"))
    assert (partial.verdict, partial.fraction, partial.message) == (Verdict.WA, 0.5, "half")
    assert interpret_themis(run(0, b"0\n")).fraction == 0
    assert interpret_themis(run(0, b"1.5\n")).verdict is Verdict.JE
    assert interpret_themis(run(0, b"great\n")).verdict is Verdict.JE
    assert interpret_themis(run(1, b"Runtime error 2 at $0040\n")).verdict is Verdict.JE


def test_testlib_points_are_read_from_the_verdict_line_not_from_debug_output_before_it() -> None:
    """testlib's verdict is the last line that names a result; a checker's own lines before it are not points."""
    debug = b"points 3 4 5 of the triangle\npoints 0.5 half of it\n"
    partial = interpret_testlib(run(7, stderr=debug))
    assert (partial.verdict, partial.fraction) == (Verdict.WA, 0.5)


@pytest.mark.parametrize(
    ("flags", "absolute", "relative"),
    [
        ("float_tolerance 0x1p-3", 0.125, 0.125),
        ("float_absolute_tolerance 1e-3 float_tolerance 1e-6", 1e-6, 1e-6),
        ("float_tolerance 1e-6 float_absolute_tolerance 1e-3", 1e-3, 1e-6),
        ("float_relative_tolerance 1e", None, 1.0),
    ],
)
def test_tolerances_are_read_as_the_default_validator_reads_them(
    flags: str, absolute: float | None, relative: float | None
) -> None:
    options = parse_flags(tuple(flags.split()))
    assert (options.float_absolute, options.float_relative) == (absolute, relative)


@pytest.mark.parametrize("value", ["inf", "nan", "1_0", "infinity", "abc"])
def test_a_tolerance_the_default_validator_cannot_read_is_refused(value: str) -> None:
    """problemtools' default validator takes no tolerance that is not a finite C number: it is then a judge error
    on every test; an infinite one had accepted every number here."""
    with pytest.raises(ProblemError, match="float_tolerance needs a number"):
        parse_flags(("float_tolerance", value))
