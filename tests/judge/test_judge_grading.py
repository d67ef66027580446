"""Grading end to end on the real bubblewrap sandbox."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from judge.errors import JudgeError
from judge.grader import Report, grade
from judge.package import load_problem
from judge.problem import Problem, TestGroup
from judge.verdict import Verdict
from sandbox import cgroups
from sandbox.bwrap_backend import BwrapBackend
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend

pytestmark = [pytest.mark.bwrap, pytest.mark.slow]

DATA = Path(__file__).parent / "data"
Copy = Callable[[str], Path]


def judge(
    problem: Problem, source: str, language: str, backend: Backend, limits_override: Limits | None = None
) -> Report:
    return grade(problem, source.encode(), LANGUAGES[language], backend, limits_override=limits_override)


def reference(problem: Problem, path: str) -> bytes:
    return next(s.source for s in problem.submissions if s.path == path)


@pytest.fixture(scope="module")
def sum_task() -> Problem:
    return load_problem(DATA / "themis" / "SUM")


@pytest.fixture(scope="module")
def split() -> Problem:
    return load_problem(DATA / "kattis" / "split")


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("submissions/accepted/sum_fileio.cpp", "cpp"),  # SUM.INP -> SUM.OUT
        ("submissions/accepted/sum_lower.pas", "pascal"),  # sum.inp -> sum.out
        ("submissions/accepted/sum_stdio.py", "python"),  # stdin -> stdout
        ("submissions/accepted/sum_stdio.c", "c"),
    ],
)
def test_themis_accepts_file_io_and_stdio(path: str, language: str, sum_task: Problem, backend: Backend) -> None:
    report = grade(sum_task, reference(sum_task, path), LANGUAGES[language], backend)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100)
    assert [t.verdict for t in report.tests] == [Verdict.AC] * 5


def test_the_output_file_wins_over_stdout(sum_task: Problem, backend: Backend) -> None:
    source = """
