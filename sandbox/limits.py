"""Resource limits for one run of an untrusted program."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    """What one run may use.

    ``wall_ms`` of ``None`` means the default wall-clock cap: max(2 x CPU limit, CPU limit + 1 s).
    The stack may grow up to the memory limit, so deep recursion works as in a contest judge.
    """

    cpu_ms: int = 1000
    wall_ms: int | None = None
    memory_kb: int = 256 * 1024
    output_bytes: int = 64 * 1024 * 1024
    file_bytes: int = 64 * 1024 * 1024
    processes: int = 64

    @property
    def effective_wall_ms(self) -> int:
        """The wall-clock cap in force: the explicit one, else max(2 x CPU, CPU + 1 s)."""
        if self.wall_ms is not None:
            return self.wall_ms
        return max(2 * self.cpu_ms, self.cpu_ms + 1000)

    def with_(self, **changes: int | None) -> Limits:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


COMPILE_LIMITS = Limits(
    cpu_ms=30_000,
    wall_ms=45_000,
    memory_kb=512 * 1024,
    output_bytes=64 * 1024 * 1024,
    file_bytes=64 * 1024 * 1024,
    processes=64,
)
