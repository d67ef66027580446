"""Running a family of processes as one, for ``hoithi up``: the private Redis, the judge workers, the web server.

Each child leads a session (and process group) of its own, so that stopping it reaches everything it started, and a
Ctrl-C in the terminal reaches only the supervisor, which then stops the children in order: the last started first
(the web server, then the workers, then Redis, which saves its data). SIGTERM, SIGINT and SIGHUP all stop
everything; a second one while stopping stops at once (SIGKILL). A child that may be busy with work it can hand back
(a judge worker grading a submission) is given ``cold_stop_after`` seconds to finish it, then a second SIGTERM: its
cold stop, which hands the work back and exits, well before the deadline after which it would be killed. On Linux a
child also gets SIGTERM if the supervisor itself is killed outright, so that nothing keeps serving without it.

A child that dies unexpectedly is restarted after a pause that doubles each time it fails again soon after starting,
up to ``max_delay``; each restart is said. A child that needs another (a worker needs Redis) is restarted only while
that one runs, so Redis comes back first. Redis and the workers are restarted for as long as it takes: the site
keeps serving without them. Only the web server can stop everything, when it keeps failing right after starting (its
port is taken, say): nothing would be served anyway, and the message says which child stopped and how.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a forked child before exec (Linux): receive SIGTERM when the parent dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))


def popen_options() -> dict[str, Any]:
    """What ``subprocess.Popen`` needs to start a supervised child: a session of its own, and on Linux the death of
    the supervisor passed on."""
    options: dict[str, Any] = {"start_new_session": True}
    if sys.platform.startswith("linux"):
        options["preexec_fn"] = die_with_parent
    return options


def port_taken(host: str, port: int) -> bool:
    """Whether another program holds ``host:port``, so that a server started there would fail at once. False when
    that cannot be told here (a host that does not resolve, or not of this machine): the server then says why."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError:
        return False
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: TIME_WAIT is no owner
        try:
            probe.bind(address)
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


