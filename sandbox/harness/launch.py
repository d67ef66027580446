"""Starting a run's program: its limits held from its first instruction, its signals as a program expects them, in
its run's cgroup and behind the fence of ``landlock``, by ``posix_spawn`` (cgroup v1) or by a forked child of the
harness (v2)."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
from typing import Any

from .cgroup import RunCgroup
from .common import PROGRAM_ENV, HarnessFault
from .landlock import fence_ruleset
from .seccomp import Limiter

SHARED_RLIMITS = (
    (resource.RLIMIT_STACK, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)),
    (resource.RLIMIT_CORE, (0, 0)),
    (resource.RLIMIT_MSGQUEUE, (0, 0)),
    (resource.RLIMIT_NICE, (0, 0)),  # a program lowers its priority for good (``monitor``: its waits are its own)
    (resource.RLIMIT_NOFILE, (256, 256)),
)
"""The rlimits of every run, whatever its limits (see ``Launcher.child``)."""
DEFAULT_SIGNALS = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU)
"""Signals the harness ignores (Python ignores the first two, ``Launcher`` the last) and a program must not."""


def _backstops(limits: dict[str, Any]) -> tuple[int, int]:
    """A run's RLIMIT_CPU (seconds, a backstop: the monitor's watch of the cgroup's CPU time is more precise) and
    RLIMIT_FSIZE (bytes)."""
    return math.ceil(limits["cpu_ms"] / 1000) + 1, limits["file_bytes"] + 1


class Launcher:
    """Starts the programs of the harness's main thread, which makes it (its limits, priority and signals are then
    set for every program it starts: the rlimits every run shares, SIGXCPU ignored)."""

    def __init__(self) -> None:
        for which, value in SHARED_RLIMITS:
            resource.setrlimit(which, value)
        # lowered for the moment of each spawn (``spawn``); past its soft CPU limit the kernel sends SIGXCPU
        self._own_limits = {which: resource.getrlimit(which) for which in (resource.RLIMIT_CPU, resource.RLIMIT_FSIZE)}
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        self._fence = fence_ruleset()  # programs change nothing beneath /cgroup (``landlock``)
        self._limiter = Limiter()  # sets a spawned program's limits (``spawn``), which the main thread may not
        self._limiter.start()

    def spawn(self, path: str, argv: list[str], limits: dict[str, Any], fds: list[int], cgroup: RunCgroup) -> int:
        """Start the program without forking the harness (cgroup v1): ``posix_spawn`` (a vfork, which copies no page
        tables and leaves no copy-on-write faults behind; ~3 ms of CPU time a run less than a fork of the harness)
        into the run's cgroup (``RunCgroup.spawn``), as ``child`` starts it.

        What ``posix_spawn`` cannot set in the child, its CPU time and file size limits, are set as the harness's
        own soft limits for the moment of the spawn, so that they hold from the program's first instruction (the
        harness ignores SIGXCPU, its hard limits stay), and then as the program's soft and hard limits."""
        cpu_s, fsize = _backstops(limits)
        actions = [(os.POSIX_SPAWN_DUP2, fd, target) for target, fd in enumerate(fds)]

        def start() -> int:
            try:
                for which, soft in ((resource.RLIMIT_CPU, cpu_s), (resource.RLIMIT_FSIZE, fsize)):
                    hard = self._own_limits[which][1]
                    resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
                return os.posix_spawn(
                    path, argv, PROGRAM_ENV, file_actions=actions, setpgroup=0, setsigdef=DEFAULT_SIGNALS
                )
            except OSError as exc:
                raise HarnessFault(f"cannot execute {argv[0]}: {exc}") from exc
            finally:
                for which, own in self._own_limits.items():
                    resource.setrlimit(which, own)

        pid = cgroup.spawn(start, self._fence)
        with contextlib.suppress(ProcessLookupError):  # it may be gone already
            self._limiter.hold(pid, cpu_s, fsize)
        return pid

    def child(
        self, path: str, argv: list[str], limits: dict[str, Any], fds: list[int], err_w: int, cgroup: RunCgroup
    ) -> None:
        """In the forked child (cgroup v2): isolate, limit, join the run's cgroup, exec. Reports a failure to exec
        through ``err_w``. It inherits the working directory, the core and the rlimits every run shares
        (``Launcher``): a forked copy of the harness pays for every object it touches, so it touches few.

        Memory and the process count are the cgroup's to limit, as the kernel counts them: no RLIMIT_AS, so that
        what a program reserves and never touches (thread stacks, a large static array) costs it nothing. The
        stack is unlimited (the memory limit bounds it), so deep recursion works as in a contest judge and threads
        get glibc's default 2 MiB stacks."""
        try:
            # A process group of its own, not a session: the sandbox's session has no terminal already, and a new
            # session would be a new scheduling group under autogroup, escaping the judge's lower priority.
            os.setpgid(0, 0)
            for ignored_by_the_harness in DEFAULT_SIGNALS:  # an ignored signal stays so after exec
                signal.signal(ignored_by_the_harness, signal.SIG_DFL)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            cpu_s, fsize = _backstops(limits)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            cgroup.join(self._fence)  # last: what the child touched before belongs to the harness
            os.execve(path, argv, PROGRAM_ENV)
        except BaseException as exc:  # the child must never return into the harness
            try:
                os.write(err_w, repr(exc).encode())
            finally:
                os._exit(127)
