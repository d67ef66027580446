"""Themis tasks as Vietnamese teachers make them: themis.yaml settings, file names in any casing and extension,
answers made on Windows, Pascal as Themis compiles it."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem
from judge.verdict import Verdict
from sandbox.session import Backend

from .themis_helpers import STDIO_SUM, SUM_TESTS, judge, make_task

# -- settings, names and text ----------------------------------------------------------------------------------------


def test_points_per_test_from_themis_yaml(tmp_path: Path, backend: Backend) -> None:
    root = make_task(tmp_path / "TONG", SUM_TESTS, files={"themis.yaml": "points: {Test01: 2, test02: 3, TEST03: 5}\n"})
    problem = load_problem(root)
    assert [t.points for t in problem.tests] == [2, 3, 5]
    only_small = "a, b = map(int, input().split())\nprint(a + b if a > 0 else 1)\n"
    report = judge(problem, only_small, "python", backend)
    assert (report.score, report.max_score) == (5, 10)
    assert [t.score for t in report.tests] == [2, 3, 0]


def test_points_of_test_folders_named_by_numbers_are_read_as_the_folders_are_named(tmp_path: Path) -> None:
    """Test folders named ``01`` ... ``10`` are given points under those names; YAML reads ``01`` as the number 1
    and ``010`` as 8 (octal), so the task was refused ("points for tests that do not exist: 1, 2 ...")."""
    tests = {
        f"{number:0{width}d}": ("1 2\n", "3\n")
        for width, numbers in ((2, range(1, 10)), (3, [10]))
        for number in numbers
    }
    given = {name: number for number, name in enumerate(tests, start=1)}
    settings = "points: {" + ", ".join(f"{name}: {points}" for name, points in given.items()) + "}\n"
    problem = load_problem(make_task(tmp_path / "TONG", tests, files={"themis.yaml": settings}))
    assert {t.name: t.points for t in problem.tests} == given


@pytest.mark.parametrize(("written", "time_ms", "memory_kb"), [("1.5", 1500, 65536), ("1,5", 1500, 65536)])
def test_limits_in_seconds_and_mib_with_a_decimal_point_or_comma(
    tmp_path: Path, written: str, time_ms: int, memory_kb: int
) -> None:
    """Windows set to Vietnamese writes 1,5 for one and a half, as Themis's dialog takes it: YAML reads it as text."""
    settings = f"time_limit: {written}\nmemory_limit: 64\n"
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS, files={"themis.yaml": settings}))
    assert (problem.time_limit_ms, problem.memory_limit_kb) == (time_ms, memory_kb)
    assert load_problem(make_task(tmp_path / "DEFAULT" / "TONG", SUM_TESTS)).time_limit_ms == 1000
    thousands = make_task(tmp_path / "MEM" / "TONG", SUM_TESTS, files={"themis.yaml": "memory_limit: 1,024\n"})
    with pytest.raises(ProblemError, match="memory_limit"):  # 1024 MiB or 1.024? refused, never guessed
        load_problem(thousands)


def test_tests_named_in_or_out_load_and_are_judged(tmp_path: Path, backend: Backend) -> None:
    root = make_task(
        tmp_path / "BAI1", {"TEST01": ("1 2\n", "3\n"), "TEST02": ("4 5\n", "9\n")}, ("BAI1.IN", "BAI1.OUT")
    )
    problem = load_problem(root)
    assert (problem.name, problem.input_file, problem.output_file) == ("BAI1", "BAI1.IN", "BAI1.OUT")
    files = "a, b = map(int, open('BAI1.IN').read().split())\nopen('BAI1.OUT', 'w').write(str(a + b))\n"
    assert judge(problem, files, "python", backend).score == 100


def test_answers_ending_in_ans_and_a_program_writing_task_out(tmp_path: Path, backend: Backend) -> None:
    problem = load_problem(make_task(tmp_path / "BAI2", SUM_TESTS, ("bai2.inp", "bai2.ans")))
    assert (problem.input_file, problem.output_file) == ("bai2.inp", "bai2.OUT")
    files = "a, b = map(int, open('BAI2.INP').read().split())\nopen('BAI2.OUT', 'w').write(str(a + b))\n"
    assert judge(problem, files, "python", backend).score == 100


def test_other_extensions_are_set_in_themis_yaml(tmp_path: Path, backend: Backend) -> None:
    with pytest.raises(ProblemError, match="not a problem package"):
        load_problem(make_task(tmp_path / "A" / "DOC", SUM_TESTS, ("DOC.DAT", "DOC.KQ")))
    settings = "test_input: .DAT\ntest_answer: KQ\ninput: DOC.INP\noutput: DOC.OUT\n"
    root = make_task(tmp_path / "B" / "DOC", SUM_TESTS, ("DOC.DAT", "DOC.KQ"), {"themis.yaml": settings})
    problem = load_problem(root)
    assert (problem.input_file, problem.output_file) == ("DOC.INP", "DOC.OUT")
    files = "a, b = map(int, open('DOC.INP').read().split())\nprint(a + b, file=open('DOC.OUT', 'w'))\n"
    assert judge(problem, files, "python", backend).score == 100


