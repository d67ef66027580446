"""Running a program once on input the contestant chose (CMS's user tests, Codeforces' custom invocation): the
program is compiled and run as grading would run it on a test of the problem (same limits, files and text
handling), and what it printed is given back instead of being checked against an answer."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sandbox.languages import Language
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError

from . import program_cache
from .checker_verdicts import windows_text
from .errors import JudgeError, ProblemError
from .faults import FaultCode as F
from .faults import fault
from .grader import _input_names, _output_names, require_language
from .problem import Problem
from .scratch import drains_stdout, measure_startup, run_args
from .windows_sources import as_windows_compiles

log = logging.getLogger(__name__)

OUTPUT_SHOWN_BYTES = 64 * 1024
"""At most this much of the program's output is given back (the sandbox itself stops it at the output limit)."""
STDERR_SHOWN_BYTES = 8 * 1024


@dataclass(frozen=True)
class CustomRun:
    """How one run ended. ``outcome`` is ``CE`` when the source did not compile, else the sandbox's run status
    (``OK``, ``TLE``, ``MLE``, ``RE``, ``OLE``). ``output`` is what the program wrote (the problem's output file
    when it wrote one, else stdout), cut to ``OUTPUT_SHOWN_BYTES`` (``output_truncated`` then)."""

    outcome: str
    compile_output: str
    exit_code: int | None = None
    signal: int | None = None
    time_ms: int = 0
    memory_kb: int = 0
    output: bytes = b""
    output_truncated: bool = False
    stderr: bytes = b""


def run_on_input(
    problem: Problem, source: bytes, language: Language, backend: Backend, stdin: bytes, limits: Limits | None = None
) -> CustomRun:
    """Compile ``source`` and run it once on ``stdin`` under the problem's limits (or ``limits``).

    The input is given as a test's input is: on stdin and under the problem's input file names, as Windows reads
    text for a Themis task (``windows_text``); a Scratch project's output is taken by the problem's convention
    (``judge.scratch``), as grading takes it, and its runtime's start is not charged to it. Interactive and
    multi-pass problems need their validator to run: ``ProblemError``.
    Raises ``JudgeError`` when the sandbox fails, so that the caller retries, and ``LanguageUnavailable`` when
    the backend cannot run ``language`` here.
    """
    if problem.checker.interactive or problem.checker.multi_pass:
        raise ProblemError(fault(F.RUN_NOT_ALONE, problem.name))
    require_language(backend, language)
    limits = limits or problem.limits()
    if problem.format == "themis":
        stdin = windows_text(stdin)
        source = as_windows_compiles(source, language)
    files = dict.fromkeys(_input_names(problem.input_file), stdin)
    collect = _output_names(problem.output_file)
    try:
        with backend.open_session() as session:
            compiled = program_cache.prepare(session, backend, language, source, problem.compile_limits())
            if not compiled.ok:
                return CustomRun("CE", compiled.output)
            startup = measure_startup(session, language, limits)
            execution = session.run(
                startup.limits(limits),
                stdin=stdin,
                files=files,
                args=run_args(problem.scratch_output, language) + startup.args(),
                collect=collect,
                stdout_if_no_file=bool(collect),
                drain_stdout=drains_stdout(language),
            )
    except SandboxError as exc:
        log.warning("sandbox failed while running a program of %s: %s", problem.name, exc)
        raise JudgeError(f"sandbox failed while running a program of {problem.name}: {exc}") from exc
    result = startup.settle(execution.result, limits)
    output = next((execution.files[n] for n in collect if n in execution.files), result.stdout)
    return CustomRun(
        outcome=str(result.status),
        compile_output=compiled.output,
        exit_code=result.exit_code,
        signal=result.signal,
        time_ms=result.cpu_ms,
        memory_kb=result.memory_kb,
        output=output[:OUTPUT_SHOWN_BYTES],
        output_truncated=len(output) > OUTPUT_SHOWN_BYTES,
        stderr=result.stderr[-STDERR_SHOWN_BYTES:],
    )
