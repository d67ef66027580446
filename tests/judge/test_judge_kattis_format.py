"""The Kattis package format as Kattis reads it, and DOMjudge's variants of it.

Each test builds a small package of its own, shaped like the public examples of problemtools (oddecho) and
DOMjudge (hello), and checks what an organiser or a contestant would see: maximum, score and verdict, the
reference submissions hoithi judges and the ones it skips, and one report naming every fault.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem
from judge.problem import CheckerKind
from judge.scoring import summarise
from judge.verdict import Verdict

from .kattis_helpers import build, cases, run


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
            "submissions/accepted/old.py": "#!/usr/bin/env python2\nprint 'Hello world!'\n",
            "submissions/accepted/new.py": "#!/usr/bin/python3\nprint('Hello world!')\n",
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
            "submissions/multiple/all-files/quiet.c": "/* the @EXPECTED_RESULTS@ tag in result.txt counts */\n",
            "submissions/multiple/all-files/result.txt": "@EXPECTED_RESULTS@: CORRECT, NO-OUTPUT\n",
            "submissions/check_manually/fork.c": "int main() {}\n",
            "submissions/mystery/a.py": "print(1)\n",
            "submissions/partial/tagged.py": "# @EXPECTED_RESULTS@: WRONG-ANSWER\nprint(1)\n",
            "submissions/annotated.py": "# @EXPECTED_RESULTS@: CORRECT\n",
            "submissions/typo.py": "# @EXPECTED_RESULTS@: FAST\n",
        },
    )
    problem = load_problem(root)
    expected = {s.path: s.expected for s in problem.submissions}
    assert expected == {
        "submissions/accepted/hello.c": {Verdict.AC},
        "submissions/accepted/extra-file-c": {Verdict.AC},
        "submissions/accepted/new.py": {Verdict.AC},
        "submissions/run_time_error/memsize.cc": {Verdict.RE, Verdict.MLE},
        "submissions/no_output/quiet.c": {Verdict.WA},
        "submissions/output_limit/flood.c": {Verdict.OLE},
        "submissions/multiple/sleep.py": {Verdict.TLE, Verdict.RE, Verdict.MLE},
        "submissions/multiple/all-files": {Verdict.AC, Verdict.WA},
        "submissions/annotated.py": {Verdict.AC},
        "submissions/partial/tagged.py": {Verdict.WA},
    }
    skipped = {s.path: s.reason for s in problem.skipped}
    assert skipped == {
        "submissions/accepted/hello.rs": "a language hoithi does not judge (.rs)",
        "submissions/accepted/old.py": "Python 2 (its #! line says so): hoithi judges Python 3",
        "submissions/accepted/multifile-cpp": "a submission of several source files: hoithi judges one source file",
        "submissions/compiler_error/binary.c": "binary file, expected a source file",
        "submissions/multiple/none.py": "no expected result: the folder names none and there is no "
        "@EXPECTED_RESULTS@ annotation",
        "submissions/check_manually": "DOMjudge's check_manually: a person judges these",
        "submissions/mystery/a.py": skipped["submissions/mystery/a.py"],
        "submissions/typo.py": skipped["submissions/typo.py"],
    }
    # DOMjudge judges a submission of any folder by its tag (its example_scoring_problems' partial/), and one
    # without a tag by the folder's name, which no result has; hoithi had skipped the whole folder
    assert skipped["submissions/mystery/a.py"].startswith("unknown submission category")
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


def test_the_time_multipliers_follow_the_format_version(tmp_path: Path) -> None:
    legacy = load_problem(build(tmp_path / "legacy", cases("data/secret", 1)))
    assert (legacy.time_multiplier, legacy.time_safety_margin, legacy.time_resolution) == (5, 2, 1)
    draft = load_problem(
        build(
            tmp_path / "draft",
            {
                "problem.yaml": "problem_format_version: 2023-07-draft\ntype: interactive\n"
                "limits:\n  time_multipliers:\n    time_limit_to_tle: 4\n",
                "output_validator/guess/validate.py": "import sys\nsys.exit(42)\n",
                **cases("data/secret", 1),
            },
        )
    )
    assert (draft.time_multiplier, draft.time_safety_margin, draft.time_resolution) == (2, 4, 1)
    modern = load_problem(
        build(
            tmp_path / "modern",
            {
                "problem.yaml": "problem_format_version: 2025-09\nlimits:\n  time_resolution: 0.5\n"
                "  time_multipliers: {ac_to_time_limit: 3}\n  time_multiplier: 9\n",
                **cases("data/secret", 1),
            },
        )
    )
    assert (modern.time_multiplier, modern.time_safety_margin, modern.time_resolution) == (3, 1.5, 0.5)
    with pytest.raises(ProblemError, match=r"limits\.time_multipliers must be a mapping"):
        load_problem(
            build(
                tmp_path / "bad",
                {"problem.yaml": "problem_format_version: 2025-09\nlimits:\n  time_multipliers: 2\n"}
                | cases("data/secret", 1),
            )
        )


def test_test_group_yaml_of_the_2025_format(tmp_path: Path) -> None:
    """2025-09 renamed testdata.yaml to test_group.yaml: its validator arguments and scores count the same."""
    root = build(
        tmp_path / "floats",
        {
            "problem.yaml": "problem_format_version: 2025-09\n",
            "data/test_group.yaml": 'output_validator_args: [float_tolerance, "1E-6"]\n',
            "data/secret/group/test_group.yaml": "output_validator_args: [float_absolute_tolerance, 0.5]\n",
            **cases("data/secret", 1),
            **cases("data/secret/group", 1),
        },
    )
    flags = {test.name: test.checker_flags for test in load_problem(root).tests}
    assert flags == {"secret/01": ("float_tolerance", "1E-6"), "secret/group/01": ("float_absolute_tolerance", "0.5")}
    assert not load_problem(root).skipped  # test_group.yaml is no stray file under data/

    scoring = build(
        tmp_path / "scoring",
        {
            "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\n",
            "data/secret/small/test_group.yaml": "max_score: 30\n",  # pass-fail: the format's default
            "data/secret/large/test_group.yaml": "max_score: 70\nscore_aggregation: sum\n",
            **cases("data/sample", 1),
            **cases("data/secret/small", 2),
            **cases("data/secret/large", 2),
        },
    )
    problem = load_problem(scoring)
    small_wrong = summarise(problem.root, run(problem, {"secret/small/01"}))
    assert (small_wrong.score, small_wrong.max_score) == (70, 100)
    large_half = summarise(problem.root, run(problem, {"secret/large/01"}))
    assert large_half.score == 65
    samples_wrong = summarise(problem.root, run(problem, {"sample/01"}))
    assert samples_wrong.score == 100  # samples are worth nothing in a scoring problem of this format

    build(scoring, {"data/secret/large/testdata.yaml": "accept_score: 1\n"})
    build(scoring, {"data/secret/small/test_group.yaml": "max_score: unbounded\nrequire_pass: sample\n"})
    with pytest.raises(ProblemError) as caught:
        load_problem(scoring)
    problems = caught.value.problems
    both = "large: both testdata.yaml and test_group.yaml (its name since the 2025-09 format) in one folder; keep one"
    assert any(p.endswith(both) for p in problems)
    dependencies = "small/test_group.yaml: require_pass is not supported: hoithi judges no group dependencies"
    assert any(dependencies in p for p in problems)
    assert any("small/test_group.yaml: max_score: unbounded is not supported" in p for p in problems)


def test_constants_of_the_2025_format_fill_the_validator_and_test_group_yaml(tmp_path: Path) -> None:
    root = build(
        tmp_path / "k",
        {
            "problem.yaml": "problem_format_version: 2025-09\nvalidation: custom\nconstants:\n"
            "  K: 7\n  EPS: {value: 0.25, words: a quarter}\n",
            "output_validator/check.py": "K = {{K}}  # {{K.words}} {{missing}}\nprint('{{EPS.words}}')\n",
            "data/secret/test_group.yaml": "output_validator_args: [tolerance, '{{EPS}}']\n",
            **cases("data/secret", 1),
            "submissions/accepted/a.py": "print('{{K}}')\n",
        },
    )
    problem = load_problem(root)
    assert problem.checker.source == b"K = 7  # {{K.words}} {{missing}}\nprint('a quarter')\n"
    assert problem.tests[0].checker_flags == ("tolerance", "0.25")
    assert problem.submissions[0].source == b"print('{{K}}')\n"  # judged as written
    build(root, {"problem.yaml": "problem_format_version: 2025-09\nconstants:\n  2K: 1\n"})
    with pytest.raises(ProblemError, match="constants: '2K' must be a name"):
        load_problem(root)


def test_submissions_yaml_is_named_as_not_read(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            **cases("data/secret", 1),
            "submissions/submissions.yaml": "accepted:\n  permitted: [AC]\n",
            "submissions/accepted/a.py": "print(input())\n",
        },
    )
    problem = load_problem(root)
    assert [s.path for s in problem.submissions] == ["submissions/accepted/a.py"]
    assert [(s.path, str(s.reason)) for s in problem.skipped] == [
        (
            "submissions/submissions.yaml",
            "the 2025-09 format's expectations are not read: each submission must earn what its folder says",
        )
    ]


def test_a_submit_answer_problem_is_refused_with_its_reason(tmp_path: Path) -> None:
    root = build(tmp_path / "p", {"problem.yaml": "type: submit-answer\n", **cases("data/secret", 1)})
    with pytest.raises(ProblemError, match="type 'submit-answer' is not supported: hoithi judges programs of"):
        load_problem(root)


def test_a_problem_whose_lower_score_is_better_is_refused_with_its_reason(tmp_path: Path) -> None:
    """problemtools' grading.objective: min makes the range's minimum full marks; hoithi ranks the higher score
    better, so such a problem loaded and ranked its best submissions last."""
    scoring = "type: scoring\ngrading:\n  objective: {}\n"
    assert load_problem(build(tmp_path / "max", {"problem.yaml": scoring.format("max"), **cases("data/secret", 1)}))
    root = build(tmp_path / "min", {"problem.yaml": scoring.format("min"), **cases("data/secret", 1)})
    with pytest.raises(ProblemError, match=r"grading\.objective must be max: hoithi ranks the higher score better"):
        load_problem(root)


def test_a_partially_accepted_submission_of_a_2025_scoring_problem_is_judged_by_its_points(tmp_path: Path) -> None:
    """The 2025-09 format gives a scoring problem's submissions "a non-negative score instead of a verdict": one
    that earns 30 of 100 with WA on the tests it fails is what partially_accepted holds (the format's own example
    scoring problem), where hoithi wanted problemtools' AC and called it a mismatch. Older formats keep AC."""
    files = {
        "data/secret/testdata.yaml": "scoring:\n  aggregation: sum\n",
        "data/secret/a/testdata.yaml": "scoring:\n  score: 30\n  aggregation: min\n",
        "data/secret/b/testdata.yaml": "scoring:\n  score: 70\n  aggregation: min\n",
        **cases("data/secret/a", 1),
        **cases("data/secret/b", 1),
        "submissions/partially_accepted/half.py": "print(1)\n",
    }
    for version, partial_wa in (("2025-09", True), ("2023-07-draft", False)):
        yaml = f"problem_format_version: {version}\ntype: scoring\n"
        problem = load_problem(build(tmp_path / version, {"problem.yaml": yaml, **files}))
        (half,) = problem.submissions
        assert half.matches(Verdict.WA, 30, 100) is partial_wa
        assert half.matches(Verdict.AC, 30, 100)
        assert not half.matches(Verdict.WA, 0, 100) and not half.matches(Verdict.AC, 100, 100)


