"""Interactive and multi-pass Kattis problems graded end to end (``judge.passes``), from packages the tests build:
a guessing game whose validator (in C) answers "higher" or "lower", and a multi-pass "cipher" problem whose
validator (in Python) keeps its state in the feedback folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from judge.grader import Report, grade
from judge.package import load_problem
from judge.problem import Problem
from judge.verdict import Verdict
from sandbox.languages import LANGUAGES
from sandbox.session import Backend

pytestmark = [pytest.mark.bwrap, pytest.mark.slow]

# Thinks of the first number of its input; after a correct guess within 10 it accepts, and when the input holds
# a second number it asks for another pass (multi-pass) with that number as the next input.
GUESS_VALIDATOR = r"""
#include <stdio.h>
int main(int argc, char **argv) {
    FILE *in = fopen(argv[1], "r");
    int secret, next = -1;
    if (argc < 4 || !in || fscanf(in, "%d %d", &secret, &next) < 1) return 1;
    char path[4096];
    snprintf(path, sizeof path, "%sjudgemessage.txt", argv[3]);
    FILE *message = fopen(path, "a");
    for (int turn = 1; turn <= 10; turn++) {
        int guess;
        if (scanf("%d", &guess) != 1) { fprintf(message, "guess %d: no number\n", turn); return 43; }
        if (guess == secret) {
            printf("correct\n");
            fflush(stdout);
            if (next >= 0) {
                snprintf(path, sizeof path, "%snextpass.in", argv[3]);
                FILE *pass = fopen(path, "w");
                fprintf(pass, "%d\n", next);
                fclose(pass);
            }
            return 42;
        }
        printf(guess > secret ? "lower\n" : "higher\n");
        fflush(stdout);
    }
    fprintf(message, "no correct guess in 10\n");
    return 43;
}
"""

BISECT = r"""
#include <stdio.h>
#include <string.h>
int main(void) {
    int lo = 1, hi = HIGHEST; char reply[32];
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        printf("%d\n", mid); fflush(stdout);
        if (scanf("%31s", reply) != 1) return 0;
        if (!strcmp(reply, "correct")) return 0;
        if (!strcmp(reply, "lower")) hi = mid - 1; else lo = mid + 1;
    }
    return 0;
}
"""

# Pass 1: the program enciphers the word of its input (each letter shifted by one); the validator checks that it
# is a cipher, notes in the feedback folder that pass 1 is done and gives "decode <cipher>" as the next input.
# Pass 2: the program must decipher it back to the word (the judge's answer).
CIPHER_VALIDATOR = """\
import os
import sys

given, answer, feedback = sys.argv[1:4]
output = sys.stdin.read().split()
state = os.path.join(feedback, "state")
word = open(answer).read().strip()
if not os.path.exists(state):
    if len(output) != 1 or len(output[0]) != len(word) or output[0] == word:
        open(os.path.join(feedback, "judgemessage.txt"), "w").write("pass 1: not a cipher")
        sys.exit(43)
    open(state, "w").write("pass 1 done")
    open(os.path.join(feedback, "nextpass.in"), "w").write("decode " + output[0] + "\\n")
    sys.exit(42)
if open(given).read().split()[0] != "decode":
    sys.exit(1)
if output != [word]:
    open(os.path.join(feedback, "judgemessage.txt"), "w").write("pass 2: not the word")
    sys.exit(43)
sys.exit(42)
"""

CIPHER = """\
words = input().split()
shift = SHIFT if words[0] == "decode" else 1
print("".join(chr(ord(c) + shift) for c in words[-1]))
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


def judge(problem: Problem, source: str, language: str, backend: Backend) -> Report:
    return grade(problem, source.encode(), LANGUAGES[language], backend)


