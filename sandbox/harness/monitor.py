"""The harness's helper thread: it drains a run's output with a cap and enforces its wall-clock and CPU limits."""

from __future__ import annotations

import os
import selectors
import threading
import time
from collections.abc import Callable
from typing import Protocol

from .common import HarnessFault

_CPUS = max(1, len(os.sched_getaffinity(0)))


class _RunControl(Protocol):
    """What the monitor needs of the harness: whether a program is running, and a way to stop it."""

    @property
    def running(self) -> bool: ...

    def stop(self, reason: str) -> None: ...


class Capture:
    """One output pipe of a run: a copy of its first ``keep`` bytes and a count of all of them, and with ``tail``
    a copy of its last ``tail`` bytes past those (``kept``). ``sink``, when given, gets every chunk as it comes, up
    to the limit (a streaming run's stdout), and ``b""`` when the program closed the pipe while it still runs (not
    when it closes it by ending). Past ``limit`` the run is stopped, unless ``drop``: then the rest is counted and
    dropped by the kernel as it comes (spliced to /dev/null, never copied), at the cost of the program's own
    time."""

    def __init__(
        self,
        fd: int,
        keep: int,
        limit: int,
        sink: Callable[[bytes], None] | None = None,
        *,
        drop: bool = False,
        tail: int = 0,
    ) -> None:
        self.fd = fd
        self.keep = keep
        self.limit = limit
        self.sink = sink
        self.drop = drop
        self.tail = tail
        self.data = bytearray()
        self.end = bytearray()
        self.total = 0
        self.seen = 0
        """The bytes ``take`` looked at: past ``limit`` a dropping capture looks at nothing more."""

    def take(self, chunk: bytes) -> None:
        """Keep what ``chunk`` adds to the first ``keep`` bytes, and to the last ``tail`` bytes after them."""
        self.seen += len(chunk)
        room = self.keep - len(self.data)
        if room > 0:
            self.data += chunk[:room]
            chunk = chunk[room:]
        if self.tail and chunk:
            self.end += chunk[-self.tail :]
            del self.end[: max(0, len(self.end) - self.tail)]

    def kept(self) -> bytes:
        """What was kept: the first bytes, then, when the pipe carried more, a line saying how much was left out
        between them and the last bytes (a program's or checker's last words: a traceback, testlib's verdict)."""
        dropped = self.total - self.seen  # a kept end is then no end: say so (stdout's kept start needs no note)
        after = f"\n[... {dropped} more bytes left out ...]\n".encode() if dropped and self.tail else b""
        if not self.end:
            return bytes(self.data) + after
        left_out = self.seen - len(self.data) - len(self.end)
        gap = f"\n[... {left_out} bytes left out ...]\n".encode() if left_out else b""
        return bytes(self.data) + gap + bytes(self.end) + after


class _CpuClock(Protocol):
    """The run's cgroup, as far as the monitor needs it."""

    def cpu_seconds(self) -> float: ...


STARVED_FACTOR = 10
"""A run whose wall-clock time passes this many times its cap while it mostly waited for a CPU is not judged: the
machine is too busy (a fault of the judge's, retried), never a TLE of the program's."""


IDLE_SAMPLE_S = 0.5
"""How often a run with an idle cap (``Watch.idle_s``) is looked at."""
IDLE_WORK_S = 0.005
"""Less CPU time than this between two looks, with no process runnable, is no work."""


class Watch:
    """What the monitor watches during one run.

    ``idle_s`` (a compilation's): the run is stopped once it has done no work for that long, none of its
    processes runnable or in a disk wait and its CPU time still: a compiler never waits for anything but its own
    processes, so one that does reads something that never ends (its own output's pipe, a terminal) and would
    otherwise wait out the wall-clock cap.

    The wall-clock cap is a safety net for programs that wait (sleep, block): it counts the time the program's
    main thread was neither running nor waiting for a CPU, so that a busy machine never stops a program whose CPU
    time is within its limit, while a sleeping one is stopped after one cap. A main thread that lowered its own
    priority (``nice``, ``SCHED_IDLE``) is excused no wait: it waits by its own doing (behind the harness that
    drains its output a byte at a time, as much as behind the host), and so is stopped at its cap, never judged as
    starved by a busy machine.
    """

    def __init__(
        self,
        captures: list[Capture],
        start: float,
        wall_s: float,
        cpu_s: float,
        pid: int,
        clock: _CpuClock,
        idle_s: float | None = None,
    ) -> None:
        self.captures = captures
        self.open = len(captures)
        self.drained = threading.Event()
        self.start = start
        self.wall_s = wall_s
        self.wall_deadline = start + wall_s
        self.cpu_s = cpu_s
        self.pid = pid
        self.clock = clock
        self.next_check = start + cpu_s / _CPUS
        self.idle_s = idle_s
        self.next_idle_check = start + IDLE_SAMPLE_S if idle_s else float("inf")
        self.worked_at = start
        self.last_cpu = 0.0
        self.clocks = True
        self.over = False
        """Set by ``Monitor.finish``: the run's processes are all gone."""