def describe_exit(returncode: int) -> str:
    """'exit code 3', or 'killed by SIGKILL' for a negative return code."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


@dataclass
class Child:
    """One supervised process: how to start it (returning once it is ready), whether its failing again and again
    stops everything (``essential``), and which child it needs running first."""

    name: str
    start: Callable[[], subprocess.Popen[bytes]]
    essential: bool = False
    needs: str | None = None
    cold_stop_after: float | None = None
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0  # failures in a row, each soon after starting
    restart_at: float | None = None


@dataclass
class Supervisor:
    """Starts children, watches them, restarts or gives up, and stops them all. ``say`` prints a line for the person
    running it."""

    say: Callable[[str], None]
    max_failures: int = 5  # of an essential child, in a row soon after starting
    first_delay: float = 1.0
    max_delay: float = 30.0
    stable_after: float = 60.0  # a child that ran this long before dying starts its count of failures afresh
    stop_timeout: float = 15.0
    children: list[Child] = field(default_factory=list)
    stop_signal: int | None = None
    hurry: bool = False
    failure: str | None = None

    @contextlib.contextmanager
    def handling_signals(self) -> Iterator[None]:
        """While inside: SIGTERM, SIGINT and SIGHUP ask the supervisor to stop (see ``stopping``) instead of killing
        it; the previous handlers come back on leaving."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.stop_signal is None:
            self.stop_signal = signum
        else:
            self.hurry = True

    @property
    def stopping(self) -> bool:
        return self.stop_signal is not None or self.failure is not None

    def start(
        self,
        name: str,
        start: Callable[[], subprocess.Popen[bytes]],
        *,
        essential: bool = False,
        needs: str | None = None,
        cold_stop_after: float | None = None,
    ) -> None:
        """Start a child now (exceptions of ``start`` propagate: a child that cannot start at all stops the rest).
        ``essential``: everything stops when it keeps failing; ``needs``: the name of a child started earlier that
        must be running before this one is restarted; ``cold_stop_after``: when stopping, the seconds after which
        a child still running is sent SIGTERM a second time (its main process only)."""
        child = Child(name, start, essential, needs, cold_stop_after)
        self.children.append(child)
        child.process = start()
        child.started_at = time.monotonic()

    def run(self, poll_seconds: float = 0.2) -> int:
        """Watch the children until a stop signal or a failure; 0 after a signal, 1 after a failure. Does not stop
        the children: ``stop_all`` does (call it in a ``finally``)."""
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:  # in the order started: what others need comes back first
                if child.process is not None and (code := child.process.poll()) is not None:
                    self._died(child, code, now)
                elif child.process is None and child.restart_at is not None and now >= child.restart_at:
                    self._restart_once_needed_runs(child)
                if self.failure is not None:
                    break
            time.sleep(poll_seconds)
        if self.failure is not None:
            self.say(self.failure)
            return 1
        self.say(f"{signal.Signals(self.stop_signal or signal.SIGTERM).name} received: stopping…")
        return 0

    def _restart_once_needed_runs(self, child: Child) -> None:
        """Restart ``child`` now, unless the child it needs is not running yet (then at a later round)."""
        if child.needs is None or any(c.name == child.needs and c.process is not None for c in self.children):
            self._restart(child)

    def _died(self, child: Child, returncode: int, now: float) -> None:
        assert child.process is not None
        self._sweep(child.process)  # what the dead child started goes with it
        child.process = None
        self._failed_again(child, now, describe_exit(returncode))

    def _failed_again(self, child: Child, now: float, how: str) -> None:
        child.failures = 1 if now - child.started_at >= self.stable_after else child.failures + 1
        if child.essential and child.failures > self.max_failures:
            self.failure = (
                f"The {child.name} stopped again ({how}), {child.failures} times in a row soon after starting: "
                "stopping everything. Its output above says why."
            )
            return
        delay = min(self.first_delay * 2 ** min(child.failures - 1, 30), self.max_delay)  # a child may fail for days
        child.restart_at = now + delay
        self.say(f"The {child.name} stopped ({how}): restarting it in {delay:g} s.")

    def _restart(self, child: Child) -> None:
        child.restart_at = None
        child.started_at = time.monotonic()
        try:
            child.process = child.start()
        except Exception as error:  # a start that fails counts as one more failure
            self._failed_again(child, time.monotonic(), f"it could not start: {error}")
            return
        self.say(f"The {child.name} has been restarted.")

    def stop_all(self) -> None:
        """Stop every child, the last started first: SIGTERM to its process group, SIGTERM again to its main process
        after its ``cold_stop_after`` seconds, SIGKILL after ``stop_timeout`` seconds (or at once after a second stop
        signal); then sweep whatever of its group is left."""
        for child in reversed(self.children):
            process, child.process, child.restart_at = child.process, None, None
            if process is None:
                continue
            _signal_group(process.pid, signal.SIGTERM)
            now = time.monotonic()
            deadline = now + self.stop_timeout
            again = None if child.cold_stop_after is None else now + child.cold_stop_after
            while process.poll() is None and time.monotonic() < deadline and not self.hurry:
                if again is not None and time.monotonic() >= again:
                    again = None
                    self.say(f"The {child.name} is still busy: asking it to stop at once and hand its work back.")
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(process.pid, signal.SIGTERM)
                time.sleep(0.05)
            if process.poll() is None:
                self.say(f"The {child.name} did not stop in time: killing it.")
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
            self._sweep(process)

    @staticmethod
    def _sweep(process: subprocess.Popen[bytes]) -> None:
        """Kill what is left of an exited child's process group (grandchildren it did not stop)."""
        _signal_group(process.pid, signal.SIGKILL)


def _signal_group(pgid: int, sig: int) -> None:
    """Send ``sig`` to a process group (it may be gone already)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