def test_a_task_on_stdin_and_stdout_only(tmp_path: Path, backend: Backend) -> None:
    root = make_task(tmp_path / "TONG", SUM_TESTS, files={"themis.yaml": "input: stdin\noutput: stdout\n"})
    problem = load_problem(root)
    assert (problem.input_file, problem.output_file) == (None, None)
    assert judge(problem, STDIO_SUM, "python", backend).score == 100
    from_file = "a, b = map(int, open('TONG.INP').read().split())\nprint(a + b)\n"
    assert judge(problem, from_file, "python", backend).verdict is Verdict.RE


def test_an_answer_larger_than_the_usual_output_limit_can_be_written(tmp_path: Path, backend: Backend) -> None:
    # Themis sets no output limit: a task whose answer is 10 MiB (a million numbers) takes the right output, to
    # stdout or to the output file, where the 8 MiB of Kattis's default made it OLE
    tests = {"Test01": ("5242880\n", "7\n" * (5 << 20)), "Test02": ("1\n", "7\n")}
    problem = load_problem(make_task(tmp_path / "DAY", tests, ("DAY.INP", "DAY.OUT")))
    assert problem.limits().output_bytes == problem.limits().file_bytes == 20 << 20
    stdout = "import sys\nsys.stdout.write('7\\n' * int(input()))\n"
    assert [t.verdict for t in judge(problem, stdout, "python", backend).tests] == [Verdict.AC] * 2
    to_file = "open('DAY.OUT', 'w').write('7\\n' * int(open('DAY.INP').read()))\n"
    assert [t.verdict for t in judge(problem, to_file, "python", backend).tests] == [Verdict.AC] * 2
    flood = "import sys\nwhile True:\n    sys.stdout.write('7\\n' * 4096)\n"
    assert judge(problem, flood, "python", backend).tests[0].verdict is Verdict.TLE  # Themis: no limit, a TLE
    once = "import sys\nsys.stdout.write('7\\n' * (11 << 20))\n"  # past the limit, and then the end
    assert judge(problem, once, "python", backend).tests[1].verdict is Verdict.OLE
    assert load_problem(make_task(tmp_path / "TONG", SUM_TESTS)).limits().output_bytes == 8 << 20


def test_the_console_of_a_program_writing_its_output_file_is_ignored_as_themis_ignores_it(
    tmp_path: Path, backend: Backend
) -> None:
    # Themis judges TONG.OUT and never reads the console: 40 MiB of debug output there (5 times the output limit)
    # is no OLE; the output file keeps its limit, and stdout is still judged (and limited) when no file is written
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS))
    chatty = (
        "import sys\na, b = map(int, open('TONG.INP').read().split())\nopen('TONG.OUT', 'w').write(str(a + b))\n"
        "for _ in range(640):\n    sys.stdout.write('debug ' * 10922 + '\\n')\n"
    )
    report = judge(problem, chatty, "python", backend)
    assert [t.verdict for t in report.tests] == [Verdict.AC] * 3, report
    endless = "open('TONG.OUT', 'w').write('3')\nwhile True:\n    print('debug ' * 1000)\n"
    assert judge(problem, endless, "python", backend).tests[0].verdict is Verdict.TLE
    big_file = "open('TONG.OUT', 'w').write('7\\n' * (5 << 20))\n"
    assert judge(problem, big_file, "python", backend).tests[0].verdict is Verdict.OLE
    flood = "import sys\nsys.stdout.write('3\\n' * (5 << 20))\n"
    assert judge(problem, flood, "python", backend).tests[0].verdict is Verdict.OLE


@pytest.mark.parametrize("spelling", ["Tong.inp", "TONG.inp", "tong.INP", "Tong.INP"])
def test_file_names_ignore_case_as_on_windows(tmp_path: Path, backend: Backend, spelling: str) -> None:
    """``TONG.inp`` is what the common ``#define NAME "TONG"`` ... ``NAME".inp"`` opens."""
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS))
    program = f"a, b = map(int, open('{spelling}').read().split())\nopen('tong.OUT', 'w').write(str(a + b))\n"
    assert judge(problem, program, "python", backend).score == 100


