"""The Kattis package format as Kattis grades it, and DOMjudge's variants of it.

Each test builds a small package of its own, shaped like the public examples of problemtools (oddecho) and
DOMjudge (hello), and checks what an organiser or a contestant would see: maximum, score and verdict, the
reference submissions hoithi judges and the ones it skips, and one report naming every fault.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem
from judge.problem import Problem
from judge.scoring import Outcome, judge_tests, subtask_scores, summarise
from judge.verdict import Verdict

AC = Outcome(Verdict.AC, 1.0)
WA = Outcome(Verdict.WA, 0.0)


def build(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def cases(prefix: str, count: int) -> dict[str, str]:
    files: dict[str, str] = {}
    for number in range(1, count + 1):
        files[f"{prefix}/{number:02d}.in"] = f"{number}\n"
        files[f"{prefix}/{number:02d}.ans"] = f"{number}\n"
    return files


def oddecho_like(root: Path) -> Path:
    """problemtools' oddecho: ignore the samples, two min subtasks of 50, AC if any subtask is."""
    subtask = "on_reject: break\naccept_score: 50\nrange: 0 50\ngrader_flags: min\n"
    return build(
        root / "echo",
        {
            "problem.yaml": "problem_format_version: 2023-07-draft\ntype: scoring\nname: Echo\n",
            "data/testdata.yaml": "on_reject: continue\nrange: 0 100\ngrader_flags: ignore_sample\n",
            "data/sample/testdata.yaml": "on_reject: continue\nrange: 0 0\naccept_score: 0\n"
            "grader_flags: first_error\n",
            "data/secret/testdata.yaml": "on_reject: continue\nrange: 0 100\n"
            "grader_flags: first_error accept_if_any_accepted\n",
            "data/secret/subtask1/testdata.yaml": subtask,
            "data/secret/subtask2/testdata.yaml": subtask,
            **cases("data/sample", 2),
            **cases("data/secret/subtask1", 3),
            **cases("data/secret/subtask2", 13),
            "submissions/accepted/echo.py": "print(input())\n",
        },
    )


def run(problem: Problem, fails: set[str]) -> dict[str, Outcome]:
    """Judge the tree as the grader would, with the tests in ``fails`` wrong and the others right."""
    return judge_tests(problem.root, lambda test: WA if test.name in fails else AC)


def test_scores_as_kattis_grades_oddecho(tmp_path: Path) -> None:
    problem = load_problem(oddecho_like(tmp_path))
    full = summarise(problem.root, run(problem, set()))
    assert (full.verdict, full.score, full.max_score) == (Verdict.AC, 100, 100)
    # the partially accepted submission of oddecho passes the first subtask only: Kattis says AC, 50
    partial = {t.name for t in problem.tests if t.group == "secret/subtask2"}
    outcomes = run(problem, partial)
    assert "secret/subtask2/02" not in outcomes  # on_reject: break inside the subtask
    assert summarise(problem.root, outcomes) == summarise(problem.root, outcomes)
    result = summarise(problem.root, outcomes)
    assert (result.verdict, result.score, result.max_score) == (Verdict.AC, 50, 100)
    assert subtask_scores(problem.root, outcomes) == {"secret/subtask1": 50, "secret/subtask2": 0, "": 0}
    # wrong samples cost nothing (ignore_sample), and every subtask wrong is a rejection
    nothing = summarise(problem.root, run(problem, {t.name for t in problem.tests if t.group != "sample"}))
    assert (nothing.verdict, nothing.score) == (Verdict.WA, 0)
    samples_wrong = summarise(problem.root, run(problem, {t.name for t in problem.samples}))
    assert (samples_wrong.verdict, samples_wrong.score) == (Verdict.AC, 100)


def test_partially_accepted_expects_a_partial_score(tmp_path: Path) -> None:
    root = oddecho_like(tmp_path)
    build(root, {"submissions/partially_accepted/half.py": "print(input())\n"})
    half = next(s for s in load_problem(root).submissions if s.path.endswith("half.py"))
    assert half.matches(Verdict.AC, 50, 100)
    assert not half.matches(Verdict.AC, 100, 100)
    assert not half.matches(Verdict.WA, 0, 100)


