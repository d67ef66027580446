"""A Kattis package's limits that make no sense (zero, a safety margin below one, YAML's .nan) are package errors
that name the key, not the default read in their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.errors import ProblemError
from judge.package import load_problem

from .kattis_helpers import build, cases

LEGACY = "name: L\n"
MODERN = "problem_format_version: 2023-07-draft\n"


@pytest.mark.parametrize(
    ("header", "limits", "said"),
    [
        (LEGACY, "time_multiplier: 0", "limits.time_multiplier must be a number above zero, not 0"),
        (LEGACY, "time_safety_margin: 0", "limits.time_safety_margin must be a number of at least 1, not 0"),
        (LEGACY, "time_safety_margin: 0.5", "limits.time_safety_margin must be a number of at least 1, not 0.5"),
        (LEGACY, "time_limit: 0", "limits.time_limit must be a number above zero, not 0"),
        (LEGACY, "memory: 0", "limits.memory must be a number above zero, not 0"),
        (LEGACY, "output: 0", "limits.output must be a number above zero, not 0"),
        (LEGACY, "memory: .nan", "limits.memory must be a number above zero, not nan"),
        (LEGACY, "time_limit: .inf", "limits.time_limit must be a number above zero, not inf"),
        (LEGACY, "compilation_time: 0", "limits.compilation_time must be a number above zero, not 0"),
        (LEGACY, "time_multiplier: '5'", "limits.time_multiplier must be a non-negative number, not '5'"),
        (LEGACY, "time_multiplier: -1", "limits.time_multiplier must be a non-negative number, not -1"),
        (MODERN, "time_resolution: 0", "limits.time_resolution must be a number above zero, not 0"),
        (
            MODERN,
            "time_multipliers: {ac_to_time_limit: 0}",
            "limits.time_multipliers.ac_to_time_limit must be a number above zero, not 0",
        ),
        (
            MODERN,
            "time_multipliers: {time_limit_to_tle: 0.9}",
            "limits.time_multipliers.time_limit_to_tle must be a number of at least 1, not 0.9",
        ),
    ],
)
def test_a_limit_that_makes_no_sense_is_refused_by_name(tmp_path: Path, header: str, limits: str, said: str) -> None:
    root = build(tmp_path, {"problem.yaml": f"{header}limits:\n  {limits}\n", **cases("data/secret", 1)})
    with pytest.raises(ProblemError) as caught:
        load_problem(root)
    assert any(said in problem for problem in caught.value.problems), caught.value.problems


def test_a_safety_margin_of_exactly_one_is_a_margin_of_nothing(tmp_path: Path) -> None:
    root = build(tmp_path, {"problem.yaml": "limits:\n  time_safety_margin: 1\n", **cases("data/secret", 1)})
    assert load_problem(root).time_safety_margin == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [(".timelimit", "0\n"), (".timelimit", "fast\n"), ("domjudge-problem.ini", "timelimit = '0'\n")],
)
def test_a_time_limit_file_of_nothing_is_refused(tmp_path: Path, name: str, text: str) -> None:
    root = build(tmp_path, {name: text, **cases("data/secret", 1)})
    with pytest.raises(ProblemError) as caught:
        load_problem(root)
    assert any(f"{name}: expected a number of seconds" in problem for problem in caught.value.problems)


@pytest.mark.parametrize(
    ("files", "seconds"),
    [
        ({".timelimit": "3\n"}, 3.0),
        ({"domjudge-problem.ini": "timelimit = '2'\n"}, 2.0),
        ({"problem.yaml": "limits:\n  time_limit: 2\n", "domjudge-problem.ini": "timelimit = 5\n"}, 2.0),
        ({"problem.yaml": "limits:\n  time_limit: 2\n", ".timelimit": " 2.0 \n"}, 2.0),
        ({"domjudge-problem.ini": "timelimit = 4\n", ".timelimit": "4"}, 4.0),
    ],
)
def test_the_time_limit_comes_from_the_yaml_the_ini_or_the_file_as_domjudge_reads_them(
    tmp_path: Path, files: dict[str, str], seconds: float
) -> None:
    assert load_problem(build(tmp_path, {**files, **cases("data/secret", 1)})).time_limit_ms == seconds * 1000


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"problem.yaml": "limits:\n  time_limit: 2\n", ".timelimit": "3\n"}, "time limit of 3 s, where"),
        ({"domjudge-problem.ini": "timelimit = 4\n", ".timelimit": "3\n"}, "gives 4 s: DOMjudge refuses"),
        ({".timelimit": "2 seconds\n"}, ".timelimit: expected a number of seconds"),
    ],
)
def test_a_time_limit_file_domjudge_refuses_is_refused(tmp_path: Path, files: dict[str, str], said: str) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(build(tmp_path, {**files, **cases("data/secret", 1)}))
    assert any(said in problem for problem in caught.value.problems), caught.value.problems
