"""A range at the top of data/ wider than the tests can earn: hoithi gives full marks at what they can earn, and
``verify`` judges the package as problemtools does, which calls only the range's top a full score (it warns of an
accepted submission below it and counts a partially accepted one there as partial)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import judge_cli
from judge.package import load_problem
from judge.scoring import unearnable_range

from .kattis_helpers import build, cases

ECHO = "import sys\nsys.stdout.write(sys.stdin.read())\n"


def wide(root: Path, high: int) -> Path:
    return build(
        root,
        {
            "problem.yaml": "type: scoring\n",
            "data/testdata.yaml": f"on_reject: continue\nrange: 0 {high}\n",
            "data/secret/testdata.yaml": "accept_score: 30\n",
            **cases("data/secret", 2),
            "submissions/accepted/echo.py": ECHO,
            "submissions/partially_accepted/echo_too.py": ECHO,
        },
    )


def test_a_range_the_tests_reach_is_no_wider_than_they_earn(tmp_path: Path) -> None:
    assert unearnable_range(load_problem(wide(tmp_path / "fits", 60)).root) is None
    assert unearnable_range(load_problem(wide(tmp_path / "wide", 100)).root) == 100


@pytest.mark.slow
@pytest.mark.bwrap
def test_verify_warns_of_a_range_wider_than_the_tests_and_judges_partial_by_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(judge_cli, ["verify", str(wide(tmp_path / "p", 100)), "--json", "--sandbox", "bwrap"])
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert said["range_full_score"] == 100
    assert [(row["score"], row["max_score"], row["ok"]) for row in said["submissions"]] == [(60, 60, True)] * 2
    assert "the range of data/ goes up to 100, more than the tests can earn (60)" in result.stderr


@pytest.mark.slow
@pytest.mark.bwrap
def test_verify_warns_of_a_package_without_an_accepted_submission(tmp_path: Path) -> None:
    """problemtools: 'Require at least one "accepted" submission' (DOMjudge asks for none, so only a warning)."""
    root = wide(tmp_path / "p", 100)  # the partially accepted one, at 60 of 100, is ok
    (root / "submissions/accepted/echo.py").unlink()
    result = CliRunner().invoke(judge_cli, ["verify", str(root), "--sandbox", "bwrap"])
    assert result.exit_code == 0, result.output
    assert "no submission in submissions/accepted/, which problemtools requires" in result.stderr