class Monitor(threading.Thread):
    """The harness's one helper thread, started once: during each run it drains the program's stdout and
    stderr (keeping capped copies, stopping the run as soon as it writes too much) and watches its clocks.

    RLIMIT_CPU counts one process in whole seconds; the monitor reads the run cgroup's CPU time, which counts
    every process and thread of the run. It samples rarely: first when the limit could first be reached, then at
    intervals that shrink with the time left.
    """

    def __init__(self, harness: _RunControl) -> None:
        super().__init__(daemon=True)
        self.harness = harness
        self._wake_r, self._wake_w = os.pipe()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._inbox: list[Watch] = []
        self._watch: Watch | None = None
        self._null = os.open(os.devnull, os.O_WRONLY | os.O_CLOEXEC)

    def begin(self, watch: Watch) -> None:
        """Start watching a run; its capture pipes now belong to the monitor, which closes them."""
        self._inbox.append(watch)
        os.write(self._wake_w, b"!")

    def finish(self, watch: Watch, timeout: float = 10.0) -> None:
        """Wait until the run's output is drained (call once its processes are all dead and reaped: what its pipes
        hold then is all of it)."""
        watch.over = True
        os.write(self._wake_w, b"!")
        if not watch.drained.wait(timeout):
            raise HarnessFault("the program's output did not end")

    def run(self) -> None:
        while True:
            watch = self._watch
            timeout = None
            if watch is not None and watch.clocks and self.harness.running:
                wake = min(watch.next_check, watch.wall_deadline, watch.next_idle_check)
                timeout = max(0.0, wake - time.monotonic())
            for key, _ in self._selector.select(timeout):
                if key.fd == self._wake_r:
                    os.read(self._wake_r, 4096)
                    while self._inbox:
                        self._adopt(self._inbox.pop(0))
                else:
                    self._drain(key.data)
            watch = self._watch
            if watch is None:
                continue
            if watch.over and not watch.drained.is_set():
                self._end(watch)
            if not self.harness.running:
                if watch.drained.is_set():
                    self._watch = None
            elif watch.clocks:
                self._check_clocks(watch)

    def _adopt(self, watch: Watch) -> None:
        self._watch = watch
        for capture in watch.captures:
            # the program may hold a read end of its own (``/proc/self/fd/1``) and take what ``select`` saw before
            # the harness reads it: a blocking read would then wait, the clocks unwatched, as long as the program
            os.set_blocking(capture.fd, False)
            self._selector.register(capture.fd, selectors.EVENT_READ, (watch, capture))

    def _drain(self, data: tuple[Watch, Capture], ending: bool = False) -> bool:
        """Take what one pipe holds now; whether it gave anything (nothing when another reader took it first). At
        the pipe's end it is closed; ``ending``: the run's processes are gone, so the end is no close of theirs."""
        watch, capture = data
        try:
            if capture.drop and capture.total > capture.limit:  # its kept copy is full: nothing more is looked at
                got = self._dropped(capture.fd)
                capture.total += got
            else:
                chunk = os.read(capture.fd, 1 << 16)
                got = len(chunk)
                if chunk:
                    self._took(watch, capture, chunk)
        except BlockingIOError:
            return False
        if not got:
            if capture.sink is not None and not ending and not _exiting(watch.pid):
                capture.sink(b"")
            self._close(watch, capture)
        return got > 0

    def _dropped(self, fd: int) -> int:
        """Drop what the pipe ``fd`` holds (up to 1 MiB), by the kernel; how many bytes."""
        try:
            return os.splice(fd, self._null, 1 << 20, flags=os.SPLICE_F_NONBLOCK)
        except BlockingIOError:
            raise
        except OSError:  # a kernel whose /dev/null takes no splice: read and forget
            return len(os.read(fd, 1 << 16))

    def _took(self, watch: Watch, capture: Capture, chunk: bytes) -> None:
        if capture.sink is not None and capture.total < capture.limit:
            capture.sink(chunk[: capture.limit - capture.total])
        capture.total += len(chunk)
        capture.take(chunk)
        if capture.total > capture.limit and watch.clocks and not capture.drop:
            watch.clocks = False
            self.harness.stop("output")

    def _end(self, watch: Watch) -> None:
        """Every process of the run is gone, so nothing writes any more, whoever still holds a write end (a unix
        socket's queue does, until the kernel collects it: seconds, or never on a quiet host): take what the
        pipes hold and close them, without waiting for their end."""
        for capture in watch.captures:
            while capture.fd >= 0 and self._drain((watch, capture), ending=True):
                pass
            if capture.fd >= 0:
                self._close(watch, capture)

    def _close(self, watch: Watch, capture: Capture) -> None:
        """The pipe ended: stop watching it, and the run's output is drained once all of its pipes have."""
        self._selector.unregister(capture.fd)
        os.close(capture.fd)
        capture.fd = -1
        watch.open -= 1
        if watch.open == 0:
            watch.drained.set()

    def _check_clocks(self, watch: Watch) -> None:
        now = time.monotonic()
        if watch.idle_s is not None and now >= watch.next_idle_check:
            cpu = watch.clock.cpu_seconds()
            if cpu - watch.last_cpu >= IDLE_WORK_S or _any_runnable():
                watch.worked_at = now
            watch.last_cpu = cpu
            watch.next_idle_check = now + IDLE_SAMPLE_S
            if now - watch.worked_at >= watch.idle_s:
                watch.clocks = False
                self.harness.stop("idle")
                return
        if now >= watch.wall_deadline:
            waited = 0.0 if _lowered_priority(watch.pid) else _cpu_wait_s(watch.pid)
            if now - watch.start >= STARVED_FACTOR * watch.wall_s:
                watch.clocks = False
                self.harness.stop("starved" if waited > watch.wall_s else "wall")
            elif now - watch.start - waited >= watch.wall_s:
                watch.clocks = False
                self.harness.stop("wall")
            else:
                watch.wall_deadline = watch.start + watch.wall_s + waited
        elif now >= watch.next_check:
            left = watch.cpu_s - watch.clock.cpu_seconds()
            if left <= 0:
                watch.clocks = False
                self.harness.stop("cpu")
            else:
                watch.next_check = now + max(0.01, left / _CPUS)