def test_files_included_with_every_submission_are_refused_with_their_reason(tmp_path: Path) -> None:
    root = build(tmp_path / "p", {"include/python3/helper.py": "K = 1\n", **cases("data/secret", 1)})
    with pytest.raises(ProblemError, match=r"include: files added to every submission \(include/\) are not supported"):
        load_problem(root)


def test_from_the_2023_format_a_program_in_output_validator_is_the_validator(tmp_path: Path) -> None:
    """problemtools: the legacy format asks for `validation: custom`; from 2023-07 on the program's presence says it."""
    files = {"output_validator/check.py": "import sys\nsys.exit(42)\n", **cases("data/secret", 1)}
    modern = load_problem(build(tmp_path / "modern", {"problem.yaml": "problem_format_version: 2025-09\n", **files}))
    assert (modern.checker.kind, modern.checker.source_name) == (CheckerKind.KATTIS, "check.py")
    legacy = load_problem(build(tmp_path / "legacy", {"problem.yaml": "name: Legacy\n", **files}))
    assert legacy.checker.kind is CheckerKind.TOKENS
    empty = build(tmp_path / "empty", {"problem.yaml": "problem_format_version: 2025-09\n", **cases("data/secret", 1)})
    (empty / "output_validator").mkdir()
    assert load_problem(empty).checker.kind is CheckerKind.TOKENS


