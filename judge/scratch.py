"""How a Scratch task takes a project's output: what sprites say or think, a variable's final value, or a list.

A Kattis package states it in ``problem.yaml``::

    scratch:
      output: variable      # say (the default), variable or list
      name: tổng            # the variable's or list's name, for those two

A Themis task (and a package that says nothing) takes what sprites say or think, one line each.
"""

from __future__ import annotations

import enum
import logging
import re
import secrets
import signal
from dataclasses import dataclass, replace
from pathlib import Path

from sandbox.languages import Language
from sandbox.limits import Limits
from sandbox.result import RunResult, RunStatus
from sandbox.scratch import LANGUAGE_KEY
from sandbox.session import Session

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault


class ScratchOutputKind(enum.StrEnum):
    SAY = "say"  # every "say" and "think" (not the questions "ask" shows), one line each
    VARIABLE = "variable"  # the final value of a variable, one line
    LIST = "list"  # the final items of a list, one line each


@dataclass(frozen=True)
class ScratchOutput:
    """A task's convention; ``name`` names the variable or list (empty for ``say``)."""

    kind: ScratchOutputKind = ScratchOutputKind.SAY
    name: str = ""

    def args(self) -> tuple[str, ...]:
        """The runner's arguments (``sandbox/scratch/runner.js``) that take the output this way."""
        if self.kind is ScratchOutputKind.SAY:
            return ()
        return (f"--{self.kind.value}", self.name)


SAY = ScratchOutput()

log = logging.getLogger(__name__)

STARTUP_CAP_MS = 20_000
"""The CPU time the runtime's start may take in ``measure_startup`` (it takes ~0.7 s, 2 s on the slowest host seen)."""

START_MARK_ARG = "--start-mark"
"""The runner's argument (``sandbox/scratch/runner.js``) naming the token of the line that states the start's CPU ms."""


@dataclass(frozen=True)
class Startup:
    """What the runtime (Node, scratch-vm, loading the project) costs before the green flag: not the pupil's. Zero
    for every language but Scratch: a program's own start (a JVM's, Python's) is charged to it, as the references
    charge it.

    ``cpu_ms`` is the start measured once (``measure_startup``). Each run of the project states its own start on
    stderr, on a line led by ``mark``, the run's secret token (``args``), and ``settle`` takes that run's own start
    from it: a start costs more CPU on a loaded host than when it was measured (0.3 s more was seen), and none of
    that is the pupil's. The sandbox's cap is the problem's limit with twice the measured start added, so that a
    slower start still reaches the green flag; TLE is decided on the project's own time."""

    cpu_ms: int = 0
    mark: str = ""

    def limits(self, limits: Limits) -> Limits:
        """The sandbox's cap for a run of the problem's ``limits``: the CPU limit (and an explicit wall-clock cap)
        with twice the measured start added."""
        if self.cpu_ms == 0:
            return limits
        room = 2 * self.cpu_ms
        wall_ms = None if limits.wall_ms is None else limits.wall_ms + room
        return limits.with_(cpu_ms=limits.cpu_ms + room, wall_ms=wall_ms)

    def args(self) -> tuple[str, ...]:
        """The runner's arguments that make a run state its start (none without a token)."""
        return (START_MARK_ARG, self.mark) if self.mark else ()

    def charged(self, cpu_ms: int) -> int:
        """The project's own share of ``cpu_ms`` when the run's own start is not known: past the measured start,
        never negative."""
        return max(0, cpu_ms - self.cpu_ms)

    def settle(self, result: RunResult, limits: Limits) -> RunResult:
        """``result`` as the project's own: its start (the run's own line, else the measured start) taken from its
        CPU and wall-clock times, the line removed from its stderr, and TLE when what is left passes the problem's
        ``limits`` though the sandbox's wider cap let the run end."""
        if self.cpu_ms == 0:
            return result
        stderr, start_ms = _take_mark(result.stderr, self.mark)
        start_ms = self.cpu_ms if start_ms is None else start_ms
        cpu_ms = max(0, result.cpu_ms - start_ms)
        wall_ms = max(0, result.wall_ms - start_ms)
        status = result.status
        over = cpu_ms > limits.cpu_ms or (limits.wall_ms is not None and wall_ms > limits.wall_ms)
        if over and status in (RunStatus.OK, RunStatus.RE):
            status = RunStatus.TLE
        return replace(result, status=status, cpu_ms=cpu_ms, wall_ms=wall_ms, stderr=stderr)

    def over_limit(self, cpu_ms: int, limits: Limits) -> bool:
        """Whether a run of ``cpu_ms`` whose own start is not known (an interactive run's) passes ``limits``
        though the sandbox's wider cap let it end; never without a start (the sandbox's verdict stands)."""
        return self.cpu_ms > 0 and self.charged(cpu_ms) > limits.cpu_ms


