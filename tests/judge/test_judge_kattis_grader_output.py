"""A Kattis group's score as problemtools reads it from the default grader, which prints it with ``%f``: six
decimals at every level of the tree, not the exact aggregate. The expected values are what that grader printed
for the same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem
from judge.scoring import summarise

from .kattis_helpers import build, cases, run


def test_each_group_keeps_six_decimals_as_the_default_grader_prints_them(tmp_path: Path) -> None:
    root = build(
        tmp_path / "avg",
        {
            "problem.yaml": "type: scoring\n",
            "data/testdata.yaml": "on_reject: continue\n",
            "data/secret/testdata.yaml": "grader_flags: avg\n",
            **cases("data/secret/a", 3),
            **cases("data/secret/b", 7),
        },
    )
    problem = load_problem(root)
    fails = {"secret/a/03"} | {f"secret/b/{n:02d}" for n in range(2, 8)}
    # a: avg(1, 1, 0) printed 0.666667; b: avg(1, 0 x 6) printed 0.142857; secret: avg of those, 0.404762
    assert summarise(problem.root, run(problem, fails)).score == 0.404762


def test_a_score_past_the_sixth_decimal_rounds_before_the_fourth(tmp_path: Path) -> None:
    root = build(
        tmp_path / "fine",
        {
            "problem.yaml": "type: scoring\n",
            "data/secret/g/testdata.yaml": "accept_score: 0.12344951\n",
            **cases("data/secret/g", 1),
        },
    )
    problem = load_problem(root)
    summary = summarise(problem.root, run(problem, set()))
    # g printed 0.123450, which the parents keep: shown with four decimals, 0.1235 (exactly, 0.1234)
    assert (summary.score, round(summary.score, 4)) == (0.12345, 0.1235)


@pytest.mark.parametrize(("given", "score"), [("'25'", 50.0), ("' 2.5e1 '", 50.0), ("25", 50.0)])
def test_a_score_written_as_text_is_the_number_the_grader_reads(tmp_path: Path, given: str, score: float) -> None:
    """problemtools hands accept_score to the default grader as text, which reads "25" as 25 (hoithi refused it)."""
    files = {"problem.yaml": "type: scoring\n", "data/secret/testdata.yaml": f"accept_score: {given}\n"}
    problem = load_problem(build(tmp_path, {**files, **cases("data/secret", 2)}))
    assert summarise(problem.root, run(problem, set())).score == score


@pytest.mark.parametrize("given", ["'many'", "'2 5'", ".inf", "'nan'", "true"])
def test_a_score_the_grader_cannot_read_is_refused(tmp_path: Path, given: str) -> None:
    files = {"problem.yaml": "type: scoring\n", "data/secret/testdata.yaml": f"accept_score: {given}\n"}
    with pytest.raises(ProblemError, match="accept_score must be a number"):
        load_problem(build(tmp_path, {**files, **cases("data/secret", 2)}))
