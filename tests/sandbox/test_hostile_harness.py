"""Hostile programs aimed at the harness itself, through its limits, its priority, its signals and its scheduling
group: whatever they try, the next test is judged as before."""

from __future__ import annotations

import pytest

from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Session

from .conformance_helpers import compiled

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

REACH_THE_HARNESS = r"""#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "check")) {  /* what the next run was given */
        struct rlimit files;
        getrlimit(RLIMIT_NOFILE, &files);
        printf("nice %d policy %d files %ld\n", getpriority(PRIO_PROCESS, 0), sched_getscheduler(0),
               (long)files.rlim_cur);
        return 0;
    }
    int reached = 0;
    DIR *tasks = opendir("/proc/1/task");  /* the harness and each of its threads */
    struct dirent *task;
    struct rlimit tiny = {1, 1};
    struct sched_param idle = {0};
    while (tasks && (task = readdir(tasks))) {
        pid_t pid = atoi(task->d_name);
        if (pid <= 0) continue;
        reached += prlimit(pid, RLIMIT_NOFILE, &tiny, NULL) == 0;
        reached += prlimit(pid, RLIMIT_CPU, &tiny, NULL) == 0;
        reached += setpriority(PRIO_PROCESS, pid, 19) == 0;
        reached += sched_setscheduler(pid, SCHED_IDLE, &idle) == 0;
    }
    reached += setpriority(PRIO_USER, 0, 19) == 0;
    struct rlimit own = {64, 64};  /* its own limits and priority stay its own to lower */
    printf("reached %d own %d\n", reached, setrlimit(RLIMIT_NOFILE, &own) == 0 && setpriority(PRIO_PROCESS, 0, 5) == 0);
}
"""


def test_a_program_cannot_reach_the_harness_through_its_limits_or_its_scheduling(session: Session) -> None:
    """A program runs under the harness's uid, to which the kernel gives another process's limits and priority
    even when it is not dumpable: ``prlimit(1, RLIMIT_NOFILE, 1)`` made every later test a judge error (no
    pipe could be made), ``RLIMIT_CPU`` killed the harness. Reference judges run programs under another user."""
    compiled(session, "c", REACH_THE_HARNESS)
    attack = session.run(Limits()).result
    assert attack.ok, attack
    assert attack.stdout == b"reached 0 own 1\n"
    check = session.run(Limits(), args=["check"], stdin=b"1 2\n", files={"given.txt": b"x"}).result
    assert check.ok, check
    assert check.stdout == b"nice 0 policy 0 files 256\n"


SIGNAL_EVERY_THREAD = r"""#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    int threads = 0;
    DIR *tasks = opendir("/proc/1/task");
    struct dirent *task;
    while (tasks && (task = readdir(tasks))) {
        int tid = atoi(task->d_name);
        if (tid <= 0) continue;
        threads++;
        for (int sig = 1; sig < 32; sig++) syscall(SYS_tgkill, 1, tid, sig);
    }
    printf("%d\n", threads > 1);
}
"""


def test_signals_to_each_thread_of_the_harness_change_nothing(session: Session) -> None:
    """The harness's threads (its monitor, the one that sets programs' limits) are PID 1's as much as its main one:
    no signal sent to one of them from inside the sandbox stops or kills it."""
    compiled(session, "c", SIGNAL_EVERY_THREAD)
    assert session.run(Limits()).result.stdout == b"1\n"
    assert session.run(Limits()).result.stdout == b"1\n"


# Lower their own priority below the harness's, then write to stderr a byte at a time: each byte wakes the harness,
# which then runs before them.
WAIT_BEHIND_THE_HARNESS = {
    "c-idle": (
        "c",
        r"""#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
int main(void) {
    struct sched_param none = {0};
    sched_setscheduler(0, SCHED_IDLE, &none);
    for (;;) write(2, "e", 1);
}
""",
    ),
    "c-nice": (
        "c",
        "#include <sys/resource.h>\n#include <unistd.h>\n"
        'int main(void) { setpriority(PRIO_PROCESS, 0, 19); for (;;) write(2, "e", 1); }\n',
    ),
    "python-idle": (
        "python",
        "import os\nos.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))\nwhile True:\n    os.write(2, b'e')\n",
    ),
}


