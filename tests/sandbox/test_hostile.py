"""Hostile programs aimed at what a run leaves behind and at its output (IPC objects, folders, pipes, output moved by
the kernel, floods of stderr): whatever they try, the next test is judged as before."""

from __future__ import annotations

import time

import pytest

from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Session

from .conformance_helpers import SEND_INTO_OWN_QUEUE, compiled

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

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


# Reads back what it writes to stdout through a read end of its own (/proc/self/fd/1), a little later each time,
# until it takes a byte the harness was told was there (its wake-up noticed, by a write to stderr, no longer comes),
# then sleeps. On a second core of its own it won on both backends at the first run.
STEAL_ITS_OWN_OUTPUT = r"""#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static long harness_switches(void) {
    long sum = 0;
    DIR *tasks = opendir("/proc/1/task");
    struct dirent *task;
    char path[64], line[256];
    while (tasks && (task = readdir(tasks))) {
        snprintf(path, sizeof path, "/proc/1/task/%s/status", task->d_name);
        FILE *status = task->d_name[0] == '.' ? NULL : fopen(path, "r");
        while (status && fgets(line, sizeof line, status))
            if (!strncmp(line, "voluntary_ctxt_switches:", 24)) sum += atol(line + 24);
        if (status) fclose(status);
    }
    if (tasks) closedir(tasks);
    return sum;
}
static void spin_us(long us) {
    struct timespec from, now;
    clock_gettime(CLOCK_MONOTONIC, &from);
    do clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - from.tv_sec) * 1000000L + (now.tv_nsec - from.tv_nsec) / 1000 < us);
}
int main(void) {
    cpu_set_t mine, others;  /* away from the harness's core, where it answers at once */
    sched_getaffinity(0, sizeof mine, &mine);
    CPU_ZERO(&others);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) if (!CPU_ISSET(cpu, &mine)) CPU_SET(cpu, &others);
    if (CPU_COUNT(&others)) sched_setaffinity(0, sizeof others, &others);
    int back = open("/proc/self/fd/1", O_RDONLY | O_NONBLOCK);
    struct timespec pause_ms = {0, 2000000};
    char byte;
    for (;;) {
        write(1, "x", 1);
        spin_us(rand() % 200);
        if (read(back, &byte, 1) != 1) continue;
        nanosleep(&pause_ms, 0);
        long before = harness_switches();
        write(2, "e", 1);
        nanosleep(&pause_ms, 0);
        nanosleep(&pause_ms, 0);
        if (harness_switches() == before) for (;;) pause();
    }
}
"""


def test_a_program_that_reads_back_its_own_stdout_is_stopped_at_its_wall_clock_cap(session: Session) -> None:
    """A program may open its stdout pipe for reading (``/proc/self/fd/1``) and take back a byte between the
    harness's ``select``, which saw it, and its ``read``, which then waited for more with no one watching the
    clocks: the program slept on past its wall-clock cap and the harness answered nothing (a judge error after
    62 s, the session lost), where DOMjudge stops it (TLE). The harness's ends of a run's pipes never block."""
    compiled(session, "c", STEAL_ITS_OWN_OUTPUT)
    for _ in range(2):
        result = session.run(Limits(cpu_ms=500), drain_stdout=True).result
        assert (result.status, result.wall_ms < 5000) == (RunStatus.TLE, True), result


# Sends stdout's write end into a unix socket's own queue, then ends: no process holds it any more.
OUTPUT_KEPT_IN_FLIGHT = (
    SEND_INTO_OWN_QUEUE
    + r"""#include <stdio.h>
int main(void) {
    int pair[2], sent = send_into_own_queue(1, pair);
    printf("sent %d\n", sent);
    fflush(stdout);
    close(pair[1]);
    close(pair[0]);
    return 0;
}
"""
)


def test_output_kept_open_by_no_process_ends_with_the_program(session: Session) -> None:
    """Once every process of the run is gone nothing can write any more, whoever still holds a pipe's write end:
    the run is answered then. Before, the harness waited for the pipes' end, which a write end sent into a cycle of
    unix sockets put off until the kernel collected it (0 to 8 s a test here), past 10 s a judge error."""
    compiled(session, "c", OUTPUT_KEPT_IN_FLIGHT)
    for _ in range(5):
        started = time.monotonic()
        result = session.run(Limits()).result
        took = time.monotonic() - started
        assert (result.status, result.stdout, took < 1) == (RunStatus.OK, b"sent 1\n", True), (result, took)


FOLDERS_WITHOUT_END = r"""#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
int main(int argc, char **argv) {
    char name[32];
    if (argc > 1 && !strcmp(argv[1], "count")) {  /* the folders the next run finds */
        int folders = 0;
        DIR *box = opendir(".");
        struct dirent *entry;
        while ((entry = readdir(box))) folders += entry->d_type == DT_DIR && entry->d_name[0] != '.';
        printf("%d\n", folders);
        return 0;
    }
    for (long i = 0; snprintf(name, sizeof name, "d%ld", i), mkdir(name, 0700) == 0; i++) {}
    return 0;
}
"""


