"""A program may not change how the judge counts it: the run cgroups' folders (``/cgroup``, which the harness writes
under the program's own uid) are closed to it on both backends (``sandbox/harness/landlock.py``)."""

from __future__ import annotations

import pytest

from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Session

from .conformance_helpers import run

pytestmark = pytest.mark.slow

# Tries to move itself into every cgroup folder it can see (out of its run's, into the delegated one above, where
# nothing counted its CPU time or memory) and to raise every limit it can find, prints how many of those writes
# went through, then does what its limits forbid.
ESCAPE = """\
import os, sys, time
changed = 0
for folder, _, files in os.walk("/cgroup"):
    for name in files:
        value = {"cgroup.procs": str(os.getpid()), "tasks": str(os.getpid()), "memory.limit_in_bytes": "max",
                 "memory.max": "max", "pids.max": "max", "memory.memsw.limit_in_bytes": "-1"}.get(name)
        if value is None:
            continue
        try:
            with open(os.path.join(folder, name), "w") as file:
                file.write(value)
            changed += 1
        except OSError:
            pass
print("changed", changed, flush=True)
if sys.argv[-1] == "memory":
    block = bytearray(600 << 20)
    for i in range(0, len(block), 4096):
        block[i] = 1
else:
    end = time.process_time() + 1.5
    while time.process_time() < end:
        pass
print("done", flush=True)
"""


@pytest.mark.parametrize("what", ["memory", "time"])
def test_a_program_cannot_leave_its_runs_cgroup_nor_raise_its_limits(session: Session, what: str) -> None:
    """Before, a program that wrote its pid into the delegated folder's cgroup.procs ran uncounted: 600 MiB at a
    limit of 256 MiB and 1.5 s of CPU at a limit of 1 s were OK, measured as 3 MiB and 9 ms."""
    source = ESCAPE.replace('sys.argv[-1] == "memory"', repr(what == "memory"))
    result = run(session, "python", source, Limits(cpu_ms=1000, memory_kb=256 * 1024)).result
    assert result.stdout.startswith(b"changed 0\n"), result
    if what == "memory":
        assert result.status is RunStatus.MLE, result
    else:
        assert (result.status, result.cpu_ms >= 1000) == (RunStatus.TLE, True), result


def test_a_program_that_raises_its_own_limits_is_still_held_to_them(session: Session) -> None:
    """Soft limits raised to the hard ones, and the hard ones as far as they go (in its first microseconds, before the
    harness sets them, even to unlimited: ``Launcher.spawn``): the rlimits are backstops only; the cgroup's count of
    CPU time gives TLE, as problemtools and DOMjudge give it, and a file past the limit is OLE."""
    source = r"""#include <stdio.h>
#include <sys/resource.h>
int main(void) {
    struct rlimit r;
    for (int which = 0; which < RLIM_NLIMITS; which++) {
        if (getrlimit(which, &r) == 0) { r.rlim_cur = r.rlim_max; setrlimit(which, &r); }
        r.rlim_cur = r.rlim_max = RLIM_INFINITY;
        setrlimit(which, &r);
    }
    for (volatile unsigned long i = 0;; i++) {}
}
"""
    result = run(session, "c", source, Limits(cpu_ms=500)).result
    assert (result.status, result.cpu_ms >= 500) == (RunStatus.TLE, True), result
    spin = "for (volatile unsigned long i = 0;; i++) {}"
    two_mib = 'FILE *f = fopen("big", "w"); for (int i = 0; i < 2 << 20; i++) fputc(1, f); return 0;'
    writes = source.replace(spin, two_mib)
    assert run(session, "c", writes, Limits(file_bytes=1 << 20)).result.status is RunStatus.OLE


def test_a_program_has_no_terminal(session: Session) -> None:
    """No controlling terminal (the sandbox's own session): /dev/tty cannot be opened, as under problemtools' and
    DOMjudge's judgehosts, so nothing a program writes there reaches the organiser's terminal."""
    source = r"""#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
int main(void) { int fd = open("/dev/tty", O_RDWR); printf("%d %d\n", fd, fd < 0 && errno == ENXIO); return 0; }
"""
    assert run(session, "c", source).result.stdout == b"-1 1\n"