@pytest.fixture(scope="module")
def guess(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    files = {
        "problem.yaml": "name: Guess\nvalidation: custom interactive\n",
        ".timelimit": "1\n",
        "output_validators/guess/validate.c": GUESS_VALIDATOR,
        "data/sample/1.in": "500\n",
        "data/sample/1.ans": "\n",
    }
    for number, secret in enumerate((1, 617, 1000), start=1):
        files[f"data/secret/{number}.in"] = f"{secret}\n"
        files[f"data/secret/{number}.ans"] = "\n"
    return load_problem(write(tmp_path_factory.mktemp("guess"), files))


@pytest.fixture(scope="module")
def guess_twice(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    files = {
        "problem.yaml": "name: Guess twice\nvalidation: custom interactive multi-pass\n",
        ".timelimit": "1\n",
        "output_validators/guess/validate.c": GUESS_VALIDATOR,
        "data/secret/1.in": "617 1000\n",
        "data/secret/1.ans": "\n",
    }
    return load_problem(write(tmp_path_factory.mktemp("guess_twice"), files))


def cipher_package(root: Path, validator: str = CIPHER_VALIDATOR, passes: int = 2) -> Problem:
    files = {
        "problem.yaml": f"name: Cipher\nvalidation: custom multi-pass\nlimits:\n  validation_passes: {passes}\n",
        ".timelimit": "1\n",
        "output_validators/cipher/validate.py": validator,
        "data/secret/1.in": "hello\n",
        "data/secret/1.ans": "hello\n",
        "data/secret/2.in": "judge\n",
        "data/secret/2.ans": "judge\n",
    }
    return load_problem(write(root, files))


@pytest.fixture(scope="module")
def cipher(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    return cipher_package(tmp_path_factory.mktemp("cipher"))


def verdicts(report: Report) -> list[Verdict]:
    return [test.verdict for test in report.tests]


# -- interactive ------------------------------------------------------------------------------------------------


def test_a_good_player_is_accepted(guess: Problem, backend: Backend) -> None:
    report = judge(guess, BISECT.replace("HIGHEST", "1000"), "c", backend)
    assert report.verdict is Verdict.AC
    assert verdicts(report) == [Verdict.AC] * 4
    assert all(test.time_ms < 1000 for test in report.tests)


def test_an_off_by_one_player_gets_wrong_answer(guess: Problem, backend: Backend) -> None:
    report = judge(guess, BISECT.replace("HIGHEST", "999"), "c", backend)  # never guesses 1000
    assert report.verdict is Verdict.WA
    assert verdicts(report) == [Verdict.AC, Verdict.AC, Verdict.AC, Verdict.WA]
    assert report.tests[-1].message == "no correct guess in 10"  # the validator's judgemessage.txt


def test_a_python_player_is_accepted(guess: Problem, backend: Backend) -> None:
    source = """\
lo, hi = 1, 1000
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    reply = input()
    if reply == "correct":
        break
    if reply == "lower":
        hi = mid - 1
    else:
        lo = mid + 1
"""
    assert judge(guess, source, "python", backend).verdict is Verdict.AC


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import sys\nsys.stdin.read()\n", Verdict.TLE),  # waits for a question that never comes
        ("while True:\n    pass\n", Verdict.TLE),  # never reads, never writes
        ("import sys\nwhile True:\n    sys.stdout.write('5\\n' * 10000)\n", Verdict.WA),  # floods: rejected first
        ("pass\n", Verdict.WA),  # closes at once: its guesses never came
        ("print(1, flush=True)\ninput()\nraise SystemExit(3)\n", Verdict.RE),  # crashes while still playing
    ],
    ids=["silent", "busy", "flood", "closes-early", "crash"],
)
def test_every_misbehaviour_ends_in_a_verdict(guess: Problem, backend: Backend, source: str, expected: Verdict) -> None:
    report = judge(guess, source, "python", backend)
    assert report.tests[0].verdict is expected, report.tests[0]
    assert Verdict.JE not in verdicts(report)


def test_a_crash_after_the_correct_answer_is_a_run_time_error(guess: Problem, backend: Backend) -> None:
    source = BISECT.replace("HIGHEST", "1000").replace('"correct")) return 0', '"correct")) return 5')
    assert judge(guess, source, "c", backend).tests[0].verdict is Verdict.RE


@pytest.mark.parametrize(
    ("after", "expected"),
    [(100 << 10, Verdict.AC), (4 << 20, Verdict.TLE), (-1, Verdict.TLE)],
    ids=["a little", "more than a pipe holds", "without end"],
)
def test_writing_on_after_the_validator_accepted_is_judged_as_problemtools_pipe_would(
    guess: Problem, backend: Backend, after: int, expected: Verdict
) -> None:
    # problemtools' runner keeps the pipe to the ended validator open: what fits in it (1 MiB) is never read and
    # the validator's AC stands; more blocks the program until the wall-clock limit, a TLE (not OLE here)
    chatter = f"for (long i = 0; {after} < 0 || i < {after}; i += 1024) fwrite(pad, 1, 1024, stdout);"
    source = BISECT.replace("HIGHEST", "1000").replace(
        '"correct")) return 0;', f'"correct")) {{ static char pad[1024]; {chatter} return 0; }}'
    )
    report = judge(guess, source, "c", backend)
    assert report.tests[0].verdict is expected, report.tests[0]


def test_interactive_and_multi_pass_together(guess_twice: Problem, backend: Backend) -> None:
    report = judge(guess_twice, BISECT.replace("HIGHEST", "1000"), "c", backend)
    assert verdicts(report) == [Verdict.AC]
    wrong = judge(guess_twice, BISECT.replace("HIGHEST", "999"), "c", backend)  # wins pass 1, not pass 2
    assert verdicts(wrong) == [Verdict.WA]


# -- multi-pass -------------------------------------------------------------------------------------------------


def test_multi_pass_accepts_a_program_that_answers_both_passes(cipher: Problem, backend: Backend) -> None:
    report = judge(cipher, CIPHER.replace("SHIFT", "-1"), "python", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.AC, [Verdict.AC, Verdict.AC])


def test_multi_pass_off_by_one_in_the_second_pass_is_wrong(cipher: Problem, backend: Backend) -> None:
    report = judge(cipher, CIPHER.replace("SHIFT", "-2"), "python", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.WA, [Verdict.WA])  # a pass-fail problem stops there
    assert report.tests[0].message == "pass 2: not the word"


def test_multi_pass_wrong_in_the_first_pass(cipher: Problem, backend: Backend) -> None:
    report = judge(cipher, "print(input())\n", "python", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.WA, [Verdict.WA])
    assert report.tests[0].message == "pass 1: not a cipher"


def test_multi_pass_time_is_the_slowest_pass(cipher: Problem, backend: Backend) -> None:
    """Each pass has the time limit, and problemtools reports a test's slowest pass (DOMjudge its last), which a
    time limit derived from the accepted submissions multiplies: hoithi reported the passes' total, so two passes
    of 0.4 s gave a derived limit of 2 s where problemtools derives 1 s."""
    slow = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end:\n    pass\n"
    report = judge(cipher, slow + CIPHER.replace("SHIFT", "-1"), "python", backend)
    assert verdicts(report) == [Verdict.AC, Verdict.AC]  # each pass within the limit of 1 s
    assert all(400 <= test.time_ms < 800 for test in report.tests)


def test_long_validator_messages_in_every_pass_are_cut_and_the_exit_codes_judge(
    tmp_path: Path, backend: Backend
) -> None:
    """problemtools reads 128 KiB of each feedback file and judges by the exit code: messages of 9 MiB (past the
    8 MiB a validator's file could be here: its OLE, a JE) in a multi-pass validator's first pass and an interactive
    validator's rejection give the exit codes' verdicts, the messages' starts kept."""
    long_first = CIPHER_VALIDATOR.replace(
        '    open(state, "w").write("pass 1 done")\n',
        '    open(state, "w").write("pass 1 done")\n'
        '    open(os.path.join(feedback, "judgemessage.txt"), "w").write("pass 1 fine" + "." * (9 << 20))\n',
    ).replace('write("pass 2: not the word")', 'write("pass 2: not the word" + "." * (9 << 20))')
    cipher = cipher_package(tmp_path, long_first)
    accepted = judge(cipher, CIPHER.replace("SHIFT", "-1"), "python", backend)
    assert (accepted.verdict, verdicts(accepted)) == (Verdict.AC, [Verdict.AC, Verdict.AC]), accepted.judge_log
    wrong = judge(cipher, CIPHER.replace("SHIFT", "-2"), "python", backend)
    assert (wrong.verdict, verdicts(wrong)) == (Verdict.WA, [Verdict.WA]), wrong.judge_log
    assert wrong.tests[0].message.startswith("pass 2: not the word...")
    long_reject = GUESS_VALIDATOR.replace(
        'fprintf(message, "no correct guess in 10\\n");',
        'fprintf(message, "no correct guess in 10\\n");\n'
        '    for (int i = 0; i < (9 << 20) / 8; i++) fputs(".......\\n", message);',
    )
    assert long_reject != GUESS_VALIDATOR
    files = {
        "problem.yaml": "name: Guess\nvalidation: custom interactive\n",
        ".timelimit": "1\n",
        "output_validators/guess/validate.c": long_reject,
        "data/secret/1.in": "1000\n",
        "data/secret/1.ans": "\n",
    }
    guess = load_problem(write(tmp_path / "guess", files))
    report = judge(guess, BISECT.replace("HIGHEST", "999"), "c", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.WA, [Verdict.WA]), report.judge_log
    assert report.tests[0].message.startswith("no correct guess in 10\n....")


def test_a_validator_that_wants_too_many_passes_is_a_judge_error(tmp_path: Path, backend: Backend) -> None:
    endless = (
        "import os, sys\nopen(os.path.join(sys.argv[3], 'nextpass.in'), 'w').write('again\\n')\n"
        "sys.stdin.read()\nsys.exit(42)\n"
    )
    problem = cipher_package(tmp_path, endless, passes=3)
    report = judge(problem, "print(input())\n", "python", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.JE, [Verdict.JE])
    assert "more than 3 passes" in report.judge_log


def test_a_validator_that_rejects_and_asks_for_a_pass_is_a_judge_error(tmp_path: Path, backend: Backend) -> None:
    confused = "import os, sys\nopen(os.path.join(sys.argv[3], 'nextpass.in'), 'w').write('x\\n')\nsys.exit(43)\n"
    report = judge(cipher_package(tmp_path, confused), "print(input())\n", "python", backend)
    assert (report.verdict, verdicts(report)) == (Verdict.JE, [Verdict.JE])
    assert "wrote nextpass.in and rejected" in report.judge_log


# Thinks for a second before it reads the first question, then answers each at once, until its input ends.
SLOW_VALIDATOR = r"""
#include <stdio.h>
#include <time.h>
int main(void) {
    char line[64];
    struct timespec pause = {1, 0};
    nanosleep(&pause, NULL);
    while (fgets(line, sizeof line, stdin)) {
        printf("0\n");
        fflush(stdout);
    }
    return 43;
}
"""


def test_a_program_that_asks_faster_than_the_validator_reads_blocks_into_a_tle_as_through_a_pipe(
    tmp_path: Path, backend: Backend
) -> None:
    """Questions without end while the validator has not begun to read (boolfind's test-loop). Through the
    references' pipes the program waits for the validator once a pipe's worth is unread, and when the validator
    then answers, for a reader of the answers it never reads: until its wall-clock limit (TLE). The relay took
    all it wrote, and it met its output limit (OLE)."""
    files = {
        "problem.yaml": "name: Slow\nvalidation: custom interactive\n",
        ".timelimit": "1\n",
        "output_validators/slow/validate.c": SLOW_VALIDATOR,
        "data/secret/1.in": "1\n",
        "data/secret/1.ans": "\n",
    }
    problem = load_problem(write(tmp_path, files))
    source = '#include <stdio.h>\nint main(void) { for (;;) fputs("? 1\\n", stdout); }\n'
    report = judge(problem, source, "c", backend)
    assert report.tests[0].verdict is Verdict.TLE, report.tests[0]