def test_a_validator_built_by_scripts_is_refused_with_its_reason(tmp_path: Path) -> None:
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "problem_format_version: 2025-09\ntype: interactive\n",
            "output_validator/build": "#!/bin/sh\ncc jury.c -o jury\n",
            "output_validator/run": '#!/bin/sh\nexec ./jury "$1" "$3/out"\n',
            "output_validator/jury.c": "int main(void) { return 42; }\n",
            **cases("data/secret", 1),
        },
    )
    with pytest.raises(ProblemError, match="output_validator: an output validator made by build or run scripts is"):
        load_problem(root)


def test_expected_score_tag_and_a_lower_case_tag_as_domjudge_reads_them(tmp_path: Path) -> None:
    """DOMjudge (SubmissionService::parseExpectedAnnotation) finds ``@EXPECTED_RESULTS@: `` and
    ``@EXPECTED_SCORE@: `` in any case; the second with words is the first (its boolfind's
    ``mixed-verdicts/boolfind-test-correct-different-tag.py``: ``@EXPECTED_SCORE@: CORRECT``), with a number it is a
    score, checked as DOMjudge checks it (a submission with a score alone may earn any verdict)."""
    root = build(
        tmp_path / "p",
        {
            **cases("data/secret", 1),
            "submissions/mixed-verdicts/different-tag.py": "# @EXPECTED_SCORE@: CORRECT\nprint(1)\n",
            "submissions/mixed-verdicts/lower.py": "# @expected_results@: wrong-answer\nprint(2)\n",
            "submissions/mixed-verdicts/scored.py": "# @EXPECTED_SCORE@: 30\nprint(1)\n",
            "submissions/accepted/narrowed.py": "# @Expected_Score@: CORRECT, WRONG-ANSWER\nprint(1)\n",
        },
    )
    problem = load_problem(root)
    expected = {s.path: s.expected for s in problem.submissions}
    assert expected == {
        "submissions/mixed-verdicts/different-tag.py": {Verdict.AC},
        "submissions/mixed-verdicts/lower.py": {Verdict.WA},
        "submissions/accepted/narrowed.py": {Verdict.AC},
        "submissions/mixed-verdicts/scored.py": frozenset(Verdict) - {Verdict.JE},
    }
    assert {s.path: s.expected_score for s in problem.submissions if s.expected_score is not None} == {
        "submissions/mixed-verdicts/scored.py": 30
    }
    assert not problem.skipped


