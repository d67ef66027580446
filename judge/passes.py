"""Judging one test of a Kattis problem whose output validator does more than read an output: it talks with the
program while it runs (``validation: custom interactive``), or it asks for more runs (``custom multi-pass``), or
both, as problemtools and DOMjudge run them.

The validator runs in its own sandbox session, never the contestant's, with the test's input as ``input``, the
expected answer as ``judge_answer`` and a feedback folder ``feedback/`` (its third argument), then the
problem's validator flags. Exit code 42 accepts, 43 rejects, anything else is the validator's fault (JE).

Multi-pass: after a pass that the validator accepts, a ``feedback/nextpass.in`` it wrote is the next pass's
input (for the program and for the validator, which sees it as ``input``); the feedback folder's other files
are kept from pass to pass, so a validator may keep its state there. A validator that still asks for a pass
after ``validation_passes`` passes, or writes ``nextpass.in`` and rejects, is at fault (JE), as in problemtools
and DOMjudge. Each pass has the problem's time limit; the test reports its slowest pass's time, as problemtools
reports it (what a time limit derived from the accepted submissions multiplies), and the passes' peak memory.

Interactive: the validator's stdout is the program's stdin and the program's stdout the validator's stdin
(``sandbox.interactive``); only the program's time counts. The verdict, as problemtools gives it: the
validator's fault is JE; a validator that rejects before the program has ended gives WA whatever the program
does afterwards; otherwise a program that exceeded a limit or crashed gets TLE, MLE, OLE or RE, and one that
wrote more than problemtools' pipe holds after the validator had accepted TLE (it would block there); otherwise
the validator's verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sandbox.interactive import interact
from sandbox.limits import Limits
from sandbox.result import RunResult, RunStatus
from sandbox.session import Session

from .checker_verdicts import Check, interpret_kattis, judge_error
from .checkers import (
    SCORE_FILE,
    SCORES_NOT_TAKEN,
    VALIDATOR_STDOUT_KEPT,
    checker_limits,
    message_excerpts,
)
from .problem import CheckerSpec, TestCase, checker_args
from .verdict import Verdict, verdict_for_run

log = logging.getLogger(__name__)

FEEDBACK = "feedback/"
NEXT_PASS = "nextpass.in"
INTERACTIVE_VALIDATOR_OUTPUT = 64 * 1024 * 1024
"""What an interactive validator may write to the program in one pass."""


@dataclass(frozen=True)
class Judged:
    """The judgement of one test: the check, the program's CPU time in its slowest pass and its peak memory,
    and the validator's feedback folder as the last pass left it (``judgemessage.txt``, ``score.txt``...)."""

    check: Check
    time_ms: int
    memory_kb: int
    feedback: Mapping[str, bytes]


@dataclass(frozen=True)
class _Pass:
    check: Check
    program: RunResult
    feedback: dict[str, bytes]
    validator_rejected: bool


def judge_test(program: Session, limits: Limits, validator: Session, spec: CheckerSpec, test: TestCase) -> Judged:
    """Judge ``test`` with the program installed in ``program`` and the validator installed in ``validator``."""
    judged = _judge(program, limits, validator, spec, test)
    if judged.check.verdict is Verdict.JE:
        log.error("output validator fault on test %s: %s", test.name, judged.check.message)
    return judged


def _judge(program: Session, limits: Limits, validator: Session, spec: CheckerSpec, test: TestCase) -> Judged:
    flags = checker_args(spec, test)
    given, answer = test.input_bytes(), test.answer_bytes()
    feedback: dict[str, bytes] = {}
    time_ms = memory_kb = 0
    for _ in range(spec.validation_passes if spec.multi_pass else 1):
        run = _interactive_pass if spec.interactive else _batch_pass
        one = run(program, limits, validator, spec, given, answer, feedback, flags)
        time_ms = max(time_ms, one.program.cpu_ms)
        memory_kb = max(memory_kb, one.program.memory_kb)
        feedback = one.feedback
        if spec.gives_scores and SCORE_FILE in feedback:
            return Judged(judge_error(SCORES_NOT_TAKEN), time_ms, memory_kb, feedback)
        next_input = feedback.pop(NEXT_PASS, None) if spec.multi_pass else None
        if next_input is not None and one.validator_rejected:
            return Judged(
                judge_error(f"the output validator wrote {NEXT_PASS} and rejected"), time_ms, memory_kb, feedback
            )
        if one.check.verdict is not Verdict.AC or next_input is None:
            return Judged(one.check, time_ms, memory_kb, feedback)
        given = next_input
    check = judge_error(f"the output validator asked for more than {spec.validation_passes} passes")
    return Judged(check, time_ms, memory_kb, feedback)


