"""Hostile programs aimed at the harness that judges them: whatever they try, the next test is judged as before."""

from __future__ import annotations

import pytest

from sandbox.limits import Limits
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


SYSV_NOTE = r"""#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
int main(int argc, char **argv) {
    int leave = argc > 1 && !strcmp(argv[1], "leave"), flags = leave ? IPC_CREAT | 0600 : 0600;
    int shm = shmget(1234, 4096, flags);
    if (shm >= 0 && leave) strcpy(shmat(shm, 0, 0), "the answer of test 1");
    else if (shm >= 0) printf("%s\n", (char *)shmat(shm, 0, 0));
    printf("shm %d sem %d msg %d\n", shm >= 0, semget(1235, 1, flags) >= 0, msgget(1236, flags) >= 0);
}
"""


def test_no_system_v_ipc_object_survives_into_the_next_test(session: Session) -> None:
    """A shared memory segment, a semaphore set or a message queue outlives its process: left by one test, it told
    the next what the last one saw. Each is removed after every run, as a new IPC namespace would be."""
    compiled(session, "c", SYSV_NOTE)
    assert session.run(Limits(), args=["leave"]).result.stdout == b"shm 1 sem 1 msg 1\n"
    check = session.run(Limits(), args=["check"]).result
    assert check.ok, check
    assert check.stdout == b"shm 0 sem 0 msg 0\n"


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