@pytest.mark.parametrize("program", sorted(WAIT_BEHIND_THE_HARNESS))
def test_a_program_that_lowers_its_own_priority_is_stopped_at_its_wall_clock_cap(
    session: Session, program: str
) -> None:
    """The wall-clock cap excuses the time the program's main thread waited for a busy CPU, and a run that mostly
    waited for ten caps is the judge's error (the machine too busy, graded again later). One that lowered its own
    priority waits behind whatever runs, its own judge included, which it keeps busy: at a wall limit equal to its
    time limit (0.5 s) the Python one was that judge error after 5 s, the C ones TLE after up to 8 caps. Its waits
    are its own: it is stopped at its cap (TLE), as DOMjudge's wall limit stops it, and the next run starts at the
    harness's priority."""
    language, source = WAIT_BEHIND_THE_HARNESS[program]
    compiled(session, language, source)
    result = session.run(Limits(cpu_ms=500, wall_ms=500)).result
    assert (result.status, result.wall_ms < 900) == (RunStatus.TLE, True), result
    compiled(session, "c", REACH_THE_HARNESS)
    check = session.run(Limits(), args=["check"]).result
    assert check.stdout == b"nice 0 policy 0 files 256\n", check


# Its child, no process group's leader, starts a session of its own; prints whether it still shares its parent's
# scheduling group (autogroup), and whether the call was refused as a group leader's is.
SESSION_OF_ITS_OWN = r"""#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static void group(char *name, size_t size) {
    FILE *file = fopen("/proc/self/autogroup", "r");
    if (!file || !fgets(name, size, file)) strcpy(name, "none");
    if (file) fclose(file);
    *strchrnul(name, ' ') = 0;
}
int main(void) {
    char parent[64], child[64];
    group(parent, sizeof parent);
    if (fork() == 0) {
        int refused = setsid() < 0 && errno == EPERM;
        group(child, sizeof child);
        printf("same group %d refused %d\n", !strcmp(parent, child), refused);
        return 0;
    }
    wait(NULL);
}
"""


def test_a_program_cannot_start_a_scheduling_group_of_its_own(session: Session) -> None:
    """Under autogroup a session is a scheduling group, which a bubblewrap sandbox's is at the worker's lower nice
    (``test_backends``), so that programs yield the CPU to the web server. A program's child could call ``setsid``
    and run in a new group at nice 0, ahead of the worker and level with the web server, for its whole CPU limit on
    every test. ``setsid`` is refused (EPERM, as the program itself, a process group's leader, is refused it)."""
    compiled(session, "c", SESSION_OF_ITS_OWN)
    result = session.run(Limits()).result
    assert (result.status, result.stdout) == (RunStatus.OK, b"same group 1 refused 1\n"), result


# Lowers its own hard limits of CPU time and file size below those the harness holds every program to, at once.
LOWERS_ITS_OWN_LIMITS = r"""#include <stdio.h>
#include <sys/resource.h>
int main(void) {
    struct rlimit second = {1, 1}, bytes = {100, 100};
    int lowered = setrlimit(RLIMIT_CPU, &second) == 0 && setrlimit(RLIMIT_FSIZE, &bytes) == 0;
    printf("lowered %d\n", lowered);
    return 0;
}
"""


def test_a_program_that_lowers_its_own_limits_at_once_is_judged_as_any_other(session: Session) -> None:
    """A program may lower its own limits (they are its own, as under DOMjudge's runguard). Started by
    ``posix_spawn`` (cgroup v1), a program's CPU and file size limits are held by the harness just after it starts:
    one that had lowered its hard limits first made that ``prlimit`` fail (EPERM, a limit cannot be raised back), a
    judge error on every test, the session lost. Its own lower limits are then within the run's already."""
    compiled(session, "c", LOWERS_ITS_OWN_LIMITS)
    for _ in range(3):
        result = session.run(Limits()).result
        assert (result.status, result.stdout) == (RunStatus.OK, b"lowered 1\n"), result
