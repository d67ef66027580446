"""What every sandbox backend promises about limits: memory, time, output, processes, and how a program ends (the
compiler's: ``test_compile_limits``)."""

from __future__ import annotations

import signal
import time

import pytest

from sandbox import cgroups
from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Backend, SandboxError, Session

from .conformance_helpers import HELLO, run

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes


@pytest.mark.parametrize("how", ["one block", "many blocks"])
def test_memory_limit(session: Session, how: str) -> None:
    allocate = {
        "one block": "volatile char *p = malloc(512 << 20); for (int i = 0; i < 512 << 20; i += 4096) p[i] = 1;",
        "many blocks": "for (int i = 0; i < 512; i++) { volatile char *p = malloc(1 << 20); "
        "for (int j = 0; j < 1 << 20; j += 4096) p[j] = 1; }",
    }[how]
    source = f"#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void) {{ {allocate} }}\n"
    result = run(session, "c", source, Limits(memory_kb=64 * 1024)).result
    assert result.status is RunStatus.MLE, result


def test_memory_within_the_limit_is_measured(session: Session) -> None:
    source = """#include <stdlib.h>
#include <string.h>
int main(void) { volatile char *p = malloc(40 << 20); for (int i = 0; i < 40 << 20; i += 4096) p[i] = 1; }
"""
    result = run(session, "c", source, Limits(memory_kb=64 * 1024)).result
    assert result.ok, result
    assert 40 * 1024 <= result.memory_kb < 64 * 1024


def test_a_memory_limit_above_the_sandboxs_own_cap_is_the_runs(session: Session) -> None:
    # a problem of 3 GiB, a program of 2.5 GiB: the sandbox (2 GiB) grows for the run, so that the program is
    # judged on its output as the references judge it, where it was MLE at the sandbox's cap
    source = """#include <stdio.h>
#include <stdlib.h>
int main(void) { size_t n = (size_t)2560 << 20; volatile char *p = malloc(n);
for (size_t i = 0; i < n; i += 4096) p[i] = 1; puts("ok"); }
"""
    result = run(session, "c", source, Limits(memory_kb=3 << 20, cpu_ms=10_000)).result
    assert result.ok and result.stdout == b"ok\n", result
    assert 2560 << 10 <= result.memory_kb < 3 << 20
    # and the run's own limit still binds
    limited = session.run(Limits(memory_kb=(2 << 20) + (256 << 10), cpu_ms=10_000)).result
    assert limited.status is RunStatus.MLE, limited


def test_a_memory_limit_the_host_cannot_give_is_the_judges_error(session: Session) -> None:
    # never a wrong MLE or RE of the program's: the host's memory is named, and the session serves on
    run(session, "c", HELLO["c"])
    too_much = (cgroups.host_memory_bytes() >> 10) + (1 << 20)
    with pytest.raises(SandboxError, match="cannot give a run"):
        session.run(Limits(memory_kb=too_much))
    assert session.run(Limits()).result.stdout == b"Xin chao\n"


def test_cpu_time_limit(session: Session) -> None:
    limits = Limits(cpu_ms=500)
    result = run(session, "c", "int main(void) { for (volatile long i = 0;; i++); }\n", limits).result
    assert result.status is RunStatus.TLE, result
    assert result.cpu_ms >= 500
    assert result.wall_ms < limits.effective_wall_ms  # stopped by its CPU time, not by the clock


def test_wall_clock_limit(session: Session) -> None:
    limits = Limits(cpu_ms=500)
    result = run(session, "c", "#include <unistd.h>\nint main(void) { sleep(1000); }\n", limits).result
    assert result.status is RunStatus.TLE, result
    assert result.cpu_ms < 100
    assert limits.effective_wall_ms <= result.wall_ms < limits.effective_wall_ms + 1000


def test_cpu_time_counts_children(session: Session) -> None:
    source = """#include <sys/wait.h>
#include <unistd.h>
#include <time.h>
int main(void) {
    if (fork() == 0) { while (clock() < CLOCKS_PER_SEC * 3 / 10); return 0; }
    wait(NULL);
}
"""
    result = run(session, "c", source).result
    assert result.ok, result
    assert result.cpu_ms >= 280


