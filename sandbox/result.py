"""What a sandboxed run reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RunStatus(enum.StrEnum):
    """How a run ended, as seen by the sandbox (not yet a judge verdict)."""

    OK = "OK"  # exited with status 0 within every limit
    TLE = "TLE"  # CPU or wall-clock limit exceeded
    MLE = "MLE"  # memory limit exceeded
    RE = "RE"  # non-zero exit or killed by a signal
    OLE = "OLE"  # output or file size limit exceeded


@dataclass(frozen=True)
class RunResult:
    """The measurements of one run.

    ``stdout`` and ``stderr`` are capped copies (the caps belong to the backend); ``cpu_ms`` counts the
    program and all its children, from the kernel's accounting; ``memory_kb`` is the peak.
    """

    status: RunStatus
    exit_code: int | None
    signal: int | None
    cpu_ms: int
    wall_ms: int
    memory_kb: int
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status is RunStatus.OK