def test_a_submission_with_two_expected_tags_is_skipped_as_domjudge_refuses_it(tmp_path: Path) -> None:
    """DOMjudge refuses a submission with more than one tag, in one file or in two of a folder (its hello's
    ``check_manually/bad-expected-result-multiple-in-file.c``, ``-multiple-type.c`` and ``-multifile``): it was
    judged here by the first tag found."""
    hello = 'int main() { puts("Hello world!"); }\n'
    root = build(
        tmp_path / "p",
        {
            **cases("data/secret", 1),
            "submissions/multiple/twice.c": "/* @EXPECTED_RESULTS@: NO-OUTPUT\n * @EXPECTED_RESULTS@: NO-OUTPUT */\n"
            + hello,
            "submissions/multiple/two-types.c": "/* @EXPECTED_RESULTS@: NO-OUTPUT\n * @EXPECTED_SCORE@: NO-OUTPUT */\n"
            + hello,
            "submissions/multiple/two-files/hello.c": "/* @EXPECTED_RESULTS@: CORRECT, NO-OUTPUT */\n" + hello,
            "submissions/multiple/two-files/expected_result.txt": "@EXPECTED_RESULTS@: CORRECT, NO-OUTPUT\n",
            "submissions/multiple/one.c": "/* @EXPECTED_RESULTS@: CORRECT\n * the @EXPECTED_RESULTS@ tag */\n" + hello,
        },
    )
    problem = load_problem(root)
    assert {s.path: s.expected for s in problem.submissions} == {"submissions/multiple/one.c": {Verdict.AC}}
    skipped = {s.path: s.reason for s in problem.skipped}
    several = "more than one @EXPECTED_RESULTS@ or @EXPECTED_SCORE@ tag: DOMjudge refuses such a submission"
    assert skipped == {
        "submissions/multiple/twice.c": several,
        "submissions/multiple/two-types.c": several,
        "submissions/multiple/two-files": several,
    }


def test_a_tag_is_its_colon_and_a_space_as_domjudge_finds_it(tmp_path: Path) -> None:
    """DOMjudge (SubmissionService::PROBLEM_RESULT_MATCHSTRING) looks for ``@EXPECTED_RESULTS@: `` with its space:
    ``@EXPECTED_RESULTS@:WRONG-ANSWER`` is no tag there, so the folder's verdict holds; hoithi read it as one."""
    root = build(
        tmp_path / "p",
        {
            **cases("data/secret", 1),
            "submissions/accepted/no-space.py": "# @EXPECTED_RESULTS@:WRONG-ANSWER\nprint(1)\n",
            "submissions/accepted/tab.py": "# @EXPECTED_RESULTS@:\tWRONG-ANSWER\nprint(1)\n",
            "submissions/accepted/two-spaces.py": "# @EXPECTED_RESULTS@:  CORRECT, WRONG-ANSWER\nprint(1)\n",
            "submissions/mixed-verdicts/score-no-space.py": "# @EXPECTED_SCORE@:30\nprint(1)\n",
        },
    )
    problem = load_problem(root)
    assert {s.path: s.expected for s in problem.submissions} == {
        "submissions/accepted/no-space.py": {Verdict.AC},
        "submissions/accepted/tab.py": {Verdict.AC},
        "submissions/accepted/two-spaces.py": {Verdict.AC},
    }
    assert [s.path for s in problem.skipped] == ["submissions/mixed-verdicts/score-no-space.py"]