NO_STARTUP = Startup()


def _take_mark(stderr: bytes, mark: str) -> tuple[bytes, int | None]:
    """``stderr`` without its first line ``<mark> <ms>``, and that ``ms`` (``None`` when there is no such line)."""
    if not mark:
        return stderr, None
    found = re.search(rb"(?m)^" + re.escape(mark.encode()) + rb" (\d{1,9})\n", stderr)
    if found is None:
        return stderr, None
    before = stderr[: found.start()]
    before = before[:-1] if before.endswith(b"\n") else before  # the newline the runner writes ahead of its line
    return before + stderr[found.end() :], int(found.group(1))


def measure_startup(session: Session, language: Language, limits: Limits) -> Startup:
    """The start-up of the program compiled in ``session`` (``Startup``), measured by running it once: for a Scratch
    project, the runner started with ``--max-frames 0``, which starts Node and scratch-vm, loads this very project,
    clicks the green flag and stops before the first frame (SIGXCPU, as at its frame cap), so no block of the project
    runs. The sandbox's own count of CPU time measures it, as it measures the tests. The ``Startup`` holds a new
    secret token for the runs' own lines. ``NO_STARTUP`` for every other language, and when the run ended otherwise
    (the project's tests then end as that run did: at the memory limit, say), which is logged."""
    if language.key != LANGUAGE_KEY:
        return NO_STARTUP
    result = session.run(limits.with_(cpu_ms=STARTUP_CAP_MS, wall_ms=None), args=("--max-frames", "0")).result
    if result.status is RunStatus.TLE and result.signal == signal.SIGXCPU and result.cpu_ms < STARTUP_CAP_MS:
        return Startup(result.cpu_ms, secrets.token_hex(16))
    log.warning("the Scratch runtime's start could not be measured: it ended %s (%s)", result.status, result.signal)
    return NO_STARTUP


def run_args(output: ScratchOutput, language: Language) -> tuple[str, ...]:
    """The arguments a run of a program in ``language`` gets: the convention's for Scratch, none for the rest."""
    return output.args() if language.key == "scratch" else ()


def drains_stdout(language: Language) -> bool:
    """Whether a program's stdout past the output limit is drained rather than stopped (``Session.run``): as the
    references run programs, for every language but Scratch, whose project that says without end is OLE."""
    return language.key != "scratch"


def read_scratch_output(value: object, path: Path) -> ScratchOutput:
    """The convention ``problem.yaml``'s ``scratch`` key states; ``ProblemError`` when it is not one."""
    if value is None:
        return SAY
    if not isinstance(value, dict) or set(value) - {"output", "name"}:
        raise ProblemError(fault(F.KATTIS_SCRATCH_OUTPUT, path))
    try:
        kind = ScratchOutputKind(value.get("output", "say"))
    except ValueError:
        raise ProblemError(fault(F.KATTIS_SCRATCH_OUTPUT, path)) from None
    name = value.get("name", "")
    if not isinstance(name, str) or (kind is ScratchOutputKind.SAY) != (name.strip() == ""):
        raise ProblemError(fault(F.KATTIS_SCRATCH_OUTPUT, path))
    return ScratchOutput(kind, name.strip())