def test_cpu_time_limit_counts_children(session: Session) -> None:
    source = """#include <unistd.h>
int main(void) { fork(); fork(); for (volatile long i = 0;; i++); }
"""
    limits = Limits(cpu_ms=1000, wall_ms=5000)
    result = run(session, "c", source, limits).result
    assert result.status is RunStatus.TLE, result
    # Each process alone stays under RLIMIT_CPU (whole seconds, per process) for two seconds, eight together:
    # stopped well before that, the four were counted together. CPU time, not wall time, so that a busy machine
    # (which stretches the wall clock, not the CPU the four get) does not change the answer.
    assert 1000 <= result.cpu_ms < 1900, result


def test_big_input_and_output(session: Session) -> None:
    data = bytes(range(256)) * (32 * 1024)  # 8 MiB
    source = """#include <stdio.h>
char buf[65536];
int main(void) { size_t n; while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout); }
"""
    execution = run(session, "c", source, stdin=data, files={"big.bin": data}, collect=["big.bin"])
    assert execution.result.ok, execution.result
    assert execution.result.stdout == data
    assert execution.files["big.bin"] == data


def test_one_input_under_many_names_is_held_once(session: Session) -> None:
    # a Themis task's input goes under each spelling of its name (TONG.INP, tong.inp, ...): six copies of 100 MiB
    # and the request carrying them were more than the sandbox holds, and its harness died (a judge error)
    given = b"1" * (100 << 20)
    names = ("TONG.INP", "TONG.inp", "tong.INP", "tong.inp", "Tong.INP", "Tong.inp")
    source = """#include <stdio.h>
#include <sys/stat.h>
int main(void) {
    const char *names[] = {"TONG.INP", "TONG.inp", "tong.INP", "tong.inp", "Tong.INP", "Tong.inp"};
    struct stat first, other;
    stat(names[0], &first);
    for (int i = 1; i < 6; i++) if (stat(names[i], &other) || other.st_size != first.st_size) return 1;
    printf("%lld\\n", (long long)first.st_size);
}
"""
    execution = run(session, "c", source, Limits(), stdin=given, files=dict.fromkeys(names, given))
    assert execution.result.ok, execution.result
    assert execution.result.stdout == b"104857600\n"


def test_python_memory_limit(session: Session) -> None:
    result = run(session, "python", "x = [0] * (200 * 1024 * 1024)\n", Limits(memory_kb=64 * 1024)).result
    assert result.status is RunStatus.MLE, result


def test_output_flood(session: Session) -> None:
    source = '#include <stdio.h>\nint main(void) { for (;;) fputs("flood flood flood\\n", stdout); }\n'
    result = run(session, "c", source, Limits(output_bytes=1 << 20)).result
    assert result.status is RunStatus.OLE, result
    assert len(result.stdout) <= 1 << 20


@pytest.mark.parametrize(
    ("after", "expected"),
    [("for (;;) putchar(' ');", RunStatus.TLE), ("abort();", RunStatus.RE), ("return 0;", RunStatus.OLE)],
    ids=["without end", "then a crash", "then the end"],
)
def test_a_drained_stdout_is_judged_after_the_run_as_problemtools_judges_it(
    session: Session, after: str, expected: RunStatus
) -> None:
    # a contestant's program is not stopped at the output limit: problemtools (and DOMjudge's test-fill-stdout)
    # give a program that writes without end TLE and one that crashes after writing too much RE; only a run that
    # ended well with too much output is OLE
    source = f"""#include <stdio.h>
#include <stdlib.h>
int main(void) {{ for (long i = 0; i < (2L << 20); i++) putchar('x'); fflush(stdout); {after} }}
"""
    limits = Limits(output_bytes=1 << 20)
    assert run(session, "c", source, limits).result.status is RunStatus.OLE  # not drained: stopped at the limit
    drained = session.run(limits, drain_stdout=True).result
    assert drained.status is expected, drained
    assert len(drained.stdout) <= 1 << 20