def test_windows_line_endings_never_cost_points_and_a_bom_in_an_input_costs_as_on_windows(
    tmp_path: Path, backend: Backend
) -> None:
    """Windows' text mode reads CRLF as LF, so CRLF inputs and answers cost nothing; it keeps a UTF-8 BOM, which a
    program then reads before the first number (C's scanf reads none, Free Pascal stops with error 106): Themis
    gives such a test 0, and so does hoithi. A BOM in an answer or an output is dropped before comparing."""
    root = tmp_path / "CHUOI"
    for number, (given, answer) in enumerate([("abc", "cba"), ("xin chao", "oahc nix")], start=1):
        (root / f"Test{number}").mkdir(parents=True)
        (root / f"Test{number}" / "CHUOI.INP").write_bytes(given.encode() + b"\r\n")
        (root / f"Test{number}" / "CHUOI.OUT").write_bytes(b"\xef\xbb\xbf" + answer.encode() + b"\r\n")
    reverse = "import sys\nline = sys.stdin.readline().rstrip('\\n')\nprint(line[::-1])\n"
    report = judge(load_problem(root), reverse, "python", backend)
    assert (report.verdict, report.score) == (Verdict.AC, 100)

    bom = make_task(tmp_path / "TONG", SUM_TESTS)
    first = sorted(p for p in bom.iterdir() if p.is_dir())[0]
    with_bom = first / "TONG.INP"
    with_bom.write_bytes(b"\xef\xbb\xbf" + with_bom.read_bytes())
    c_sum = '#include <stdio.h>\nint main(){long long a=0,b=0;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n'
    report = judge(load_problem(bom), c_sum, "c", backend)
    assert report.tests[0].verdict is Verdict.WA
    assert all(t.verdict is Verdict.AC for t in report.tests[1:])


def test_an_empty_answer_and_output_files_written_as_on_windows(tmp_path: Path, backend: Backend) -> None:
    """An empty answer (nothing to print) is met by an empty output file; an output file written with a BOM,
    CRLF, trailing spaces and no final newline costs nothing; each test starts without the last test's output
    file, so a program that appends to it (``open(..., 'a')``, Pascal's ``append``) is judged on its own lines."""
    tests = {"Test01": ("0\n", ""), "Test02": ("3\n", "1 2 3\n"), "Test03": ("2\n", "1 2\n")}
    problem = load_problem(make_task(tmp_path / "DEM", tests, ("DEM.INP", "DEM.OUT")))
    program = (
        "n = int(open('DEM.INP').read())\nf = open('dem.out', 'ab')\n"
        "if n:\n    f.write(b'\\xef\\xbb\\xbf' + ' '.join(map(str, range(1, n + 1))).encode() + b'  \\r\\n  ')\n"
    )
    report = judge(problem, program, "python", backend)
    assert [t.verdict for t in report.tests] == [Verdict.AC] * 3, report
    print_one = "n = int(open('DEM.INP').read())\nopen('DEM.OUT', 'w').write('1')\n"
    assert judge(problem, print_one, "python", backend).tests[0].verdict is Verdict.WA


def test_case_sensitive_comparison_is_a_switch_of_the_task(tmp_path: Path, backend: Backend) -> None:
    tests = {"Test1": ("1\n", "YES\n"), "Test2": ("0\n", "NO\n")}
    answer = "print('yes' if int(input()) else 'no')\n"
    default = load_problem(make_task(tmp_path / "A" / "KT", tests, ("KT.INP", "KT.OUT")))
    assert judge(default, answer, "python", backend).verdict is Verdict.AC
    strict = load_problem(
        make_task(tmp_path / "B" / "KT", tests, ("KT.INP", "KT.OUT"), {"themis.yaml": "case_sensitive: true\n"})
    )
    assert strict.checker.flags == ("case_sensitive",)
    assert judge(strict, answer, "python", backend).verdict is Verdict.WA


def test_pascal_as_themis_compiles_it(tmp_path: Path, backend: Backend) -> None:
    problem = load_problem(make_task(tmp_path / "TONG", SUM_TESTS))
    source = """function tong(a, b: int64): int64;
var result: int64;  { a variable named result: fine in Free Pascal's default mode, as in Themis }
begin
  result := a + b;
  tong := result;
end;
var a, b: int64;
    f, g: text;
label finish;
begin
  assign(f, 'tong.inp'); reset(f);
  assign(g, 'TONG.OUT'); rewrite(g);
  readln(f, a, b);
  writeln(g, tong(a, b));
  goto finish;
finish:
  close(f); close(g);
end.
"""
    report = judge(problem, source, "pascal", backend)
    assert (report.verdict, report.score, report.compile_output.count("Error")) == (Verdict.AC, 100, 0)


def test_every_fault_of_a_task_is_named_at_once(tmp_path: Path) -> None:
    settings = "points: {Test01: 2, Test09: 1}\nmemory: 64\ncase_sensitive: maybe\n"
    root = make_task(tmp_path / "TONG", SUM_TESTS, files={"themis.yaml": settings})
    (root / "Test04").mkdir()
    with pytest.raises(ProblemError) as caught:
        load_problem(root)
    message = str(caught.value)
    for fault in ("unknown settings memory", "TEST09", "no points for Test02, Test03", "case_sensitive", "Test04"):
        assert fault in message
