"""What a run is charged with, on every backend: memory as the kernel's cgroup counts it, output stopped where it is
produced, time on the CPU with the wall clock as a safety net, and whatever a program leaves behind cleaned."""

from __future__ import annotations

import time

import pytest

from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Session

from .test_conformance import compiled, run

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

MIB = 1024
SMALL = Limits(cpu_ms=2000, memory_kb=64 * MIB)


def test_memory_of_every_process_counts_together(session: Session) -> None:
    source = r"""
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
    for (int i = 0; i < 5; i++)
        if (fork() == 0) {
            volatile char *p = malloc(20 << 20);
            for (int j = 0; j < (20 << 20); j += 4096) p[j] = 1;
            usleep(300000);
            return 0;
        }
    while (wait(0) > 0) {}
    return 0;
}
"""
    result = run(session, "c", source, SMALL).result
    assert result.status is RunStatus.MLE, result
    assert result.memory_kb >= 60 * MIB  # the peak is reported, near the limit


def test_files_written_in_the_box_are_memory(session: Session) -> None:
    source = r"""
#include <stdio.h>
#include <string.h>
int main(void) {
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 96; i++) {
        char name[16];
        sprintf(name, "f%d", i);
        FILE *f = fopen(name, "w");
        if (!f || fwrite(block, 1, sizeof block, f) != sizeof block) return 2;
        fclose(f);
    }
    return 0;
}
"""
    result = run(session, "c", source, SMALL.with_(file_bytes=2 << 20)).result
    assert result.status is RunStatus.MLE, result


def test_memory_files_are_memory(session: Session) -> None:
    source = r"""
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>
#include <string.h>
int main(void) {
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 12; i++) {
        int fd = memfd_create("keep", 0);
        for (int k = 0; k < 7; k++)
            if (fd < 0 || write(fd, block, sizeof block) < 0) return 2;
    }
    return 0;
}
"""
    result = run(session, "c", source, SMALL).result
    assert result.status is RunStatus.MLE, result


def test_threads_with_their_default_stacks_work(session: Session) -> None:
    source = r"""
#include <cstdio>
#include <thread>
#include <vector>
int main() {
    std::vector<std::thread> pool;
    long sums[16] = {0};
    for (int i = 0; i < 16; i++)
        pool.emplace_back([&sums, i] { for (int j = 0; j < 100000; j++) sums[i] += j; });
    for (auto &t : pool) t.join();
    std::printf("%ld\n", sums[15]);
}
"""
    result = run(session, "cpp", source, SMALL).result
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"4999950000\n"
    python = "import threading\nout = []\nts = [threading.Thread(target=out.append, args=(i,)) for i in range(8)]\n"
    python += "[t.start() for t in ts]\n[t.join() for t in ts]\nprint(sum(out))\n"
    result = run(session, "python", python, SMALL).result
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"28\n"


def test_reserved_memory_that_is_never_touched_is_free(session: Session) -> None:
    source = '#include <stdio.h>\nstatic char big[1 << 30];\nint main(void) { big[7] = 1; printf("%d\\n", big[7]); }\n'
    result = run(session, "c", source, SMALL).result
    assert result.status is RunStatus.OK, result
    assert result.memory_kb < 16 * MIB


def test_the_peak_is_reported_on_every_test(session: Session) -> None:
    source = r"""
#include <stdlib.h>
#include <stdio.h>
int main(void) {
    volatile char *p = malloc(40 << 20);
    for (int j = 0; j < (40 << 20); j += 4096) p[j] = 1;
    puts("ok");
}
"""
    compiled(session, "c", source)
    peaks = [session.run(SMALL).result.memory_kb for _ in range(3)]
    assert all(40 * MIB <= peak < 56 * MIB for peak in peaks), peaks


def test_whatever_a_program_leaves_in_its_box_is_cleaned(session: Session) -> None:
    source = r"""
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
int main(void) {
    if (access("deep", F_OK) == 0 || access("many", F_OK) == 0) { puts("dirty"); return 0; }
    mkdir("many", 0700);
    for (int i = 0; i < 20000; i++) {
        char name[32];
        sprintf(name, "many/%d", i);
        FILE *f = fopen(name, "w");
        if (f) fclose(f);
    }
    chmod("many", 0);
    mkfifo("fifo", 0);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un where = {AF_UNIX, "sock"};
    bind(s, (struct sockaddr *)&where, sizeof where);
    for (int i = 0; i < 3000; i++)
        if (mkdir("deep", 0700) || chdir("deep")) return 2;
    chmod(".", 0);
    puts("made");
    return 0;
}
"""
    compiled(session, "c", source)
    first = session.run(SMALL).result
    assert (first.status, first.stdout) == (RunStatus.OK, b"made\n"), first
    second = session.run(SMALL).result
    assert (second.status, second.stdout) == (RunStatus.OK, b"made\n"), second