a, b = map(int, open("SUM.INP").read().split())
print(a + b)
open("SUM.OUT", "w").write("0\\n")
"""
    report = judge(sum_task, source, "python", backend)
    assert [t.verdict for t in report.tests] == [Verdict.WA, Verdict.WA, Verdict.AC, Verdict.WA, Verdict.WA]


def test_wrong_answer_earns_the_tests_it_passes(sum_task: Problem, backend: Backend) -> None:
    source = reference(sum_task, "submissions/wrong_answer/difference.cpp")
    report = grade(sum_task, source, LANGUAGES["cpp"], backend)
    assert (report.verdict, report.score) == (Verdict.WA, 20)
    assert [t.score for t in report.tests] == [0, 0, 20, 0, 0]


def test_time_limit(sum_task: Problem, backend: Backend) -> None:
    two_tests = replace(sum_task, root=TestGroup("", sum_task.tests[:2]))  # each TLE costs about a second
    limits = sum_task.limits().with_(cpu_ms=300)
    report = judge(two_tests, "while True:\n    pass\n", "python", backend, limits_override=limits)
    assert (report.verdict, report.score) == (Verdict.TLE, 0)
    assert [t.verdict for t in report.tests] == [Verdict.TLE, Verdict.TLE]


def test_a_sleeping_program_costs_one_wall_clock_cap(sum_task: Problem, backend: Backend) -> None:
    one_test = replace(sum_task, root=TestGroup("", sum_task.tests[:1]))
    limits = sum_task.limits().with_(cpu_ms=300)  # wall-clock cap: max(2 x 0.3 s, 0.3 s + 1 s) = 1.3 s
    started = time.monotonic()
    report = judge(one_test, "import time\ntime.sleep(30)\n", "python", backend, limits_override=limits)
    assert report.verdict is Verdict.TLE
    assert time.monotonic() - started < 2 * limits.effective_wall_ms / 1000  # run once, not twice


def test_run_time_error(sum_task: Problem, backend: Backend) -> None:
    report = judge(sum_task, "int main() { int *p = 0; return *p; }", "cpp", backend)
    assert report.verdict is Verdict.RE


def test_memory_limit(sum_task: Problem, backend: Backend) -> None:
    limits = sum_task.limits().with_(memory_kb=64 * 1024)
    report = judge(sum_task, "x = bytearray(500 << 20)\nprint(len(x))\n", "python", backend, limits_override=limits)
    assert report.verdict is Verdict.MLE


def test_a_memory_limit_the_host_cannot_give_is_a_judge_error(sum_task: Problem, backend: Backend) -> None:
    # never the program's MLE or RE: the submission has no result, and the message says why
    too_much = (cgroups.host_memory_bytes() >> 10) + (1 << 20)
    with pytest.raises(JudgeError, match="this host cannot give a run"):
        judge(sum_task, "print(sum(map(int, input().split())))\n", "python", backend, Limits(memory_kb=too_much))


def test_compilation_error(sum_task: Problem, backend: Backend) -> None:
    report = judge(sum_task, "int main() { return undefined_name; }", "cpp", backend)
    assert (report.verdict, report.score, report.tests) == (Verdict.CE, 0, ())
    assert "undefined_name" in report.compile_output


def test_report_shape_progress_and_determinism(sum_task: Problem, backend: Backend) -> None:
    calls: list[tuple[int, int]] = []
    source = reference(sum_task, "submissions/wrong_answer/difference.cpp")
    first = grade(sum_task, source, LANGUAGES["cpp"], backend, progress=lambda k, n: calls.append((k, n)))
    second = grade(sum_task, source, LANGUAGES["cpp"], backend)
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    data = first.to_dict()
    assert set(data) == {"verdict", "score", "max_score", "compile_output", "tests"}
    assert set(data["tests"][0]) == {"name", "group", "verdict", "time_ms", "memory_kb", "score"}

    def stable(report: Report) -> dict[str, object]:
        data = report.to_dict()
        for test in data["tests"]:
            del test["time_ms"], test["memory_kb"]
        return data

    assert stable(first) == stable(second)


def test_the_program_never_sees_expected_outputs(split: Problem, backend: Backend) -> None:
    source = """
import os
n = int(input())
print(1, n - 1) if set(os.listdir(".")) <= {"main.py", "__pycache__"} else print("leak")
"""
    assert judge(split, source, "python", backend).verdict is Verdict.AC


def test_kattis_custom_validator_and_subtasks(split: Problem, backend: Backend) -> None:
    accepted = judge(split, "n = int(input())\nprint(n - 2, 2) if n > 2 else print(1, 1)\n", "python", backend)
    assert (accepted.verdict, accepted.score) == (Verdict.AC, 100)
    wrong = judge(split, "n = int(input())\nprint(0, n)\n", "python", backend)
    assert (wrong.verdict, wrong.score) == (Verdict.WA, 0)


def test_tests_larger_than_the_output_limit_are_judged(package: Copy, backend: Backend) -> None:
    # an input of 9 MiB, more than the 8 MiB a program may write: the validator is given it as a file, a Themis
    # program too; neither run is the judge's error or an OLE (it was every submission's)
    big = "1000" + " " * (9 << 20) + "\n"
    root = package("kattis/split")
    (root / "data/secret/group2/03.in").write_text(big)
    (root / "data/secret/group2/03.ans").write_text("1 999\n")
    report = judge(load_problem(root), "n = int(input())\nprint(1, n - 1)\n", "python", backend)
    assert (report.verdict, report.score) == (Verdict.AC, 100), report.judge_log
    task = package("themis/SUM")
    (task / "Test06").mkdir()
    (task / "Test06/SUM.INP").write_text("1 " + big)
    (task / "Test06/SUM.OUT").write_text("1001\n")
    sums = load_problem(task)
    themis = grade(sums, reference(sums, "submissions/accepted/sum_fileio.cpp"), LANGUAGES["cpp"], backend)
    assert [test.verdict for test in themis.tests] == [Verdict.AC] * 6


def test_kattis_group_scores_and_on_reject_break(split: Problem, backend: Backend) -> None:
    source = reference(split, "submissions/partially_accepted/int_overflow.cpp")
    report = grade(split, source, LANGUAGES["cpp"], backend)
    assert (report.verdict, report.score, report.max_score) == (Verdict.WA, 40, 100)
    # group2 says on_reject: break, so its second test never ran
    assert [(t.name, t.verdict) for t in report.tests] == [
        ("sample/1", Verdict.AC),
        ("secret/group1/01", Verdict.AC),
        ("secret/group1/02", Verdict.AC),
        ("secret/group2/01", Verdict.WA),
    ]


def test_float_tolerance(backend: Backend) -> None:
    circle = load_problem(DATA / "kattis" / "circle")
    close = judge(circle, "import math\nr = float(input())\nprint(math.pi * r * r + 1e-7)\n", "python", backend)
    assert close.verdict is Verdict.AC
    rough = judge(circle, "r = float(input())\nprint(3.14 * r * r)\n", "python", backend)
    assert rough.verdict is Verdict.WA


def test_themis_style_checker_gives_partial_credit(package: Copy, backend: Backend) -> None:
    root = package("themis/SUM")
    (root / "checker.py").write_text(
        """import sys
