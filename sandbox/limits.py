"""Resource limits for one run of an untrusted program."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypedDict, Unpack


@dataclass(frozen=True)
class Limits:
    """What one run may use.

    ``cpu_ms`` decides TLE: CPU time of every process and thread of the run. ``wall_ms`` is only a safety net for
    programs that wait; ``None`` means the default, max(2 x CPU limit, CPU limit + 1 s), counted without the time
    the program waited for a busy CPU. ``memory_kb`` binds everything the run holds in memory as the kernel's
    cgroup accounting counts it (all processes and threads, files it writes in its box or any tmpfs, memfds,
    shared memory); the stack may grow up to it, so deep recursion works as in a contest judge. ``output_bytes``
    caps stdout (and stderr), ``file_bytes`` every file the program writes; ``processes`` counts processes and
    threads at once. The output defaults are Kattis's (8 MiB).
    """

    cpu_ms: int = 1000
    wall_ms: int | None = None
    memory_kb: int = 256 * 1024
    output_bytes: int = 8 * 1024 * 1024
    file_bytes: int = 8 * 1024 * 1024
    processes: int = 64

    @property
    def effective_wall_ms(self) -> int:
        """The wall-clock cap in force: the explicit one, else max(2 x CPU, CPU + 1 s)."""
        if self.wall_ms is not None:
            return self.wall_ms
        return max(2 * self.cpu_ms, self.cpu_ms + 1000)

    def scaled_time(self, factor: float) -> Limits:
        """A copy with ``factor`` times the CPU limit (a contest's multiplier for a language): the default wall cap
        follows the CPU limit, an explicit one is scaled too."""
        if factor == 1:
            return self
        wall_ms = None if self.wall_ms is None else max(1, round(self.wall_ms * factor))
        return replace(self, cpu_ms=max(1, round(self.cpu_ms * factor)), wall_ms=wall_ms)

    def with_(self, **changes: Unpack[LimitChanges]) -> Limits:
        """A copy with some fields changed."""
        return replace(self, **changes)


class LimitChanges(TypedDict, total=False):
    """The fields of ``Limits`` that ``Limits.with_`` may change, each with its own type."""

    cpu_ms: int
    wall_ms: int | None
    memory_kb: int
    output_bytes: int
    file_bytes: int
    processes: int


COMPILE_LIMITS = Limits(
    cpu_ms=60_000,
    wall_ms=90_000,
    memory_kb=1024 * 1024,
    output_bytes=64 * 1024 * 1024,
    file_bytes=64 * 1024 * 1024,
    processes=64,
)
"""What a compilation may use unless a package says otherwise: problemtools' defaults of a package's
``limits.compilation_time`` (60 s) and ``compilation_memory`` (1024 MiB), so that what compiles there compiles
here (docs/judge.md, "Compile limits")."""
