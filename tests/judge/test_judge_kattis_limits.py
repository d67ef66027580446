"""A Kattis package's limits that make no sense (zero, a safety margin below one, YAML's .nan) are package errors
that name the key, not the default read in their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import judge_cli
from judge.errors import ProblemError
from judge.package import LoadOptions, load_problem

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


BUSY = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end:\n    pass\nprint(input())\n"


@pytest.mark.slow
@pytest.mark.bwrap
@pytest.mark.parametrize(("seconds", "fails"), [(1, True), (2, False)])
def test_a_fixed_time_limit_under_the_slowest_accepted_times_the_multiplier_fails_verify(
    tmp_path: Path, seconds: int, fails: bool
) -> None:
    """problemtools' verifyproblem: 0.6 s x ac_to_time_limit 2 is over problem.yaml's 1 s, an error although the
    submission is accepted at 1 s; hoithi had passed the package."""
    root = build(
        tmp_path,
        {
            "problem.yaml": f"problem_format_version: 2023-07-draft\nlimits:\n  time_limit: {seconds}\n",
            **cases("data/secret", 1),
            "submissions/accepted/busy.py": BUSY,
        },
    )
    assert load_problem(root).time_limit_bound
    result = CliRunner().invoke(judge_cli, ["verify", str(root), "--json", "--sandbox", "bwrap"])
    answer = json.loads(result.stdout)
    assert answer["submissions"][0]["ok"], answer
    assert (result.exit_code, answer["limit"]["under_slowest_accepted"] is not None) == (int(fails), fails)
    assert ("problemtools refuses the package so" in result.stderr) is fails


def test_only_a_later_formats_own_time_limit_binds_the_accepted_submissions(tmp_path: Path) -> None:
    """problemtools' legacy format has no limits.time_limit (a legacy package's .timelimit it ignores), and a limit
    from the organiser is its command line's, of which it only warns."""
    legacy = build(tmp_path / "legacy", {"problem.yaml": "limits:\n  time_limit: 1\n", **cases("data/secret", 1)})
    assert not load_problem(legacy).time_limit_bound
    later = "problem_format_version: 2023-07-draft\nlimits:\n  time_limit: 1\n"
    modern = build(tmp_path / "modern", {"problem.yaml": later, **cases("data/secret", 1)})
    assert load_problem(modern).time_limit_bound
    assert not load_problem(modern, LoadOptions(time_limit_s=3)).time_limit_bound
