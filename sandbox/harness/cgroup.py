"""One run's cgroup, made fresh under the folder(s) the host delegated to the sandbox (``sandbox/cgroups.py``).

Its limits are set before the program starts, and the program is in it from its first instruction: on cgroup v1 it is
born there (``RunCgroup.spawn``), on v2 the forked child joins it just before ``exec``; afterwards the kernel's
counts are read: peak memory (every process and thread, and the files, memfds and shared memory the run made),
whether the kernel's OOM killer had to act, and the CPU time of all its processes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from .common import HarnessFault
from .landlock import restrict_thread

MOUNT = "/cgroup"
V1_CONTROLLERS = ("memory", "pids", "cpuacct")
_home: list[int] = []
"""v1: the ``tasks`` files of the delegated folders, where the harness's thread goes back after each spawn."""


def _read(path: str) -> str:
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return ""


def _write(path: str, value: str, optional: bool = False) -> None:
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        if optional:
            return
        raise
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _field(text: str, name: str) -> int:
    """The number after ``name`` in a ``key value`` file (0 when absent)."""
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            return int(value)
    return 0


class RunCgroup:
    """The cgroup of one run, made ahead of need (while the previous run's answer travels back) so that a run
    only writes its limits into it. ``limit`` sets ``memory_bytes`` (no swap) and ``processes``, which bind
    everything the run starts."""

    def __init__(self, version: str, serial: int) -> None:
        self.v2 = version == "v2"
        if self.v2:
            self.dirs = {"unified": f"{MOUNT}/r{serial}"}
        else:
            self.dirs = {c: f"{MOUNT}/{c}/r{serial}" for c in V1_CONTROLLERS}
        self._procs: list[int] = []
        self._processes = 0
        try:
            for folder in self.dirs.values():
                os.mkdir(folder)
            # opened now, so that starting the program only writes: v1 moves the harness's thread (``tasks``), v2
            # the forked child (``cgroup.procs``)
            flags = os.O_WRONLY | os.O_CLOEXEC
            members = "cgroup.procs" if self.v2 else "tasks"
            self._procs = [os.open(f"{folder}/{members}", flags) for folder in self.dirs.values()]
            if not self.v2 and not _home:
                _home.extend(os.open(f"{MOUNT}/{c}/tasks", flags) for c in V1_CONTROLLERS)
        except OSError as exc:
            self.remove()
            raise HarnessFault(f"cannot make the run's cgroup: {exc}") from exc

    def limit(self, memory_bytes: int, processes: int) -> None:
        """Set the run's limits (before its program starts)."""
        try:
            if self.v2:
                here = self.dirs["unified"]
                _write(f"{here}/memory.max", str(memory_bytes))
                _write(f"{here}/memory.swap.max", "0", optional=True)
                _write(f"{here}/memory.oom.group", "1", optional=True)
                _write(f"{here}/pids.max", str(processes))
            else:
                _write(f"{self.dirs['memory']}/memory.limit_in_bytes", str(memory_bytes))
                _write(f"{self.dirs['memory']}/memory.memsw.limit_in_bytes", str(memory_bytes), optional=True)
                # one more while the harness's thread is inside to start the program (``spawn``)
                _write(f"{self.dirs['pids']}/pids.max", str(processes + 1))
            self._processes = processes
        except OSError as exc:
            raise HarnessFault(f"cannot limit the run's cgroup: {exc}") from exc

    @property
    def spawns(self) -> bool:
        """Whether the program is started by ``spawn`` (v1) rather than by a forked child that ``join``s (v2)."""
        return not self.v2

    def spawn(self, start: Callable[[], int], fence: int | None) -> int:
        """v1: call ``start``, which starts the program without a fork (``posix_spawn``) and returns its pid, on a
        thread of its own inside the run's cgroups and inside ``fence`` (``landlock.restrict_thread``: the program
        can change nothing beneath ``/cgroup``), so that the program is born in them; then move the thread back to
        the delegated folders and set the process limit the program sees. The thread then ends: its fence is for
        good.

        v1 lets one thread move alone (``tasks``), and a new process takes the cgroups of the thread that made it.
        v2 keeps a process's threads together, and only the harness's own cgroup may move it back out: there the
        child joins (``join``). While the thread is inside, the run counts it as one process (hence ``limit``'s
        one more, taken back here before the thread leaves: the program never has more than ``processes``) and
        charges it the clone of the program (some microseconds of CPU time)."""
        # opened before the fence, which refuses opening it afterwards
        pids_max = os.open(f"{self.dirs['pids']}/pids.max", os.O_WRONLY | os.O_CLOEXEC)
        outcome: list[int | BaseException] = []

        def spawn_fenced() -> None:
            try:
                outcome.append(self._spawn_fenced(start, fence, pids_max))
            except BaseException as exc:
                outcome.append(exc)

        try:
            thread = threading.Thread(target=spawn_fenced, name="spawn")
            thread.start()
            thread.join()
        finally:
            os.close(pids_max)
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _spawn_fenced(self, start: Callable[[], int], fence: int | None, pids_max: int) -> int:
        try:
            for tasks in self._procs:
                os.write(tasks, b"0")
            restrict_thread(fence)
        except OSError as exc:
            self._go_home()
            raise HarnessFault(f"cannot enter the run's cgroup: {exc}") from exc
        try:
            return start()
        finally:
            try:  # before the thread leaves, so that the program never has room for one more
                os.write(pids_max, str(self._processes).encode())
            finally:
                self._go_home()

    def _go_home(self) -> None:
        for tasks in _home:
            os.write(tasks, b"0")

    def join(self, fence: int | None) -> None:
        """v2: move the calling process (the forked child, just before ``exec``) into the run's cgroup, and inside
        ``fence`` (``landlock.restrict_thread``)."""
        for procs in self._procs:
            os.write(procs, b"0")
        restrict_thread(fence)

    def cpu_seconds(self) -> float:
        """CPU time of every process the run started, alive or dead."""
        if self.v2:
            return _field(_read(f"{self.dirs['unified']}/cpu.stat"), "usage_usec") / 1e6
        text = _read(f"{self.dirs['cpuacct']}/cpuacct.usage").strip()
        return int(text or 0) / 1e9

    def peak_bytes(self) -> int:
        if self.v2:
            text = _read(f"{self.dirs['unified']}/memory.peak").strip()
        else:
            text = _read(f"{self.dirs['memory']}/memory.max_usage_in_bytes").strip()
        return int(text or 0)

    def oom_killed(self) -> bool:
        """Whether the kernel killed a process of the run for want of memory."""
        if self.v2:
            events = _read(f"{self.dirs['unified']}/memory.events")
            return _field(events, "oom_kill") > 0 or _field(events, "oom_group_kill") > 0
        return _field(_read(f"{self.dirs['memory']}/memory.oom_control"), "oom_kill") > 0

    def remove(self) -> None:
        """Remove the cgroup once its processes are gone (reaped processes may take a moment to leave it)."""
        for fd in self._procs:
            os.close(fd)
        self._procs = []
        for folder in self.dirs.values():
            deadline = time.monotonic() + 1.0
            while True:
                try:
                    os.rmdir(folder)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break  # the session's cgroup goes with the sandbox
                    time.sleep(0.0005)
