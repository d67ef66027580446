"""testlib checkers in Themis tasks as their folders ship them: the header made on Windows (any casing, included
with <>), or not shipped at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.faults import FaultCode
from judge.package import load_problem
from judge.problem import CheckerKind
from judge.verdict import Verdict
from sandbox.session import Backend

from .themis_helpers import STDIO_SUM, SUM_TESTS, judge, make_task

STAND_IN = """#include <cstdio>
#include <cstdlib>
/* Stands in for testlib.h: a checker's verdict as testlib gives it. */
#define quit_ok() (std::fprintf(stderr, "ok\\n"), std::exit(0))
#define quit_wa() (std::fprintf(stderr, "wrong answer\\n"), std::exit(1))
"""
CHECKER = """#include {header}
int main(int argc, char **argv) {{
    long long got, want;
    FILE *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
    if (fscanf(ans, "%lld", &want) != 1) return 3;
    if (fscanf(out, "%lld", &got) != 1 || got != want) quit_wa();
    quit_ok();
}}
"""


@pytest.mark.parametrize(
    ("header", "shipped"),
    [('"testlib.h"', "TESTLIB.H"), ('"testlib.h"', "Testlib.h"), ("<testlib.h>", "testlib.h")],
)
def test_the_header_beside_the_checker_is_found_as_on_windows(
    tmp_path: Path, backend: Backend, header: str, shipped: str
) -> None:
    """Windows finds testlib.h whatever its casing, and a setter's compiler had it on its include path: the
    checker did not compile here, JE for every submission."""
    files: dict[str, str | bytes] = {"checker.cpp": CHECKER.format(header=header), shipped: STAND_IN}
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files=files))
    assert problem.checker.kind is CheckerKind.TESTLIB
    right = judge(problem, STDIO_SUM, "python", backend)
    assert (right.verdict, right.score) == (Verdict.AC, 100)
    assert judge(problem, "print(0)\n", "python", backend).verdict is Verdict.WA


@pytest.mark.parametrize("header", ['"testlib.h"', "<testlib.h>"])
def test_a_checker_whose_testlib_h_is_not_shipped_is_refused_at_load(tmp_path: Path, header: str) -> None:
    """Without the header the checker cannot compile: every submission was JE; now the task is refused, saying so."""
    root = make_task(tmp_path / "TONG", SUM_TESTS, files={"checker.cpp": CHECKER.format(header=header)})
    with pytest.raises(ProblemError) as caught:
        load_problem(root)
    assert [f.code for f in caught.value.faults] == [FaultCode.CHECKER_HEADER_MISSING]
    assert "testlib.h" in str(caught.value)


def test_the_verdict_after_a_flood_of_debug_output_on_stderr_is_read(tmp_path: Path, backend: Backend) -> None:
    """testlib writes its verdict last on stderr; the sandbox kept a run's first 64 KiB of stderr only, so a checker
    that had printed 100 KiB of its own before it lost its verdict: its points were a judge error (JE), an old
    testlib's quitp with exit code 0 full marks. The end of stderr is kept too."""
    checker = """#include "testlib.h"
int main(int argc, char **argv) {
    long long got, want;
    FILE *out = fopen(argv[2], "r"), *ans = fopen(argv[3], "r");
    if (fscanf(ans, "%lld", &want) != 1) return 3;
    for (int line = 0; line < 10000; line++) fprintf(stderr, "debug %05d\\n", line);
    if (fscanf(out, "%lld", &got) == 1 && got == want) quit_ok();
    fprintf(stderr, "points 0.25 a quarter\\n");
    return 7;
}
"""
    files: dict[str, str | bytes] = {"checker.cpp": checker, "testlib.h": STAND_IN}
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files=files))
    report = judge(problem, "print(0)\n", "python", backend)  # right on Test03 only (-5 + 5)
    assert (report.verdict, report.score) == (Verdict.WA, 50)
    assert [t.message for t in report.tests] == ["points 0.25 a quarter", "points 0.25 a quarter", ""]