def test_the_console_is_drained_when_a_file_is_the_output(session: Session) -> None:
    # a Themis file task: stdout is judged only when the program leaves no output file, so past the limit it is
    # dropped as it comes (64 MiB here, 64 times the limit), not stopped
    source = """#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) { static char line[4096]; memset(line, 'x', sizeof line - 1);
if (argc > 1) { FILE *f = fopen("TASK.OUT", "w"); fputs("42\\n", f); fclose(f); }
for (int i = 0; i < 16384; i++) puts(line); return 0; }
"""
    compiled = run(session, "c", source, Limits(), stdin=b"")  # compiled once; its stdout is 64 MiB: OLE
    assert compiled.result.status is RunStatus.OLE
    limits = Limits(output_bytes=1 << 20, cpu_ms=5000)
    written = session.run(limits, args=["file"], collect=["TASK.OUT"], stdout_if_no_file=True)
    assert written.result.status is RunStatus.OK, written.result
    assert written.files == {"TASK.OUT": b"42\n"} and len(written.result.stdout) == 1 << 20
    console = session.run(limits, collect=["TASK.OUT"], stdout_if_no_file=True).result
    assert console.status is RunStatus.OLE, console


def test_output_past_the_limit_is_ole_even_when_the_program_ended_first(session: Session) -> None:
    # one write past the limit and the program is gone before it can be stopped: still OLE (it was OK about once
    # in 40 runs, the output cut at the limit), as problemtools judges the output's size after the run
    source = '#include <unistd.h>\nint main(void) { write(1, "0123456789ab", 12); return 0; }\n'
    compiled = run(session, "c", source)
    assert compiled.result.ok
    statuses = {session.run(Limits(output_bytes=11)).result.status for _ in range(200)}
    assert statuses == {RunStatus.OLE}


def test_huge_file(session: Session) -> None:
    source = """#include <stdio.h>
int main(void) { FILE *f = fopen("TASK.OUT", "w"); for (;;) fputs("0123456789abcdef", f); }
"""
    execution = run(session, "c", source, Limits(file_bytes=1 << 20), collect=["TASK.OUT"])
    assert execution.result.status is RunStatus.OLE, execution.result
    assert len(execution.files.get("TASK.OUT", b"")) <= 1 << 20


@pytest.mark.parametrize("how", ["raise(SIGXFSZ)", "kill(getpid(), SIGXFSZ)"])
def test_a_sigxfsz_without_output_over_the_limit_is_a_run_time_error(session: Session, how: str) -> None:
    # problemtools and DOMjudge judge a death by any signal but SIGXCPU as a run-time error; only output past
    # the limit is OLE
    source = f"""#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {{ FILE *f = fopen("TASK.OUT", "w"); fputs("42\\n", f); fclose(f); puts("42"); fflush(stdout);
{how}; return 0; }}
"""
    result = run(session, "c", source, Limits(file_bytes=1 << 20)).result
    assert result.status is RunStatus.RE, result
    assert result.signal == signal.SIGXFSZ


@pytest.mark.parametrize("depth", [2, 3000], ids=["a folder", "past PATH_MAX"])
def test_a_huge_file_in_a_folder_is_output_over_the_limit(session: Session, depth: int) -> None:
    source = f"""#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {{ for (int i = 0; i < {depth}; i++) if (mkdir("d", 0755) || chdir("d")) return 3;
FILE *f = fopen("big", "w"); for (;;) fputs("0123456789abcdef", f); }}
"""
    assert run(session, "c", source, Limits(file_bytes=1 << 20)).result.status is RunStatus.OLE


def test_files_the_judge_gives_are_not_files_the_program_wrote(session: Session) -> None:
    # the program (12 MiB of initialised data) and its input file (9 MiB) are larger than the files it may write:
    # neither is output, so the run is judged on what it printed, as problemtools and DOMjudge judge it
    source = """#include <stdio.h>
int table[3 << 20] = {1};
int main(void) { FILE *f = fopen("TASK.INP", "r"); printf("%c %d\\n", fgetc(f), table[0]); }
"""
    given = b"7" + b" " * (9 << 20)
    result = run(session, "c", source, Limits(), files={"TASK.INP": given}).result
    assert result.ok, result
    assert result.stdout == b"7 1\n"
    # once the program changes it, the file is one it wrote, judged by its size as any other
    rewrite = """#include <stdio.h>
#include <signal.h>
int main(void) { signal(SIGXFSZ, SIG_IGN); FILE *f = fopen("TASK.INP", "r+"); fputc('8', f); fclose(f); }
"""
    assert run(session, "c", rewrite, Limits(), files={"TASK.INP": given}).result.status is RunStatus.OLE