def test_a_box_of_countless_empty_folders_is_emptied_before_the_next_test(session: Session) -> None:
    """A program made empty folders side by side until its memory ran out (each costs the run's memory: MLE). The
    harness emptied the box by listing it again after each folder it removed, so the tens of thousands left took
    longer than the session waits for the next answer: that test, and the session, were a judge error (62 s, at
    64 MiB). Each folder is now listed once more only when all it named are gone; and the run is answered without
    first looking into each folder for a file past the output limit (1.5 s), which a box of so few bytes cannot
    hold."""
    compiled(session, "c", FOLDERS_WITHOUT_END)
    started = time.monotonic()
    flood = session.run(Limits(memory_kb=64 * 1024)).result
    assert flood.status is RunStatus.MLE, flood
    assert time.monotonic() - started - flood.wall_ms / 1000 < 0.75
    started = time.monotonic()
    check = session.run(Limits(), args=["count"]).result
    assert (check.status, check.stdout) == (RunStatus.OK, b"0\n"), check
    assert time.monotonic() - started < 10


# Writes 64 KiB blocks to stdout without write(2), by the call argv[1] names, into a pipe it widened to 1 MiB: without
# end, or with argv[2], that many MiB and then ends.
OUTPUT_WITHOUT_WRITE = r"""#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>
int main(int argc, char **argv) {
    static char block[1 << 16];
    memset(block, '7', sizeof block);
    long left = argc > 2 ? atol(argv[2]) << 20 : -1;
    int file = open("block", O_RDWR | O_CREAT | O_TRUNC, 0600), own[2];
    write(file, block, sizeof block);
    pipe(own);
    write(own[1], block, sizeof block);
    fcntl(1, F_SETPIPE_SZ, 1 << 20);
    while (left != 0) {
        loff_t from = 0;
        struct iovec whole = {block, sizeof block};
        ssize_t sent = !strcmp(argv[1], "sendfile") ? sendfile(1, file, &from, sizeof block)
                     : !strcmp(argv[1], "splice")   ? splice(file, &from, 1, NULL, sizeof block, 0)
                     : !strcmp(argv[1], "vmsplice") ? vmsplice(1, &whole, 1, SPLICE_F_GIFT)
                     : tee(own[0], 1, sizeof block, 0);  /* the same block of its own pipe, never consumed */
        if (sent <= 0) return 3;
        if (left > 0) left = left > sent ? left - sent : 0;
    }
    return 0;
}
"""


@pytest.mark.parametrize("call", ["sendfile", "splice", "vmsplice", "tee"])
def test_output_moved_by_the_kernel_is_held_to_the_output_limit(session: Session, call: str) -> None:
    """Output a program gives the kernel to move (pages of a file, of its memory, of its own pipe) is output all the
    same: stopped at the limit (OLE) where the run is stopped there, and where it is drained, OLE when it ends and
    TLE when it never does, as DOMjudge judges it; the harness keeps only its first bytes."""
    compiled(session, "c", OUTPUT_WITHOUT_WRITE)
    stopped = session.run(Limits(), args=[call]).result
    assert (stopped.status, len(stopped.stdout)) == (RunStatus.OLE, 64 * 1024), stopped
    ended = session.run(Limits(), args=[call, "9"], drain_stdout=True).result
    assert (ended.status, ended.exit_code) == (RunStatus.OLE, 0), ended
    if call == "vmsplice":  # its pages given away, again and again
        started = time.monotonic()
        endless = session.run(Limits(cpu_ms=500), drain_stdout=True, args=[call]).result
        assert (endless.status, time.monotonic() - started < 10) == (RunStatus.TLE, True), endless


STDERR_FLOODS = {
    "c": (
        "c",
        "#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\nint main(void) {\n"
        "    static char block[1 << 16];\n    memset(block, 'e', sizeof block);\n"
        "    for (int i = 0; i < 1280; i++) write(2, block, sizeof block);\n"
        '    write(2, "last words\\n", 11);\n    printf("42\\n");\n    return 0;\n}\n',
    ),
    "python": (
        "python",
        "import sys\nblock = 'e' * 65536\nfor _ in range(1280):\n    sys.stderr.write(block)\n"
        "sys.stderr.write('last words\\n')\nprint(42)\n",
    ),
}


@pytest.mark.parametrize("program", sorted(STDERR_FLOODS))
def test_a_flood_of_stderr_is_dropped_past_64_mib_and_changes_no_verdict(session: Session, program: str) -> None:
    """80 MiB on stderr, then the answer: stderr is no output, so the verdict is the answer's (DOMjudge's runguard
    truncates the stream and goes on reading). Past 64 MiB the harness no longer copies what comes (the kernel
    drops it): its start is kept, and a note says how much more was left out, where the harness copied all of it,
    however long, bounded only by the run's time."""
    language, source = STDERR_FLOODS[program]
    compiled(session, language, source)
    result = session.run(Limits(cpu_ms=2000, output_bytes=1 << 20)).result
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result
    assert result.stderr.startswith(b"e" * 1024), result.stderr[:100]
    assert len(result.stderr) < 128 * 1024
    assert result.stderr.endswith(b" more bytes left out ...]\n"), result.stderr[-200:]
    dropped = int(result.stderr.rsplit(b"[... ", 1)[1].split()[0])
    assert 15 << 20 < dropped <= (16 << 20) + 11, dropped