def _validator_files(given: bytes, answer: bytes, feedback: Mapping[str, bytes]) -> dict[str, bytes]:
    files = {"input": given, "judge_answer": answer, FEEDBACK: b""}
    files.update((FEEDBACK + name, data) for name, data in feedback.items())
    return files


def _validator_args(flags: Sequence[str]) -> tuple[str, ...]:
    return ("input", "judge_answer", FEEDBACK, *flags)


def _feedback(files: Mapping[str, bytes]) -> dict[str, bytes]:
    return {name.removeprefix(FEEDBACK): data for name, data in files.items() if name.startswith(FEEDBACK)}


def _failed(result: RunResult) -> Check | None:
    """The verdict of a program's run that did not end well (TLE, MLE, OLE, RE), else None."""
    verdict = verdict_for_run(result.status)
    if verdict is None:
        return None
    return Check(verdict, 0.0, result.stderr.decode(errors="replace")[-500:])


def _judged_by_validator(result: RunResult, feedback: Mapping[str, bytes]) -> Check:
    return interpret_kattis(result, feedback.get("judgemessage.txt", b""))


def _batch_pass(
    program: Session,
    limits: Limits,
    validator: Session,
    spec: CheckerSpec,
    given: bytes,
    answer: bytes,
    feedback: Mapping[str, bytes],
    flags: Sequence[str],
) -> _Pass:
    """Run the program on ``given``, then the validator on its output."""
    result = program.run(limits, stdin=given, drain_stdout=True).result
    failed = _failed(result)
    if failed is not None:
        return _Pass(failed, result, dict(feedback), False)
    judged = validator.run(
        checker_limits(spec),
        stdin=result.stdout,
        files=_validator_files(given, answer, feedback),
        args=_validator_args(flags),
        collect=(FEEDBACK,),
        excerpts=message_excerpts(FEEDBACK),
        stdout_kept=VALIDATOR_STDOUT_KEPT,
    )
    left = _feedback(judged.files)
    check = _judged_by_validator(judged.result, left)
    return _Pass(check, result, left, judged.result.exit_code == 43)


def _interactive_pass(
    program: Session,
    limits: Limits,
    validator: Session,
    spec: CheckerSpec,
    given: bytes,
    answer: bytes,
    feedback: Mapping[str, bytes],
    flags: Sequence[str],
) -> _Pass:
    """Run the program and the validator together, connected by pipes."""
    own = checker_limits(spec)
    validator_limits = own.with_(
        # The validator waits for the program: it must outlast the program's own wall-clock cap.
        wall_ms=limits.effective_wall_ms + own.effective_wall_ms,
        output_bytes=INTERACTIVE_VALIDATOR_OUTPUT,
    )
    played = interact(
        program,
        limits,
        validator,
        validator_limits,
        validator_args=_validator_args(flags),
        validator_files=_validator_files(given, answer, feedback),
        validator_collect=(FEEDBACK,),
        validator_excerpts=message_excerpts(FEEDBACK),
    )
    left = _feedback(played.validator.files)
    judged = _judged_by_validator(played.validator.result, left)
    result = played.program.result
    if played.program_blocked and judged.verdict is Verdict.AC:
        # wrote on after the validator had accepted, more than problemtools' pipe holds: blocked there until the
        # wall-clock limit, a TLE reported at the time limit
        result = RunResult(RunStatus.TLE, None, None, limits.cpu_ms, result.wall_ms, result.memory_kb)
    elif played.program_flooded and result.status is RunStatus.OLE:
        # wrote faster than the validator read, more than problemtools' pipe holds: it would have waited for the
        # validator there, and for a reader of answers it does not read, until the wall-clock limit
        result = RunResult(RunStatus.TLE, None, None, limits.cpu_ms, result.wall_ms, result.memory_kb)
    rejected = played.validator.result.exit_code == 43 and judged.verdict is Verdict.WA
    failed = _failed(result)
    validator_decides = judged.verdict is Verdict.JE or (rejected and played.validator_first)
    check = failed if failed is not None and not validator_decides else judged
    if rejected and played.validator_first and result.cpu_ms > limits.cpu_ms:
        # What the program did after the validator had rejected it does not count, its time beyond the limit neither.
        result = RunResult(
            result.status, result.exit_code, result.signal, limits.cpu_ms, result.wall_ms, result.memory_kb
        )
    return _Pass(check, result, left, rejected)