def test_a_program_that_closes_its_box_to_the_judge_is_judged_all_the_same(session: Session) -> None:
    """``chmod(".", 0)`` (or a box made read-only) broke the session, so that the submission could never be judged;
    an output file closed to reading (``chmod 000``, a read-only file where Themis runs) lost the test."""
    source = r"""
#include <stdio.h>
#include <sys/stat.h>
int main(void) {
    FILE *out = fopen("SUM.OUT", "w");
    fputs("7\n", out);
    fclose(out);
    chmod("SUM.OUT", 0);
    chmod(".", 0);
    return 0;
}
"""
    compiled(session, "c", source)
    for _ in range(2):
        execution = session.run(SMALL, collect=["SUM.OUT"])
        assert execution.result.status is RunStatus.OK, execution.result
        assert execution.files == {"SUM.OUT": b"7\n"}


def test_output_is_stopped_at_the_limit(session: Session) -> None:
    source = r"""
#include <stdio.h>
#include <string.h>
int main(void) {
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    for (int i = 0; i < 2048; i++) fwrite(block, 1, sizeof block, stdout);
}
"""
    compiled(session, "c", source)
    started = time.monotonic()
    result = session.run(Limits(output_bytes=1 << 20)).result
    took = time.monotonic() - started
    assert result.status is RunStatus.OLE, result
    assert len(result.stdout) <= (1 << 20) + 1
    assert took < 1.0, took


def test_a_sleeping_program_costs_one_wall_cap(session: Session) -> None:
    compiled(session, "c", "#include <unistd.h>\nint main(void) { sleep(30); }\n")
    started = time.monotonic()
    result = session.run(Limits(cpu_ms=500)).result
    took = time.monotonic() - started
    assert result.status is RunStatus.TLE, result
    assert result.cpu_ms < 100
    assert 1.4 < took < 2.5, took  # the cap is max(2 x CPU, CPU + 1 s) = 1.5 s


def test_the_process_count_is_limited(session: Session) -> None:
    source = r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
    int made = 0;
    for (; made < 1000; made++) {
        int pid = fork();
        if (pid == 0) pause();
        if (pid < 0) break;
    }
    printf("%d\n", made);
    fflush(stdout);
    pause();
}
"""
    compiled(session, "c", source)
    result = session.run(Limits(cpu_ms=500, processes=20)).result
    assert result.status is RunStatus.TLE, result  # it pauses forever: what matters is how many it could make
    assert int(result.stdout) == 19  # itself and 19 more: neither the harness nor a race takes one of them


def test_a_program_starts_as_on_a_contest_judge(session: Session) -> None:
    """Whatever way the harness starts it, a program begins with the run's CPU and file limits, no signal ignored or
    blocked, a process group of its own and only stdin, stdout and stderr open. On cgroup v1 the limits' hard values
    are set just after the program started (``Launcher.spawn``): they are read again a moment later."""
    source = r"""
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
static void limits(void) {
    struct rlimit cpu, fsize;
    getrlimit(RLIMIT_CPU, &cpu);
    getrlimit(RLIMIT_FSIZE, &fsize);
    printf("cpu %llu %llu\n", (unsigned long long)cpu.rlim_cur, (unsigned long long)cpu.rlim_max);
    printf("fsize %llu %llu\n", (unsigned long long)fsize.rlim_cur, (unsigned long long)fsize.rlim_max);
}
int main(void) {
    struct rlimit cpu, fsize;
    getrlimit(RLIMIT_CPU, &cpu);
    getrlimit(RLIMIT_FSIZE, &fsize);
    printf("soft %llu %llu\n", (unsigned long long)cpu.rlim_cur, (unsigned long long)fsize.rlim_cur);
    usleep(100000);
    limits();
    int ignored = 0;
    for (int sig = 1; sig < 32; sig++) {
        struct sigaction now;
        if (sigaction(sig, 0, &now) == 0 && now.sa_handler == SIG_IGN) ignored++;
    }
    sigset_t blocked;
    sigprocmask(SIG_BLOCK, 0, &blocked);
    int masked = 0;
    for (int sig = 1; sig < 32; sig++) masked += sigismember(&blocked, sig) == 1;
    printf("ignored %d blocked %d\n", ignored, masked);
    printf("own group %d\n", getpgrp() == getpid());
    int open_fds = 0;
    DIR *fds = opendir("/proc/self/fd");
    for (struct dirent *e; (e = readdir(fds));) open_fds += e->d_name[0] != '.';
    printf("fds %d\n", open_fds - 1);  /* less the listing's own */
    return 0;
}
"""
    result = run(session, "c", source, Limits(cpu_ms=1500, file_bytes=100_000)).result
    assert result.status is RunStatus.OK, result
    assert result.stdout.decode().splitlines() == [
        "soft 3 100001",
        "cpu 3 4",  # ceil(1.5 s) + 1 s, a backstop behind the watch of the cgroup's CPU time
        "fsize 100001 100001",
        "ignored 0 blocked 0",
        "own group 1",
        "fds 3",
    ]
