"""Two sandboxed programs connected by pipes (``sandbox.interactive``): a validator that plays a guessing game
and contestants' programs that play well, badly, or not at all. On every backend."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sandbox.interactive import Interaction, interact
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.result import RunStatus
from sandbox.session import Backend, Session

from .conformance_helpers import SEND_INTO_OWN_QUEUE

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

# Thinks of the number in the file "input"; answers each guess with "lower", "higher" or "correct"; accepts (42)
# after a correct guess within 10, else rejects (43). It notes what it saw in feedback/judgemessage.txt.
GUESS_VALIDATOR = """\
import sys
secret = int(open(sys.argv[1]).read())
log = open(sys.argv[3] + "judgemessage.txt", "w")
for turn in range(10):
    line = sys.stdin.readline()
    if not line.strip().lstrip("-").isdigit():
        log.write(f"guess {turn + 1}: no number\\n")
        sys.exit(43)
    guess = int(line)
    log.write(f"guess {turn + 1}: {guess}\\n")
    if guess == secret:
        print("correct", flush=True)
        if sys.stdin.read().strip():
            log.write("trailing output\\n")
            sys.exit(43)
        sys.exit(42)
    print("lower" if guess > secret else "higher", flush=True)
log.write("no correct guess in 10\\n")
sys.exit(43)
"""

BISECT_C = r"""
#include <stdio.h>
#include <string.h>
int main(void) {
    int lo = 1, hi = 1000; char reply[32];
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        printf("%d\n", mid); fflush(stdout);
        if (scanf("%31s", reply) != 1) return 1;
        if (!strcmp(reply, "correct")) return 0;
        if (!strcmp(reply, "lower")) hi = mid - 1; else lo = mid + 1;
    }
    return 0;
}
"""

PROGRAM_LIMITS = Limits(cpu_ms=1000, wall_ms=3000, memory_kb=128 * 1024)
VALIDATOR_LIMITS = Limits(cpu_ms=5000, wall_ms=10000, memory_kb=256 * 1024)


@pytest.fixture
def validator(backend: Backend) -> Iterator[Session]:
    with backend.open_session() as opened:
        assert opened.compile(LANGUAGES["python"], GUESS_VALIDATOR.encode()).ok
        yield opened


def play(program: Session, validator: Session, language: str, source: str, secret: int = 617) -> Interaction:
    compiled = program.compile(LANGUAGES[language], source.encode())
    assert compiled.ok, compiled.output
    return interact(
        program,
        PROGRAM_LIMITS,
        validator,
        VALIDATOR_LIMITS,
        validator_args=("input", "judge_answer", "feedback/"),
        validator_files={"input": str(secret).encode(), "judge_answer": b"", "feedback/": b""},
        validator_collect=("feedback/",),
    )


def test_a_good_player_is_accepted(session: Session, validator: Session) -> None:
    played = play(session, validator, "c", BISECT_C)
    assert played.program.result.status is RunStatus.OK
    assert played.validator.result.exit_code == 42
    log = played.validator.files["feedback/judgemessage.txt"].decode()
    assert "617" in log and log.count("guess") <= 10
    assert played.program.result.stdout.split()[-1] == b"617"  # its last guess


def test_both_sessions_serve_again_afterwards(session: Session, validator: Session) -> None:
    for secret in (1, 1000, 500):
        played = play(session, validator, "c", BISECT_C, secret)
        assert played.validator.result.exit_code == 42, played.validator.files


def test_a_wrong_player_is_rejected_first(session: Session, validator: Session) -> None:
    always_one = "import sys\nwhile True:\n    print(1, flush=True)\n    if not sys.stdin.readline(): break\n"
    played = play(session, validator, "python", always_one)
    assert played.validator.result.exit_code == 43
    assert played.validator_first
    assert "no correct guess" in played.validator.files["feedback/judgemessage.txt"].decode()


def test_a_silent_program_ends_by_its_time_limit(session: Session, validator: Session) -> None:
    start = time.monotonic()
    played = play(session, validator, "python", "import sys\nsys.stdin.read()\n")
    assert played.program.result.status is RunStatus.TLE
    assert not played.validator_first
    assert played.validator.result.exit_code == 43  # its input ended without a guess
    assert time.monotonic() - start < 15


def test_a_program_that_never_reads_and_floods_ends_in_a_verdict(session: Session, validator: Session) -> None:
    flood = 'import sys\nwhile True:\n    sys.stdout.write("5\\n" * 10000)\n'
    played = play(session, validator, "python", flood)
    assert played.validator.result.exit_code == 43
    assert played.program.result.status in (RunStatus.TLE, RunStatus.OLE, RunStatus.RE)


def test_a_program_that_exits_at_once(session: Session, validator: Session) -> None:
    played = play(session, validator, "python", "pass\n")
    assert played.program.result.status is RunStatus.OK
    assert played.validator.result.exit_code == 43
    assert not played.validator_first


def test_a_crash_after_the_correct_guess_is_the_programs(session: Session, validator: Session) -> None:
    crash = "import sys\nprint(617, flush=True)\nsys.stdin.readline()\nraise SystemExit(3)\n"
    played = play(session, validator, "python", crash)
    assert played.validator.result.exit_code == 42
    assert played.program.result.status is RunStatus.RE


# Writes the whole input, closes its output and waits for the answer: the program reads to the end of its input.
CLOSING_VALIDATOR = """\
import os
import sys
sys.stdout.write("3 4 5\\n")
sys.stdout.flush()
os.close(1)
sys.exit(42 if sys.stdin.read().split() == ["12"] else 43)
"""


def test_a_validator_that_closes_its_output_ends_the_programs_input(session: Session, backend: Backend) -> None:
    """As through a pipe (BAPCtools' pseudointeraction): the program sees the end of its input at once, where it
    waited for the validator's end and met its time limit."""
    with backend.open_session() as closing:
        assert closing.compile(LANGUAGES["python"], CLOSING_VALIDATOR.encode()).ok
        compiled = session.compile(LANGUAGES["python"], b"import sys\nprint(sum(map(int, sys.stdin.read().split())))\n")
        assert compiled.ok
        played = interact(session, PROGRAM_LIMITS, closing, VALIDATOR_LIMITS)
    assert played.program.result.status is RunStatus.OK
    assert played.program.result.stdout == b"12\n"
    assert played.validator.result.exit_code == 42


# Gives its answer and waits for the validator to have written ahead of it, its stdin's read end sent meanwhile into
# a unix socket's own queue (held there by no process once it ends, until the kernel collects the cycle).
STDIN_KEPT_IN_FLIGHT = (
    SEND_INTO_OWN_QUEUE
    + r"""#include <stdio.h>
int main(void) {
    int pair[2];
    send_into_own_queue(0, pair);
    printf("1\n");
    fflush(stdout);
    usleep(300000);
    close(pair[1]);
    close(pair[0]);
    return 0;
}
"""
)
FLOODING_VALIDATOR = """import sys
sys.stdout.write("7\\n" * 150000)
sys.stdout.flush()
sys.exit(42 if sys.stdin.readline() else 43)
"""


def test_a_program_input_no_process_reads_is_dropped_when_the_program_ends(session: Session, backend: Backend) -> None:
    """The harness wrote the validator's lines into the program's stdin, waiting while the pipe was full: a read end
    that no process held, in a unix socket's queue, kept it waiting after the program's end (12 s here, until the
    kernel collected the cycle) before it served the session's next command. What is still fed once the program
    has ended is dropped."""
    with backend.open_session() as flooding:
        assert flooding.compile(LANGUAGES["python"], FLOODING_VALIDATOR.encode()).ok
        assert session.compile(LANGUAGES["c"], STDIN_KEPT_IN_FLIGHT.encode()).ok
        for _ in range(3):
            start = time.monotonic()
            played = interact(session, PROGRAM_LIMITS, flooding, VALIDATOR_LIMITS)
            took = time.monotonic() - start
            assert (played.program.result.status, played.validator.result.exit_code) == (RunStatus.OK, 42)
            assert took < 3, took


# Lowers its own priority below the harness's (SCHED_IDLE), then writes its output a byte at a time: each byte wakes
# the harness, which then runs before it, so that its main thread mostly waits for the CPU its own judge holds.
TRICKLE_BEHIND_THE_HARNESS = r"""#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
int main(void) {
    struct sched_param none = {0};
    sched_setscheduler(0, SCHED_IDLE, &none);
    for (;;) write(1, "5", 1);
}
"""


def test_a_program_that_waits_behind_the_harness_by_its_own_priority_is_stopped_at_its_cap(
    session: Session, validator: Session
) -> None:
    """The wall-clock cap excuses the time a program waited for a busy CPU, and a run that mostly waited for ten caps
    is the judge's error (the machine too busy, graded again later). A program that lowered its own priority and made
    the harness busy (a byte of output at a time) waited so by its own doing: at a problem's wall limit equal to its
    time limit it was that judge error on every grading (after 5 s at 0.5 s), where DOMjudge gives TLE. Its waits are
    no longer excused."""
    compiled = session.compile(LANGUAGES["c"], TRICKLE_BEHIND_THE_HARNESS.encode())
    assert compiled.ok, compiled.output
    start = time.monotonic()
    played = interact(
        session,
        Limits(cpu_ms=500, wall_ms=500),
        validator,
        VALIDATOR_LIMITS,
        validator_args=("input", "judge_answer", "feedback/"),
        validator_files={"input": b"617", "judge_answer": b"", "feedback/": b""},
        validator_collect=("feedback/",),
    )
    assert played.program.result.status is RunStatus.TLE, played.program.result
    assert time.monotonic() - start < 4