def test_a_given_file_moved_or_linked_unchanged_is_still_not_output(session: Session) -> None:
    # the 9 MiB input, renamed into a folder and linked under another name, is the judge's file still
    source = """#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) { mkdir("d", 0755); if (rename("TASK.INP", "d/kept") || link("d/kept", "copy")) return 3;
puts("7"); return 0; }
"""
    result = run(session, "c", source, Limits(), files={"TASK.INP": b"7" + b" " * (9 << 20)}).result
    assert result.ok and result.stdout == b"7\n", result


def test_deep_recursion_works_with_the_stack_as_big_as_memory(session: Session) -> None:
    source = """#include <cstdio>
#include <vector>
std::vector<std::vector<int>> child;
int depth(int u) { int best = 0; for (int v : child[u]) best = std::max(best, depth(v) + 1); return best; }
int main() {
    int n = 1000000; child.resize(n);
    for (int i = 0; i + 1 < n; i++) child[i].push_back(i + 1);
    std::printf("%d\\n", depth(0));
}
"""
    result = run(session, "cpp", source, Limits(cpu_ms=3000, memory_kb=256 * 1024)).result
    assert result.ok, result
    assert result.stdout == b"999999\n"


def test_kill_everything_only_kills_the_program(session: Session) -> None:
    killer = '#include <signal.h>\n#include <stdio.h>\nint main(void) { kill(-1, SIGKILL); puts("alive"); }\n'
    result = run(session, "c", killer).result  # Linux spares the caller of kill(-1) and, here, the harness
    assert result.stdout == b"alive\n", result
    assert run(session, "c", HELLO["c"]).result.stdout == b"Xin chao\n"


def test_signals_to_the_harness_change_nothing(session: Session) -> None:
    source = """#include <signal.h>
#include <stdio.h>
int main(void) {
    for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) kill(1, s);
    kill(1, SIGKILL);
    kill(1, SIGSTOP);
    puts("done");
}
"""
    assert run(session, "c", source).result.stdout == b"done\n"
    assert run(session, "c", HELLO["c"]).result.stdout == b"Xin chao\n"


def test_fork_bomb_is_contained(session: Session) -> None:
    bomb = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n"
    started = time.monotonic()
    result = run(session, "c", bomb, Limits(cpu_ms=500, processes=16)).result
    assert result.status in (RunStatus.TLE, RunStatus.RE), result
    assert time.monotonic() - started < 10
    assert run(session, "c", HELLO["c"]).result.ok


def test_exit_code_and_signal(session: Session) -> None:
    exited = run(session, "c", "int main(void) { return 3; }\n").result
    assert (exited.status, exited.exit_code, exited.signal) == (RunStatus.RE, 3, None)
    crashed = run(session, "c", "int main(void) { volatile int *p = 0; return *p; }\n").result
    assert (crashed.status, crashed.exit_code, crashed.signal) == (RunStatus.RE, None, signal.SIGSEGV)


def test_the_start_and_the_end_of_a_long_stderr_are_kept(session: Session) -> None:
    """A program's last words (a traceback) and a testlib checker's verdict come last on stderr: past the first
    64 KiB they were lost. The start and the last 16 KiB are kept, with a line saying how much went between."""
    source = 'import sys\nfor i in range(20000):\n    print(f"line {i:05d}", file=sys.stderr)\nsys.exit("the end")\n'
    result = run(session, "python", source).result
    assert result.status is RunStatus.RE
    assert result.stderr.startswith(b"line 00000\nline 00001\n")
    assert result.stderr.endswith(b"line 19999\nthe end\n")
    head, _, rest = result.stderr.partition(b"\n[... ")
    left_out, _, end = rest.partition(b" bytes left out ...]\n")
    assert (len(head), len(end)) == (64 * 1024, 16 * 1024)
    assert int(left_out) == 20000 * len(b"line 00000\n") + len(b"the end\n") - len(head) - len(end)


def test_close_twice(backend: Backend) -> None:
    session = backend.open_session()
    session.close()
    session.close()
