"""Kattis's grading of a package's test groups: scores, verdicts and the order of the tests.

Each test builds a small package of its own, shaped like problemtools' public oddecho, and checks what an organiser
or a contestant would see: the maximum, the score and the verdict as problemtools' default grader gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem
from judge.scoring import Outcome, judge_tests, out_of_range, subtask_scores, summarise
from judge.verdict import Verdict
from judge.verify import check_submissions
from sandbox.session import Backend

from .kattis_helpers import AC, WA, build, cases, run


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
    # problemtools wants the verdict AC (partially_accepted is an AC folder, its score below the maximum): points
    # earned by a program that then crashes, or answers wrong, with on_reject: continue, are not enough
    assert not half.matches(Verdict.RE, 50, 100)
    assert not half.matches(Verdict.WA, 50, 100)


def test_a_themis_tasks_partially_accepted_submission_needs_points_whatever_its_verdict(tmp_path: Path) -> None:
    # a Themis task has no verdict of its own, only points: a partial solution that crashes on the large tests
    # earns what the small ones give, as Themis scores it
    root = build(tmp_path / "TONG", {"Test1/TONG.INP": "1\n", "Test1/TONG.OUT": "1\n"})
    build(root, {"Test2/TONG.INP": "2\n", "Test2/TONG.OUT": "2\n", "submissions/partially_accepted/p.py": "1\n"})
    half = load_problem(root).submissions[0]
    assert half.matches(Verdict.RE, 50, 100) and half.matches(Verdict.TLE, 50, 100)
    assert not half.matches(Verdict.RE, 0, 100)
    assert not half.matches(Verdict.AC, 100, 100)


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


def test_tests_and_groups_are_judged_in_the_order_problemtools_lists_them(tmp_path: Path) -> None:
    # problemtools walks a group's folder in sorted(os.listdir()) order, taking a test at its .ans file, and
    # DOMjudge ranks tests by their names' string order: 10 comes before 2, B before a, a group among the tests
    files = {"problem.yaml": "name: P\n"}
    for stem in ("1", "2", "10", "B", "a", "a-b"):
        files[f"data/secret/{stem}.in"] = files[f"data/secret/{stem}.ans"] = f"{stem}\n"
    files.update(cases("data/secret/1group", 1))
    problem = load_problem(build(tmp_path / "p", files))
    order = ["1", "10", "1group/01", "2", "B", "a-b", "a"]
    assert [test.name for test in problem.tests] == [f"secret/{name}" for name in order]
    # on_reject: break stops at the first rejected test in that order: TLE on 10 before WA on 2, as both say
    failures = {"secret/2": WA, "secret/10": Outcome(Verdict.TLE, 0.0)}
    outcomes = judge_tests(problem.root, lambda test: failures.get(test.name, AC))
    assert list(outcomes) == ["secret/1", "secret/10"]
    assert summarise(problem.root, outcomes).verdict is Verdict.TLE


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


def test_reject_score_counts_and_a_score_within_the_range_stands(tmp_path: Path) -> None:
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
    two_wrong = run(problem, {"secret/01", "secret/02"})
    assert summarise(problem.root, two_wrong).score == 30 + 5 + 5
    assert out_of_range(problem.root, two_wrong) == []


def test_a_group_score_outside_its_range_is_the_packages_fault_not_clamped(tmp_path: Path, backend: Backend) -> None:
    """problemtools' check_score_in_bounds: "submission ... got score 90 on group data/secret, which is outside of
    expected score range [0.0, 60.0]", an error of verifyproblem; the score is not clamped. hoithi clamped it into
    the range (60) and the package verified; now the grading is a judge error that names the group and the range,
    so verify fails on it and a contestant gets no score a wrong package made up."""
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "type: scoring\n",
            "data/testdata.yaml": "on_reject: continue\n",
            "data/secret/testdata.yaml": "accept_score: 30\nreject_score: 5\nrange: 0 60\n",
            **cases("data/secret", 3),
            "submissions/accepted/echo.py": "print(input())\n",
            "submissions/wrong_answer/first_only.py": "n = int(input())\nprint(n if n == 1 else 0)\n",
        },
    )
    problem = load_problem(root)
    assert out_of_range(problem.root, run(problem, set())) == ["data/secret: score 90 outside its range [0, 60]"]
    found = {item.submission.path.rsplit("/", 1)[1]: item for item in check_submissions(problem, backend)}
    accepted = found["echo.py"]
    assert (accepted.report.verdict, accepted.report.score, accepted.ok) == (Verdict.JE, 0, False)
    assert "data/secret: score 90 outside its range [0, 60]" in accepted.report.judge_log
    # 30 + 5 + 5 is inside the range: graded as before
    wrong = found["first_only.py"]
    assert (wrong.report.verdict, wrong.report.score, wrong.ok) == (Verdict.WA, 40, True)
    # a negative reject_score below the range's minimum is the same fault
    (root / "data/secret/testdata.yaml").write_text("accept_score: 30\nreject_score: -5\nrange: 0 60\n")
    problem = load_problem(root)
    assert out_of_range(problem.root, run(problem, {"secret/01", "secret/02", "secret/03"})) == [
        "data/secret: score -15 outside its range [0, 60]"
    ]


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


def test_a_numeric_expected_score_is_checked_as_domjudge_checks_it(tmp_path: Path, backend: Backend) -> None:
    """DOMjudge (JuryMiscController::checkJudgings) checks ``@EXPECTED_SCORE@: 50`` against the score a submission
    earns, to 9 decimals (``bccomp(actual, expected, 9)``), besides its verdicts; a tag with a score alone in no
    category folder says nothing of the verdict. hoithi skipped such a submission ("checks verdicts only")."""
    root = oddecho_like(tmp_path)
    small = "n = int(input())\nprint(n if n < 4 else 0)\n"  # subtask1 right, subtask2 wrong: AC with 50
    build(
        root,
        {
            "submissions/accepted/echo_scored.py": "# @EXPECTED_SCORE@: 100\nprint(input())\n",
            "submissions/partially_accepted/half.py": "# @EXPECTED_SCORE@: 50.0000000004\n" + small,
            "submissions/partially_accepted/wrong_claim.py": "# @EXPECTED_SCORE@: 30\n" + small,
            "submissions/mixed-verdicts/half_any_verdict.py": "# @EXPECTED_SCORE@: 50\n" + small,
            "submissions/mixed-verdicts/both_tags.py": "# @EXPECTED_RESULTS@: WRONG-ANSWER\n"
            "# @EXPECTED_SCORE@: 50\n" + small,
        },
    )
    problem = load_problem(root)
    assert not problem.skipped
    found = {item.submission.path.rsplit("/", 1)[1]: item for item in check_submissions(problem, backend)}
    assert {name: (item.report.verdict, item.report.score) for name, item in found.items()} == {
        "echo.py": (Verdict.AC, 100),
        "echo_scored.py": (Verdict.AC, 100),
        "half.py": (Verdict.AC, 50),
        "wrong_claim.py": (Verdict.AC, 50),
        "half_any_verdict.py": (Verdict.AC, 50),
        "both_tags.py": (Verdict.AC, 50),
    }
    assert {name: item.ok for name, item in found.items()} == {
        "echo.py": True,
        "echo_scored.py": True,
        "half.py": True,
        "wrong_claim.py": False,  # 50 is not the 30 it says
        "half_any_verdict.py": True,  # a score alone: any verdict with that score
        "both_tags.py": False,  # the score is right, the verdict (AC) is not the WRONG-ANSWER it says
    }
    half = next(s for s in problem.submissions if s.path.endswith("/half.py"))
    assert half.matches(Verdict.AC, 50.0000000001, 100)  # within DOMjudge's 9 decimals
    assert not half.matches(Verdict.AC, 50.00000001, 100)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        # secret and sample inherit the top's grader flags; problemtools' grader then keeps the last of 1 or 2
        # results (secret's score is b's alone) and fails on 3 (the samples' JE makes every submission JE)
        (
            {"data/testdata.yaml": "on_reject: continue\ngrader_flags: ignore_sample\n"},
            "grader_flags: ignore_sample is allowed at the top only (problemtools refuses it here; "
            "this group inherits it unless it sets its own grader_flags)",
        ),
        # ignore_sample with the default on_reject: break: a failed sample leaves secret unjudged
        (
            {
                "data/testdata.yaml": "grader_flags: ignore_sample\n",
                "data/sample/testdata.yaml": "grader_flags: sum\n",
                "data/secret/testdata.yaml": "grader_flags: sum\n",
            },
            "grader_flags: ignore_sample with on_reject: break may leave the secret data unjudged; "
            "problemtools refuses it",
        ),
    ],
)
def test_ignore_sample_where_problemtools_refuses_it(tmp_path: Path, files: dict[str, str], message: str) -> None:
    """problemtools' verifyproblem (TestCaseGroup.check) refuses ``ignore_sample`` in a group below the top,
    inherited there as every testdata.yaml key is, and at the top with ``on_reject: break``; hoithi dropped it below
    the top and judged the package, where problemtools' grader keeps only the last of a group's results."""
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "type: scoring\n",
            **files,
            **cases("data/sample", 3),
            **cases("data/secret/a", 3),
            **cases("data/secret/b", 1),
        },
    )
    with pytest.raises(ProblemError) as raised:
        load_problem(root)
    assert message in str(raised.value)


def test_verify_accepts_what_passes_within_the_safety_margin_as_problemtools_does(
    tmp_path: Path, backend: Backend
) -> None:
    """problemtools' Submissions.check_submission judges a submission at the time limit and at the limit times
    ``time_safety_margin``: one that earns its folder's verdict only with that extra time is "OK with extra time",
    no error; hoithi judged it at the limit alone and called it a mismatch."""
    burn = "import time\nwhile time.process_time() < {seconds}:\n    pass\nprint(input())\n"
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "name: Burn\nlimits:\n  time_limit: 1\n",  # legacy: time_safety_margin 2
            **cases("data/secret", 1),
            "submissions/accepted/fast.py": "print(input())\n",
            "submissions/accepted/a_bit_slow.py": burn.format(seconds=1.3),
            "submissions/accepted/too_slow.py": burn.format(seconds=30),
            "submissions/time_limit_exceeded/forever.py": burn.format(seconds=30),
        },
    )
    found = {item.submission.path.rsplit("/", 1)[1]: item for item in check_submissions(load_problem(root), backend)}
    assert {name: (item.report.verdict, item.ok) for name, item in found.items()} == {
        "fast.py": (Verdict.AC, True),
        "a_bit_slow.py": (Verdict.TLE, True),  # TLE at 1 s, AC at 2 s: OK with extra time
        "too_slow.py": (Verdict.TLE, False),
        "forever.py": (Verdict.TLE, True),
    }
    slow = found["a_bit_slow.py"]
    assert slow.extra_time is not None and slow.extra_time.verdict is Verdict.AC
    assert found["fast.py"].extra_time is None  # judged again only when the limit's verdict is not the one expected


def test_no_output_means_no_output_as_domjudge_judges_it(tmp_path: Path, backend: Backend) -> None:
    """DOMjudge's judgedaemon gives NO-OUTPUT, not WRONG-ANSWER, to a wrong run that printed nothing, and a judging
    takes its first wrong test's result: a ``no_output`` submission (or one whose tag says ``NO-OUTPUT`` alone)
    that prints a wrong answer is WRONG-ANSWER there, not what it expects. hoithi took any WA for it. A
    ``wrong_answer`` submission that prints nothing stays right: problemtools, which has that folder too, knows no
    NO-OUTPUT (``test_a_silent_wrong_answer_submission_is_ok_with_domjudges_no_output_noted``).

    Where DOMjudge alone judges the expectation, its import's rule holds: a tag naming WRONG-ANSWER and not
    NO-OUTPUT expects WRONG-ANSWER (a silent run fails it), and a tag that names the folder's result is narrowed
    to it (ImportProblemService: "restricted to match directory"), so a no_output submission tagged
    ``NO-OUTPUT, WRONG-ANSWER`` still must print nothing and one tagged ``WRONG-ANSWER`` alone must print. hoithi
    took any WA for all three."""
    root = build(
        tmp_path / "p",
        {
            "problem.yaml": "name: Quiet\n",
            **cases("data/secret", 2),
            "submissions/no_output/quiet.py": "input()\n",
            "submissions/no_output/says_something.py": "print('x')\n",
            "submissions/no_output/quiet_later.py": "n = int(input())\nprint(n if n == 1 else '')\n",
            "submissions/wrong_answer/quiet.py": "input()\n",
            "submissions/mixed-verdicts/tagged.py": "# @EXPECTED_RESULTS@: NO-OUTPUT\nprint('x')\n",
            "submissions/mixed-verdicts/either.py": "# @EXPECTED_RESULTS@: NO-OUTPUT, WRONG-ANSWER\nprint('x')\n",
            "submissions/mixed-verdicts/tagged_wrong.py": "# @EXPECTED_RESULTS@: WRONG-ANSWER\ninput()\n",
            "submissions/no_output/narrowed.py": "# @EXPECTED_RESULTS@: NO-OUTPUT, WRONG-ANSWER\nprint('x')\n",
            "submissions/no_output/tagged_wrong.py": "# @EXPECTED_RESULTS@: WRONG-ANSWER\ninput()\n",
            "submissions/wrong_answer/tagged_quiet.py": "# @EXPECTED_RESULTS@: NO-OUTPUT\nprint('x')\n",
        },
    )
    found = {item.submission.path: item for item in check_submissions(load_problem(root), backend)}
    assert {path: (item.report.verdict, item.ok) for path, item in found.items()} == {
        "submissions/no_output/quiet.py": (Verdict.WA, True),
        "submissions/no_output/says_something.py": (Verdict.WA, False),
        # the first test is right, the second wrong with an output of one newline: not empty, WRONG-ANSWER
        "submissions/no_output/quiet_later.py": (Verdict.WA, False),
        "submissions/wrong_answer/quiet.py": (Verdict.WA, True),
        "submissions/mixed-verdicts/tagged.py": (Verdict.WA, False),
        "submissions/mixed-verdicts/either.py": (Verdict.WA, True),
        "submissions/mixed-verdicts/tagged_wrong.py": (Verdict.WA, False),
        "submissions/no_output/narrowed.py": (Verdict.WA, False),
        "submissions/no_output/tagged_wrong.py": (Verdict.WA, False),
        # a tag that does not name the folder's result replaces it (DOMjudge says so and expects the tag's)
        "submissions/wrong_answer/tagged_quiet.py": (Verdict.WA, False),
    }


def test_score_keys_in_a_pass_fail_problem_are_refused_as_problemtools_refuses_them(tmp_path: Path) -> None:
    """problemtools' TestCaseGroup.check: "Key 'accept_score' is only applicable for scoring problems, this is a
    pass-fail problem" (``accept_score``, ``reject_score``, ``range``, in a testdata.yaml or problem.yaml's legacy
    ``grading:``); DOMjudge judges such a problem pass-fail. hoithi took the keys as making it a scoring problem and
    gave 30 of 100 to a submission wrong on one group."""
    files = {
        "problem.yaml": "name: x\n",
        "data/secret/a/testdata.yaml": "accept_score: 30\n",
        "data/secret/b/testdata.yaml": "range: 0 70\n",
        **cases("data/secret/a", 1),
        **cases("data/secret/b", 1),
    }
    with pytest.raises(ProblemError) as raised:
        load_problem(build(tmp_path / "p", files))
    said = str(raised.value)
    assert "data/secret/a/testdata.yaml: accept_score is for a scoring problem only" in said
    assert "data/secret/b/testdata.yaml: range is for a scoring problem only" in said
    legacy = {**cases("data/secret", 1), "problem.yaml": "name: x\ngrading:\n  accept_score: 2\n"}
    with pytest.raises(ProblemError, match=r"problem\.yaml: accept_score is for a scoring problem only"):
        load_problem(build(tmp_path / "q", legacy))
    # the same package typed scoring is graded by them
    build(tmp_path / "p", {"problem.yaml": "name: x\ntype: scoring\n"})
    problem = load_problem(tmp_path / "p")
    assert summarise(problem.root, run(problem, {"secret/b/01"})).score == 30
