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
import signal
from dataclasses import dataclass
from pathlib import Path

from sandbox.languages import Language
from sandbox.limits import Limits
from sandbox.result import RunStatus
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


@dataclass(frozen=True)
class Startup:
    """What the runtime (Node, scratch-vm, loading the project) costs before the green flag, in CPU ms: not the
    pupil's, so it is added to every run's CPU limit and taken from the time the run reports. Zero for every
    language but Scratch: a program's own start (a JVM's, Python's) is charged to it, as the references charge it."""

    cpu_ms: int = 0

    def limits(self, limits: Limits) -> Limits:
        """``limits`` with the start-up added to the CPU limit (and to an explicit wall-clock cap): TLE when the
        project's own work passes the problem's limit."""
        if self.cpu_ms == 0:
            return limits
        wall_ms = None if limits.wall_ms is None else limits.wall_ms + self.cpu_ms
        return limits.with_(cpu_ms=limits.cpu_ms + self.cpu_ms, wall_ms=wall_ms)

    def charged(self, cpu_ms: int) -> int:
        """The project's own share of a run's CPU time ``cpu_ms``: what is past the start-up, never negative."""
        return max(0, cpu_ms - self.cpu_ms)


NO_STARTUP = Startup()


def measure_startup(session: Session, language: Language, limits: Limits) -> Startup:
    """The start-up of the program compiled in ``session`` (``Startup``), measured by running it once: for a Scratch
    project, the runner started with ``--max-frames 0``, which starts Node and scratch-vm, loads this very project,
    clicks the green flag and stops before the first frame (SIGXCPU, as at its frame cap), so no block of the project
    runs. The sandbox's own count of CPU time measures it, as it measures the tests. ``NO_STARTUP`` for every other
    language, and when the run ended otherwise (the project's tests then end as that run did: at the memory limit,
    say), which is logged."""
    if language.key != LANGUAGE_KEY:
        return NO_STARTUP
    result = session.run(limits.with_(cpu_ms=STARTUP_CAP_MS, wall_ms=None), args=("--max-frames", "0")).result
    if result.status is RunStatus.TLE and result.signal == signal.SIGXCPU and result.cpu_ms < STARTUP_CAP_MS:
        return Startup(result.cpu_ms)
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
