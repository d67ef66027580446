"""What a checker's run says: a Kattis output validator's exit code, a testlib checker's exit code and verdict
line, a Themis checker's score line, read into a ``Check`` (AC, WA with partial credit, or JE: the checker's own
fault, never the contestant's). Also the reading of outputs and answers as text, which the built-in comparison
and Themis checkers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.result import RunResult, RunStatus

from .verdict import Verdict

_BOM = b"\xef\xbb\xbf"


def as_text(data: bytes) -> bytes:
    """``data`` as a text file made on Linux: without a UTF-8 byte order mark, lines ending in LF (CRLF and CR
    become LF)."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def windows_text(data: bytes) -> bytes:
    """``data`` as a program on Windows reads a file in text mode, as Themis gives it: CRLF read as LF; a lone CR,
    and a UTF-8 byte order mark, kept (Windows drops a BOM only from files opened in a Unicode mode, which
    contestants' programs never ask for: a C ``scanf`` then reads no number, Free Pascal stops with error 106)."""
    return data.replace(b"\r\n", b"\n") if b"\r" in data else data


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
_TESTLIB_VERDICT_LINE = re.compile(
    rb"^(?:ok|points|wrong answer|wrong output format|FAIL|unexpected eof|partially correct)\b.*$", re.MULTILINE
)


def interpret_testlib(run: RunResult) -> Check:
    """A testlib checker's run: exit 0 OK, 1 WA, 2 PE, 4 dirt and 8 unexpected end are wrong answers,
    3 is the checker's failure, 7 gives points as a fraction in [0, 1] (``points 0.5`` on stderr, in testlib's
    verdict line: the last that names a result, so that a checker's own lines before it are not taken).

    testlib 0.8.7 to 0.9.6 (2013) ended ``quitp`` with exit code 0: an exit 0 whose verdict line (testlib's last
    line on stderr naming a result) says ``points 0.5`` gives those points, not full marks."""
    failed = _failed_run(run, "checker")
    if failed:
        return failed
    verdict_line = _verdict_line(run.stderr)
    message = verdict_line.decode(errors="replace").strip()[:500] if verdict_line else _said(run)
    if run.exit_code == 0:
        points = _verdict_points(run.stderr)
        return ACCEPTED if points is None else _fraction(float(points.group(1)), message)
    if run.exit_code in (1, 2, 4, 8):
        return wrong(message or "wrong answer")
    if run.exit_code == 7:  # older testlib printed its verdict on stdout
        match = _verdict_points(run.stderr) or _verdict_points(run.stdout)
        if match is None:
            return judge_error(f"checker gave points without a value: {message}")
        return _fraction(float(match.group(1)), message)
    return judge_error(f"checker exited with code {run.exit_code}: {message}")


def _verdict_line(said: bytes) -> bytes | None:
    """testlib's verdict line in ``said``: the last line naming a result (its message), if there is one."""
    verdicts = _TESTLIB_VERDICT_LINE.findall(as_text(said))
    return verdicts[-1] if verdicts else None


def _verdict_points(said: bytes) -> re.Match[bytes] | None:
    """The points of testlib's verdict line (the last line naming a result) in ``said``, if it gives points."""
    verdict_line = _verdict_line(said)
    return _TESTLIB_POINTS.match(verdict_line) if verdict_line else None


_SCORE = re.compile(rb"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def _score(line: bytes) -> float | None:
    """The number a score line holds (a decimal comma allowed, as Windows in Vietnamese writes it), else None."""
    line = line.strip()
    return float(line.replace(b",", b".")) if _SCORE.fullmatch(line) else None


def interpret_themis(run: RunResult) -> Check:
    """A Themis checker's run: on stdout a comment line, then the score line, a number in [0, 1] (the share of
    the test's points). Read as tolerantly as Themis reads it: a checker that prints only the score, the score
    first and then its comment (the style of some Themis clones), or lines of its own after the score line
    (a timing), is understood; an exit code other than 0 is forgiven when a score was printed. No score, a crash
    or a limit is the checker's fault (JE)."""
    failed = _failed_run(run, "checker")
    if failed:
        return failed
    lines = [line.strip() for line in as_text(run.stdout).split(b"\n") if line.strip()]
    value = _score(lines[-1]) if lines else None
    comment = lines[:-1]
    if value is None and len(lines) > 2:  # the protocol's comment and score lines, then lines of its own
        value, comment = _score(lines[1]), [lines[0], *lines[2:]]
    if value is None and lines:  # score first, then the comment
        value, comment = _score(lines[0]), lines[1:]
    if value is None:
        code = f" (exit code {run.exit_code})" if run.exit_code else ""
        return judge_error(f"checker printed no score{code}: {_said(run)}")
    return _fraction(value, b"\n".join(comment).decode(errors="replace")[:500])


def _fraction(value: float, message: str) -> Check:
    if not -1e-9 <= value <= 1.0 + 1e-9:  # a checker's own rounding is not a fault
        return judge_error(f"checker gave score {value:g}, outside [0, 1]")
    return scored(min(1.0, max(0.0, value)), message)