def test_worst_error_is_kattis_default_and_first_error_a_flag(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "name: P\n",
            "data/secret/testdata.yaml": "on_reject: continue\n",
            **cases("data/secret", 3),
        },
    )
    problem = load_problem(root)
    outcomes = {"secret/01": AC, "secret/02": WA, "secret/03": Outcome(Verdict.RE, 0.0)}
    assert summarise(problem.root, outcomes).verdict is Verdict.RE  # RE is worse than WA
    (root / "data/secret/testdata.yaml").write_text("on_reject: continue\ngrader_flags: first_error\n")
    assert summarise(load_problem(root).root, outcomes).verdict is Verdict.WA


def test_on_reject_break_is_kattis_default(tmp_path: Path) -> None:
    problem = load_problem(build(tmp_path / "p", {"problem.yaml": "name: P\n", **cases("data/secret", 3)}))
    assert list(run(problem, {"secret/01"})) == ["secret/01"]


def test_a_pass_fail_problem_with_nested_groups_is_all_or_nothing(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "name: P\n",
            "data/testdata.yaml": "on_reject: continue\n",
            **cases("data/secret/easy", 2),
            **cases("data/secret/hard", 2),
        },
    )
    problem = load_problem(root)
    one_wrong = summarise(problem.root, run(problem, {"secret/hard/02"}))
    assert (one_wrong.verdict, one_wrong.score, one_wrong.max_score) == (Verdict.WA, 0, 100)
    assert summarise(problem.root, run(problem, set())).score == 100


def test_range_clamps_a_group_and_reject_score_counts(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "type: scoring\n",
            "data/testdata.yaml": "on_reject: continue\n",
            "data/secret/testdata.yaml": "accept_score: 30\nreject_score: 5\nrange: 0 60\n",
            **cases("data/secret", 3),
        },
    )
    problem = load_problem(root)
    assert summarise(problem.root, run(problem, set())).max_score == 60
    assert summarise(problem.root, run(problem, {"secret/01", "secret/02"})).score == 30 + 5 + 5
    assert summarise(problem.root, run(problem, {"secret/03"})).score == 60


def test_max_and_avg_aggregators(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "type: scoring\n",
            "data/testdata.yaml": "on_reject: continue\n",
            "data/secret/testdata.yaml": "grader_flags: avg\naccept_score: 10\n",
            **cases("data/secret", 4),
        },
    )
    problem = load_problem(root)
    assert summarise(problem.root, run(problem, {"secret/01"})).score == pytest.approx(7.5)
    (root / "data/secret/testdata.yaml").write_text("grader_flags: max\naccept_score: 10\n")
    problem = load_problem(root)
    assert summarise(problem.root, run(problem, {"secret/01", "secret/02", "secret/03"})).score == 10


def test_a_sample_only_package_is_judged_on_its_samples(tmp_path: Path) -> None:
    """DOMjudge's hello has only data/sample; DOMjudge judges submissions on the samples then."""
    root = build(tmp_path / "hello", {"problem.yaml": "name: Hello World\n", **cases("data/sample", 1)})
    problem = load_problem(root)
    assert [t.name for t in problem.tests] == ["sample/01"]
    result = summarise(problem.root, run(problem, set()))
    assert (result.verdict, result.score) == (Verdict.AC, 100)


