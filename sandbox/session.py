"""The contract every sandbox backend fulfils: one session per submission."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from .languages import Language
from .limits import COMPILE_LIMITS, Limits
from .result import RunResult


class SandboxError(Exception):
    """A fault of the sandbox itself (engine down, image missing, harness broken): never the contestant's."""


@dataclass(frozen=True)
class Program:
    """A compiled program that can be installed into another session instead of compiling it again: the files
    ``compile`` kept (``Language.program``) and the names its commands use (``Language.names``)."""

    language: Language
    files: Mapping[str, bytes]
    names: Mapping[str, str]


@dataclass(frozen=True)
class CompileResult:
    """The outcome of compiling one source; ``output`` is the compiler's messages, truncated for display.

    ``program`` is the compiled program when it was asked for and the compilation succeeded."""

    ok: bool
    output: str
    run: RunResult
    program: Program | None = None


@dataclass(frozen=True)
class Execution:
    """One run of the compiled program, with the files it was asked to give back."""

    result: RunResult
    files: dict[str, bytes] = field(default_factory=dict)


class Session(abc.ABC):
    """An isolated place to compile one program and run it many times.

    Promises, on every backend:
    - nothing inside reaches the network, the judge's environment, or any file outside the working directory
      (which is the only writable place);
    - before each run the working directory holds only the compiled program and the files given to that run;
      processes and files left by the previous run are gone;
    - ``close`` removes everything the session made, even after a fault, and may be called twice.
    """

    @abc.abstractmethod
    def compile(
        self, language: Language, source: bytes, limits: Limits = COMPILE_LIMITS, *, give_program: bool = False
    ) -> CompileResult:
        """Compile ``source``; on success the program is kept in the session for ``run`` (and, with
        ``give_program``, returned as ``CompileResult.program``)."""

    @abc.abstractmethod
    def install(self, program: Program) -> None:
        """Keep ``program`` (compiled in another session) for ``run``, as if it had been compiled here."""

    @abc.abstractmethod
    def run(
        self,
        limits: Limits,
        *,
        stdin: bytes = b"",
        files: Mapping[str, bytes] | None = None,
        args: Sequence[str] = (),
        collect: Sequence[str] = (),
        excerpts: Mapping[str, int] | None = None,
        stdout_kept: int | None = None,
        stdout_tail: int = 0,
        stdout_if_no_file: bool = False,
        drain_stdout: bool = False,
    ) -> Execution:
        """Run the compiled program once with ``stdin`` and ``files`` placed in the working directory.

        Files named in ``collect`` that the program left in the working directory are returned (each capped
        at ``limits.file_bytes``, or at the bytes ``excerpts`` names for one: its start only); absent ones are simply
        missing from ``Execution.files``. The result keeps all
        of stdout (up to ``limits.output_bytes``, past which the run is stopped: OLE), or its first
        ``stdout_kept`` bytes, the rest counted against that limit and dropped as it comes; with ``stdout_tail``, its
        last ``stdout_tail`` bytes too, after a line saying how many bytes went between (a checker's score line
        after a comment that echoes a long output). ``RunResult.stderr`` keeps stderr's start and its end alike.

        ``drain_stdout`` (a contestant's program, as the references run it): stdout past ``limits.output_bytes``
        does not stop the run; the rest is dropped as it comes (the program's time bounds it), and the run is OLE
        for it only when it ended within its time and memory limits and without a crash, as problemtools judges the
        output's size after the run: a program that writes without end gets TLE, one that crashes after writing
        too much RE. ``stdout_if_no_file`` (implies ``drain_stdout``): the output is a ``collect`` file when the
        program leaves one, stdout only when it leaves none (a Themis file task, whose console Themis ignores): no
        OLE for stdout when a ``collect`` file is left.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Destroy the session and everything in it."""

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class Backend(abc.ABC):
    """A way of making sessions (Docker, bubblewrap)."""

    name: str
    image: str | None = None
    """The image its sessions run from (Docker's tag), or None when they run on the host's own files."""
    destroy_anywhere = False
    """Whether its sandboxes may be destroyed by another process than the one that opened them (a container
    belongs to the engine; a bubblewrap sandbox is a child of its opener)."""

    @abc.abstractmethod
    def check(self) -> str | None:
        """``None`` when this backend works on this machine, else the reason it does not, in plain words."""

    def quick_check(self) -> str | None:
        """``check`` without what costs a sandbox's start (bubblewrap's trial session): for a caller about to open a
        session anyway, whose start is then the trial (its failure a ``SandboxError`` of ``open_session``)."""
        return self.check()

    def unavailable(self) -> dict[str, str]:
        """The languages (keys of ``sandbox.languages``) this backend cannot run here, each with why in plain words;
        every other language runs once ``check`` passes. Only an optional runtime (Scratch's) is ever missing so:
        its absence never makes the whole backend unusable."""
        return {}

    @abc.abstractmethod
    def open_session(self) -> Session:
        """A fresh session; raises ``SandboxError`` when the backend cannot make one."""

    def open_handed_over(self) -> Session:
        """The first session of a command that grades once (``hoithi judge run``): one that an earlier command on
        this host left ready and that was never used, where the backend keeps such (Docker:
        ``sandbox/handover.py``), else a fresh one."""
        return self.open_session()

    def ready_next(self) -> Callable[[], None] | None:
        """What leaves a sandbox ready for the next such command on this host, to be run in a process of its own
        once this one has graded; None (the default) when the backend leaves none."""
        return None
