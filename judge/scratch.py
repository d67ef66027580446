"""How a Scratch task takes a project's output: what sprites say or think, a variable's final value, or a list.

A Kattis package states it in ``problem.yaml``::

    scratch:
      output: variable      # say (the default), variable or list
      name: tổng            # the variable's or list's name, for those two

A Themis task (and a package that says nothing) takes what sprites say or think, one line each.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from sandbox.languages import Language

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