def test_domjudge_folders_annotations_and_what_is_skipped(tmp_path: Path) -> None:
    hello = 'int main() { puts("Hello world!"); }\n'
    root = build(
        tmp_path / "hello",
        {
            "problem.yaml": "name: Hello\n",
            ".timelimit": "2\n",
            **cases("data/sample", 1),
            "submissions/accepted/hello.c": hello,
            "submissions/accepted/hello.rs": 'fn main() { println!("Hello world!"); }\n',
            "submissions/accepted/extra-file-c/test-hello.c": hello,
            "submissions/accepted/extra-file-c/zz-random.txt": "random\n",
            "submissions/accepted/multifile-cpp/main.cc": "int main() {}\n",
            "submissions/accepted/multifile-cpp/message.cc": "int x;\n",
            "submissions/compiler_error/binary.c": b"\x7fELF\x00\x01",
            "submissions/run_time_error/memsize.cc": "int main() {}\n",
            "submissions/no_output/quiet.c": "int main() {}\n",
            "submissions/output_limit/flood.c": "int main() {}\n",
            "submissions/multiple/sleep.py": "# @EXPECTED_RESULTS@: TIME_LIMIT_EXCEEDED, RUN_TIME_ERROR\n",
            "submissions/multiple/none.py": "print(1)\n",
            "submissions/check_manually/fork.c": "int main() {}\n",
            "submissions/mystery/a.py": "print(1)\n",
            "submissions/annotated.py": "# @EXPECTED_RESULTS@: CORRECT\n",
            "submissions/typo.py": "# @EXPECTED_RESULTS@: FAST\n",
        },
    )
    problem = load_problem(root)
    expected = {s.path: s.expected for s in problem.submissions}
    assert expected == {
        "submissions/accepted/hello.c": {Verdict.AC},
        "submissions/accepted/extra-file-c": {Verdict.AC},
        "submissions/run_time_error/memsize.cc": {Verdict.RE, Verdict.MLE},
        "submissions/no_output/quiet.c": {Verdict.WA},
        "submissions/output_limit/flood.c": {Verdict.OLE},
        "submissions/multiple/sleep.py": {Verdict.TLE, Verdict.RE, Verdict.MLE},
        "submissions/annotated.py": {Verdict.AC},
    }
    skipped = {s.path: s.reason for s in problem.skipped}
    assert skipped == {
        "submissions/accepted/hello.rs": "a language hoithi does not judge (.rs)",
        "submissions/accepted/multifile-cpp": "a submission of several source files: hoithi judges one source file",
        "submissions/compiler_error/binary.c": "binary file, expected a source file",
        "submissions/multiple/none.py": "no expected result: the folder names none and there is no "
        "@EXPECTED_RESULTS@ annotation",
        "submissions/check_manually": "DOMjudge's check_manually: a person judges these",
        "submissions/mystery": skipped["submissions/mystery"],
        "submissions/typo.py": skipped["submissions/typo.py"],
    }
    assert skipped["submissions/mystery"].startswith("unknown submission category")
    assert "unknown result 'FAST'" in skipped["submissions/typo.py"]
    assert (problem.time_limit_ms, problem.time_limit_given) == (2000, True)


def test_memory_limit_counts_where_a_run_time_error_is_expected(tmp_path: Path) -> None:
    root = build(tmp_path / "p", {**cases("data/secret", 1), "submissions/run_time_error/big.py": "x\n"})
    (big,) = load_problem(root).submissions
    assert big.matches(Verdict.MLE, 0, 100) and big.matches(Verdict.RE, 0, 100)
    assert not big.matches(Verdict.TLE, 0, 100)


def test_output_validator_folder_of_the_2023_draft(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "validation: custom multi-pass\nlimits:\n  validation_passes: 3\n",
            "output_validator/validator.py": "import sys\nsys.exit(42)\n",
            **cases("data/secret", 1),
        },
    )
    checker = load_problem(root).checker
    assert (checker.source_name, checker.multi_pass, checker.validation_passes) == ("validator.py", True, 3)


def test_a_bad_package_gets_one_report_naming_every_fault(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "type: scoring\nlimits:\n  memory: -1\n",
            "data/secret/a/testdata.yaml": "on_reject: stop\nrange: 10\n",
            "data/secret/a/1.in": "1\n",
            "data/secret/b/2.ans": "2\n",
        },
    )
    with pytest.raises(ProblemError) as caught:
        load_problem(root)
    problems = caught.value.problems
    assert any("a/testdata.yaml: on_reject must be break or continue" in p for p in problems)
    assert any("a/testdata.yaml: range must be two numbers" in p for p in problems)
    assert any("1.in: test without an answer" in p for p in problems)
    assert any("2.ans: answer without a test input" in p for p in problems)
    assert any("limits.memory must be a non-negative number" in p for p in problems)
    assert str(caught.value).count("\n") == len(problems) - 1
