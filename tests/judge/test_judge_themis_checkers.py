"""Themis checkers as Vietnamese teachers write them: the score a checker prints, checkers in C++, Pascal and
Python run in the sandbox, finding their folders as on Windows, and checkers hoithi refuses rather than replace by a
comparison."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.checker_verdicts import interpret_themis
from judge.errors import ProblemError
from judge.package import load_problem
from judge.problem import CheckerKind
from judge.verdict import Verdict
from sandbox.result import RunResult, RunStatus
from sandbox.session import Backend

from .themis_helpers import STDIO_SUM, SUM_TESTS, judge, make_task


def run(stdout: bytes, exit_code: int | None = 0) -> RunResult:
    status = RunStatus.OK if exit_code == 0 else RunStatus.RE
    return RunResult(status, exit_code, None, 1, 1, 1, stdout)


# -- a Themis checker's run ----------------------------------------------------------------------------------------


def test_a_themis_checker_prints_a_comment_then_the_score() -> None:
    assert interpret_themis(run(b"Correct!\n1\n")).verdict is Verdict.AC
    partial = interpret_themis(run(b"Dung 1/2 yeu cau\n0.5\n"))
    assert (partial.verdict, partial.fraction, partial.message) == (Verdict.WA, 0.5, "Dung 1/2 yeu cau")
    wrong = interpret_themis(run(b"Wrong Answer!\r\n0\r\n"))
    assert (wrong.verdict, wrong.fraction, wrong.message) == (Verdict.WA, 0.0, "Wrong Answer!")


@pytest.mark.parametrize(
    ("stdout", "fraction"),
    [
        (b"1\n", 1.0),  # the score alone
        (b"0.25\nscore first, as some Themis clones print it\n", 0.25),
        (b"Dung\n 1.0000000000000000E+0000\n", 1.0),  # Pascal's writeln(1.0)
        (b"Dung mot nua\n0,5\n", 0.5),  # a decimal comma
        (b"\xef\xbb\xbfDung\n1\n", 1.0),
        (b"Dung\n1\nThoi gian cham 0.01s\n", 1.0),  # a line of its own after the protocol's two
        (b"Sai mot phan\n0.25\nchecker v2\nhet\n", 0.25),
    ],
)
def test_a_themis_checker_is_read_as_tolerantly_as_themis_reads_it(stdout: bytes, fraction: float) -> None:
    assert interpret_themis(run(stdout)).fraction == fraction


def test_a_themis_checker_that_gives_no_score_is_the_judges_fault() -> None:
    for stdout in (b"", b"Correct\n", b"Sai\n2\n"):
        assert interpret_themis(run(stdout)).verdict is Verdict.JE
    assert interpret_themis(run(b"Sai\n0\n", exit_code=1)).verdict is Verdict.WA  # it did give a score


# -- Themis checkers in the sandbox --------------------------------------------------------------------------------

CPP_CHECKER = r"""#include <fstream>
#include <iostream>
#include <string>
using namespace std;
int main() {
    string dirTest, dirContestant;
    getline(cin, dirTest);
    getline(cin, dirContestant);
    // written on Windows: backslashes, and names in lower case while the tests are in capitals
    ifstream inp((dirTest + "\\tong.inp").c_str()), ans((dirTest + "\\tong.out").c_str());
    ifstream out((dirContestant + "\\TONG.OUT").c_str());
    long long a, b, want, got;
    if (!(inp >> a >> b) || !(ans >> want)) { cout << "Khong doc duoc test\n"; return 0; }
    if (!(out >> got)) { cout << "Khong co ket qua\n0\n"; return 0; }
    if (got == want) cout << "Dung\n1\n";
    else if (got - want == 1 || want - got == 1) cout << "Gan dung\n0.5\n";
    else cout << "Sai\n0\n";
}
"""


def test_a_themis_checker_finds_its_folders_as_on_windows(tmp_path: Path, backend: Backend) -> None:
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files={"checker.cpp": CPP_CHECKER}))
    assert problem.checker.kind is CheckerKind.THEMIS
    right = judge(problem, STDIO_SUM, "python", backend)
    assert (right.verdict, right.score) == (Verdict.AC, 100)
    close = judge(problem, "a, b = map(int, input().split())\nprint(a + b + 1)\n", "python", backend)
    assert (close.verdict, round(close.score, 2)) == (Verdict.WA, 50)
    assert {t.message for t in close.tests} == {"Gan dung"}


@pytest.mark.parametrize(
    "join",
    [
        'ifstream out((dirContestant + "\\\\TONG.OUT").c_str());',  # the docs' example
        "ifstream out((dirContestant + '\\\\' + \"TONG.OUT\").c_str());",  # a char literal
        'char p[512]; sprintf(p, "%s\\\\%s", dirContestant.c_str(), "TONG.OUT"); ifstream out(p);',
    ],
)
def test_a_themis_checker_joining_paths_on_windows_way_finds_its_files(
    tmp_path: Path, backend: Backend, join: str
) -> None:
    checker = CPP_CHECKER.replace('ifstream out((dirContestant + "\\\\TONG.OUT").c_str());', join)
    assert join in checker
    checker = checker.replace("#include <fstream>", "#include <cstdio>\n#include <fstream>")
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files={"checker.cpp": checker}))
    assert judge(problem, STDIO_SUM, "python", backend).score == 100
    assert judge(problem, "print('khong biet')\n", "python", backend).score == 0


def test_a_checker_shipped_only_compiled_is_refused_not_replaced_by_a_comparison(tmp_path: Path) -> None:
    root = make_task(tmp_path / "UOC", SUM_TESTS, files={"checker.exe": "MZ\x90\x00"})
    with pytest.raises(ProblemError, match="a compiled checker cannot run here"):
        load_problem(root)


@pytest.mark.parametrize("name", ["CheckTONG.cpp", "chk.cpp", "TONG_checker.cpp", "cham.exe", "ChamDiem.cpp"])
def test_a_checker_under_another_name_is_refused_not_replaced_by_a_comparison(
    tmp_path: Path, backend: Backend, name: str
) -> None:
    """Themis runs whatever checker the teacher picks in its dialog, so task folders ship it under any name
    (``CheckTONG.cpp``, as the testlib-to-Themis adaptations name it; ``chk``; ``cham``, Vietnamese for "grade").
    Graded by the built-in comparison instead, a task with several right answers gives right outputs 0."""
    root = make_task(tmp_path / "TONG", SUM_TESTS, files={name: CPP_CHECKER})
    with pytest.raises(ProblemError, match=f"{name}: .*checker: {name}"):
        load_problem(root)
    (root / "themis.yaml").write_text(f"checker: {name}\n")
    if name.endswith(".exe"):
        with pytest.raises(ProblemError):
            load_problem(root)
        return
    problem = load_problem(root)
    assert problem.checker.source_name == name
    own = make_task(tmp_path / "CHAM", SUM_TESTS, ("CHAM.INP", "CHAM.OUT"), {"cham.cpp": CPP_CHECKER})
    assert not load_problem(own).checker.custom  # a task named CHAM and its setter's solution: no checker
    close = judge(problem, "a, b = map(int, input().split())\nprint(a + b + 1)\n", "python", backend)
    assert (close.verdict, round(close.score, 2)) == (Verdict.WA, 50)


PASCAL_CHECKER = """var dirTest, dirContestant: string;
    fa, fo: text;
    want, got: int64;
