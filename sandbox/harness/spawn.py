"""Starting a run's program from a child forked ahead of need, which waits for its orders and then execs.

Forking the harness (a Python process with a helper thread) and the child's own after-fork work take most of a
millisecond before the child runs a line of its own. The harness forks the next run's child while the host handles
the previous answer (``Harness.tidy``), so a run only sends the waiting child its orders: the command, the limits
that depend on the run, and the descriptors it is to have (stdin, stdout, stderr, the pipe that reports a failure
to exec, the run cgroup's ``cgroup.procs``). The child then does what a freshly forked one did: it sets them, joins
the run's cgroup last (what it touched before belongs to the harness) and execs.

No program ever runs beside a waiting child: the child for the next run is forked only once every process of the
previous run is dead (``Harness._kill_leftovers`` comes first), and it becomes that next run's program.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import socket
from collections.abc import Sequence
from typing import Any, NoReturn

from .common import PROGRAM_ENV, HarnessFault

ORDER_FDS = 16
"""At most this many descriptors travel with an order: stdin, stdout, stderr, the exec error pipe, the cgroups."""


class WaitingChild:
    """A forked child of the harness that waits for one order (``start``), then becomes the run's program."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            ours.close()
            _obey(theirs)
        theirs.close()
        self.pid = pid
        self._orders = ours

    def start(self, path: str, argv: Sequence[str], limits: dict[str, Any], fds: Sequence[int]) -> None:
        """Have the child exec ``path`` with ``argv``: ``fds`` are its stdin, stdout and stderr, the write end
        of the pipe that reports a failure to exec, then the run cgroup's ``cgroup.procs`` files. The caller keeps
        its own copies of ``fds`` (and closes them). Raises ``HarnessFault`` when the child is gone."""
        order = {"path": path, "argv": list(argv), "cpu_ms": limits["cpu_ms"], "file_bytes": limits["file_bytes"]}
        try:
            socket.send_fds(self._orders, [json.dumps(order).encode()], list(fds))
        except OSError as exc:
            raise HarnessFault(f"the program's process is gone before its start: {exc}") from exc
        finally:
            self._orders.close()


def _obey(orders: socket.socket) -> NoReturn:
    """In the forked child: take a process group of its own and wait for the order; then set the descriptors,
    the run's rlimits and cgroup, and exec. A failure is reported through the exec error pipe when the order
    gave one; the child never returns into the harness.

    Memory and the process count are the cgroup's to limit, as the kernel counts them: no RLIMIT_AS, so that what a
    program reserves and never touches (thread stacks, a large static array) costs it nothing. The rlimits every run
    shares (an unlimited stack, no core files...) are inherited from the harness."""
    report = -1
    try:
        # A process group of its own, not a session: the sandbox's session has no terminal already, and a new
        # session would be a new scheduling group under autogroup, escaping the judge's lower priority.
        os.setpgid(0, 0)
        for ignored_by_python in (signal.SIGPIPE, signal.SIGXFSZ):  # an ignored signal stays so after exec
            signal.signal(ignored_by_python, signal.SIG_DFL)
        message, fds, _, _ = socket.recv_fds(orders, 1 << 20, ORDER_FDS, socket.MSG_CMSG_CLOEXEC)
        if not message:  # the harness went away without an order
            os._exit(0)
        stdin, stdout, stderr, report, *cgroup_procs = fds
        order = json.loads(message)
        for target, fd in enumerate((stdin, stdout, stderr)):
            os.dup2(fd, target)
        cpu_s = math.ceil(order["cpu_ms"] / 1000) + 1  # a backstop: the watchdog is more precise
        fsize = order["file_bytes"] + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        for procs in cgroup_procs:  # last: what the child touched before belongs to the harness
            os.write(procs, b"0")
        os.execve(order["path"], order["argv"], PROGRAM_ENV)
    except BaseException as exc:  # the child must never return into the harness
        try:
            if report >= 0:
                os.write(report, repr(exc).encode())
        finally:
            os._exit(127)