_PF_EXITING = 0x4


def _any_runnable() -> bool:
    """Whether a process of the sandbox but the harness is running, waiting for a CPU or in a disk wait."""
    own = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in (own, 1):
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[0] in (b"R", b"D"):
                    return True
        except (OSError, IndexError):
            continue
    return False


def _exiting(pid: int) -> bool:
    """Whether the process is ending (or gone): the kernel sets ``PF_EXITING`` before it closes the process's
    files, so a pipe closed by the program's end is told apart from one the program closed itself."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return fields[0] in (b"Z", b"X") or bool(int(fields[6]) & _PF_EXITING)
    except (OSError, IndexError, ValueError):
        return True


_OWN_PRIORITY = (os.getpriority(os.PRIO_PROCESS, 0), os.sched_getscheduler(0))
"""The harness's nice value and scheduling policy, which every program starts with."""


def _lowered_priority(pid: int) -> bool:
    """Whether the process's main thread runs at another nice value or policy than the harness's: only a lower one
    is open to it (``nice``, ``SCHED_IDLE``, ``SCHED_BATCH``), the way back is closed (``launch``: RLIMIT_NICE is 0)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[16]), int(fields[38])) != _OWN_PRIORITY
    except (OSError, IndexError, ValueError):
        return False


def _cpu_wait_s(pid: int) -> float:
    """How long the process's main thread has waited for a CPU while runnable (the scheduler's run delay)."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as schedstat:
            return int(schedstat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0