begin
  readln(dirTest);
  readln(dirContestant);
  assign(fa, dirTest + '\\Tong.Out'); reset(fa); readln(fa, want); close(fa);
  assign(fo, dirContestant + '\\TONG.OUT');
  {$I-} reset(fo); {$I+}
  if IOResult <> 0 then begin writeln('Khong co file ket qua'); writeln(0); halt; end;
  read(fo, got); close(fo);
  if got = want then begin writeln('Dung'); writeln(1.0) end
  else if abs(got - want) = 1 then begin writeln('Gan dung'); writeln(0.5:0:2) end
  else begin writeln('Sai'); writeln(0) end;
end.
"""


def test_a_pascal_themis_checker_as_teachers_write_it(tmp_path: Path, backend: Backend) -> None:
    """Themis checkers are often Pascal: paths joined with a backslash, the score written as Pascal writes a real
    (``writeln(1.0)``: `` 1.0000000000000000E+0000``) or with a width."""
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files={"Check.pas": PASCAL_CHECKER}))
    assert problem.checker.kind is CheckerKind.THEMIS
    right = judge(problem, STDIO_SUM, "python", backend)
    assert (right.verdict, right.score) == (Verdict.AC, 100), right
    close = judge(problem, "a, b = map(int, input().split())\nprint(a + b - 1)\n", "python", backend)
    assert (close.verdict, round(close.score, 2), close.tests[0].message) == (Verdict.WA, 50, "Gan dung")
    wrong = judge(problem, "a, b = map(int, input().split())\nprint(a * b + 7)\n", "python", backend)
    assert (wrong.verdict, wrong.score) == (Verdict.WA, 0)


def test_a_python_themis_checker_named_in_themis_yaml(tmp_path: Path, backend: Backend) -> None:
    checker = """import os, sys
test_dir, contestant_dir = sys.stdin.readline().strip(), sys.stdin.readline().strip()
want = open(os.path.join(test_dir, "BAI1.OUT")).read().split()
given = open(os.path.join(test_dir, "BAI1.INP")).read().split()
got = open(os.path.join(contestant_dir, "BAI1.OUT")).read().split()
print("checked " + " ".join(given))
print(1 if got == want else 0)
"""
    root = make_task(
        tmp_path / "BAI1",
        SUM_TESTS,
        ("BAI1.INP", "BAI1.OUT"),
        {"KiemTra.py": checker, "themis.yaml": "checker: KiemTra.py\n"},
    )
    problem = load_problem(root)
    assert (problem.checker.kind, problem.checker.source_name) == (CheckerKind.THEMIS, "KiemTra.py")
    report = judge(problem, STDIO_SUM, "python", backend)
    assert (report.verdict, report.score) == (Verdict.AC, 100)


def test_a_checker_that_echoes_a_long_wrong_line_gives_its_score(tmp_path: Path, backend: Backend) -> None:
    """A checker's comment may quote the contestant's line, which may be as long as the output limit lets it be
    (Themis reads the checker's output whole): past 1 MiB of it the checker was stopped, a judge error (JE) for
    every such wrong output. Its score line is read after any length of comment."""
    checker = """import os, sys
test_dir, contestant_dir = sys.stdin.readline().strip(), sys.stdin.readline().strip()
want = open(os.path.join(test_dir, "TONG.OUT")).read().strip()
got = open(os.path.join(contestant_dir, "TONG.OUT")).read().strip()
print("Dung" if got == want else "Sai, ban in ra: " + got)
print(1 if got == want else 0)
"""
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files={"checker.py": checker}))
    report = judge(problem, "print(' '.join(['1234567'] * 300_000))\n", "python", backend)  # 2.4 MB on a line
    assert (report.verdict, report.score) == (Verdict.WA, 0)
    assert [t.verdict for t in report.tests] == [Verdict.WA] * 3
    assert report.tests[0].message.startswith("Sai, ban in ra: 1234567 1234567")