got, want = (int(open(name).read().split()[0]) for name in sys.argv[2:4])
print(1 if got == want else 0.5 if abs(got - want) == 1 else 0)
"""
    )
    report = judge(load_problem(root), "a, b = map(int, input().split())\nprint(a + b + 1)\n", "python", backend)
    assert (report.verdict, report.score) == (Verdict.WA, 50)
    assert [t.score for t in report.tests] == [10] * 5


def test_testlib_style_checker(package: Copy, backend: Backend) -> None:
    root = package("themis/SUM")
    (root / "testlib.h").write_text("#include <cstdio>\n")  # stands in for the real header
    (root / "checker.cpp").write_text(
        """#include "testlib.h"
int main(int argc, char **argv) {
    long long got, want;
    FILE *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
    if (fscanf(ans, "%lld", &want) != 1) return 3;
    if (fscanf(out, "%lld", &got) != 1) return 2;
    if (got == want) return 0;
    fprintf(stderr, "points 0.25\\n");
    return 7;
}
"""
    )
    problem = load_problem(root)
    source = reference(problem, "submissions/wrong_answer/difference.cpp")
    report = grade(problem, source, LANGUAGES["cpp"], backend)
    assert (report.verdict, report.score) == (Verdict.WA, 20 + 4 * 5)


OLD_TESTLIB = """#include <cstdio>
#include <cstdlib>
/* What testlib.h 0.8.7 to 0.9.6 (2013, POINTS_EXIT_CODE 0) does: its verdict line last on stderr, quitp's exit 0. */
#define quitp(points, message) (std::fprintf(stderr, "points %g %s\\n", (points), (message)), std::exit(0))
#define quit_ok() (std::fprintf(stderr, "ok the numbers are equal\\n"), std::exit(0))
"""


def test_an_old_testlib_checkers_points_are_points_though_it_exits_0(package: Copy, backend: Backend) -> None:
    """testlib 0.8.7 to 0.9.6 ended quitp(0.5, ...) with exit code 0 and its points on stderr: that was full
    marks, 100 for a submission that earns 60 (0.5 of four tests' 20)."""
    root = package("themis/SUM")
    (root / "testlib.h").write_text(OLD_TESTLIB)
    (root / "checker.cpp").write_text(
        """#include "testlib.h"
int main(int argc, char **argv) {
    long long got, want;
    FILE *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
    if (fscanf(ans, "%lld", &want) != 1) return 3;
    if (fscanf(out, "%lld", &got) != 1) return 2;
    fprintf(stderr, "points 1 (a line of the checker's own, not its verdict)\\n");
    if (got == want) quit_ok();
    quitp(0.5, "not the sum");
}
"""
    )
    problem = load_problem(root)
    source = reference(problem, "submissions/wrong_answer/difference.cpp")
    report = grade(problem, source, LANGUAGES["cpp"], backend)
    assert (report.verdict, report.score) == (Verdict.WA, 20 + 4 * 10)
    assert all(t.message.endswith("points 0.5 not the sum") for t in report.tests if t.verdict is Verdict.WA)


def test_a_checker_that_does_not_compile_is_a_judge_error(package: Copy, backend: Backend) -> None:
    root = package("kattis/split")
    (root / "output_validators" / "split_validator" / "validate.py").write_text("def broken(:\n")
    problem = load_problem(root)
    report = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert (report.verdict, report.score) == (Verdict.JE, 0)
    assert "validate.py does not compile" in report.judge_log
    assert "broken" not in report.compile_output  # the checker's compiler output is not the contestant's


def test_a_crashing_checker_is_a_judge_error(package: Copy, backend: Backend) -> None:
    root = package("kattis/split")
    (root / "output_validators" / "split_validator" / "validate.py").write_text("raise SystemExit(1)\n")
    problem = load_problem(root)
    report = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert report.verdict is Verdict.JE
    assert all(t.verdict is Verdict.JE for t in report.tests)
    assert "exited with code 1" in report.judge_log


def test_what_a_validator_prints_on_stdout_is_not_read_however_much(package: Copy, backend: Backend) -> None:
    """problemtools keeps a validator's stdout whole and reads none of it, DOMjudge up to 2.5 GB: 2 MiB of debug
    output (past the 1 MiB a checker's stdout had here) changes no verdict."""
    root = package("kattis/split")
    validator = root / "output_validators" / "split_validator" / "validate.py"
    validator.write_text(
        validator.read_text().replace("import sys\n", "import sys\n\nsys.stdout.write('.' * (2 << 20))\n")
    )
    problem = load_problem(root)
    report = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert (report.verdict, report.score) == (Verdict.AC, 100)


def test_a_validators_long_message_is_cut_and_its_exit_code_judges(package: Copy, backend: Backend) -> None:
    """problemtools reads a validator's judgemessage.txt whatever its size and judges by the exit code: a message of
    9 MiB (past the 8 MiB a validator's file could be here, its OLE: JE) gives the exit code's verdict, AC or WA,
    with the message's start kept."""
    root = package("kattis/split")
    validator = root / "output_validators" / "split_validator" / "validate.py"
    long_message = (
        "with open(sys.argv[3] + '/judgemessage.txt', 'w') as feedback:\n"
        "    feedback.write('start of the message ' + '.' * (9 << 20))\n"
    )
    validator.write_text(
        validator.read_text()
        .replace('        feedback.write(message + "\\n")\n', "        feedback.write(message + '.' * (9 << 20))\n")
        .replace("sys.exit(42)", long_message + "sys.exit(42)")
    )
    problem = load_problem(root)
    accepted = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert (accepted.verdict, accepted.score) == (Verdict.AC, 100), accepted.judge_log
    wrong = grade(problem, reference(problem, "submissions/wrong_answer/zero.py"), LANGUAGES["python"], backend)
    assert wrong.verdict is Verdict.WA, wrong.judge_log
    assert all(t.verdict is Verdict.WA for t in wrong.tests)
    assert " is not a split of " in wrong.tests[0].message, wrong.tests[0].message


def test_a_validators_own_score_is_a_judge_error_never_a_silent_score(package: Copy, backend: Backend) -> None:
    """From the 2023-07 format on a scoring problem's validator may write score.txt, which problemtools takes as the
    test's score; hoithi does not take it, so such a test is a judge error (the organiser's verification says so)
    rather than graded by accept_score as if the validator had said nothing."""
    root = package("kattis/split")
    (root / "problem.yaml").write_text("problem_format_version: 2023-07-draft\ntype: scoring\n")
    (root / "output_validators").rename(root / "output_validator")
    validator = root / "output_validator" / "split_validator" / "validate.py"
    writes_score = "with open(sys.argv[3] + '/score.txt', 'w') as score:\n    score.write('3')\nsys.exit(42)"
    validator.write_text(validator.read_text().replace("sys.exit(42)", writes_score))
    problem = load_problem(root)
    assert problem.checker.gives_scores
    report = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert report.verdict is Verdict.JE
    assert "hoithi does not take validators' scores" in report.judge_log


def test_a_validator_has_the_time_and_memory_the_package_gives_it(package: Copy, backend: Backend) -> None:
    """problemtools runs the output validator with problem.yaml's limits.validation_time and validation_memory (60 s
    and 1 GiB when it says nothing), and a validator past them is at fault: hoithi gave every validator 10 s (a
    validator of 15 s was JE where the references accept) and ignored the package's own limits."""
    root = package("kattis/split")
    assert (load_problem(root).checker.time_ms, load_problem(root).checker.memory_kb) == (60_000, 1024 * 1024)
    (root / "problem.yaml").write_text(
        (root / "problem.yaml").read_text() + "  validation_time: 1\n  validation_memory: 512\n"
    )
    validator = root / "output_validators" / "split_validator" / "validate.py"
    busy = "end = __import__('time').process_time() + 1.5\nwhile __import__('time').process_time() < end:\n    pass\n"
    validator.write_text(validator.read_text().replace("sys.exit(42)", busy + "sys.exit(42)"))
    problem = load_problem(root)
    assert (problem.checker.time_ms, problem.checker.memory_kb) == (1000, 512 * 1024)
    report = grade(problem, reference(problem, "submissions/accepted/halves.c"), LANGUAGES["c"], backend)
    assert report.verdict is Verdict.JE
    assert "output validator exceeded its limits (TLE)" in report.judge_log


def test_a_package_gives_its_own_compile_limits(package: Copy, backend: Backend) -> None:
    """problemtools' package format sets a compilation's limits (limits.compilation_time, compilation_memory; 60 s and
    1 GiB by default, hoithi's 30 s and 512 MiB were less): a package's own bind its contestants' compilations."""
    root = package("kattis/split")
    problem = load_problem(root)
    assert (problem.compile_limits().cpu_ms, problem.compile_limits().memory_kb) == (60_000, 1024 * 1024)
    source = reference(problem, "submissions/partially_accepted/int_overflow.cpp") + f"// {time.time_ns()}\n".encode()
    (root / "problem.yaml").write_text(
        (root / "problem.yaml").read_text() + "  compilation_time: 0.05\n  compilation_memory: 2048\n"
    )
    tight = load_problem(root)
    assert (tight.compile_limits().cpu_ms, tight.compile_limits().memory_kb) == (50, 2048 * 1024)
    assert grade(tight, source, LANGUAGES["cpp"], backend).verdict is Verdict.CE
    # a compilation that met its limit is not kept: under the default limits the same source compiles
    assert grade(problem, source, LANGUAGES["cpp"], backend).verdict is not Verdict.CE


def test_sandbox_failure_raises_judge_error(sum_task: Problem, tmp_path: Path) -> None:
    broken = BwrapBackend(bwrap=str(tmp_path / "no-bwrap-here"))
    with pytest.raises(JudgeError, match="sandbox failed while grading SUM"):
        judge(sum_task, "print(1)", "python", broken)


def test_zip_package_grades_like_the_folder(tmp_path: Path, sum_task: Problem, backend: Backend) -> None:
    archive = shutil.make_archive(str(tmp_path / "sum"), "zip", DATA / "themis", "SUM")
    zipped = load_problem(archive)
    source = reference(sum_task, "submissions/accepted/sum_stdio.py")
    assert grade(zipped, source, LANGUAGES["python"], backend).score == 100
