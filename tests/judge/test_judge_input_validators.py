"""A Kattis package's input validators, as problemtools' verifyproblem runs them: every program in
input_validators/ (input_format_validators/ first) on every test input, with its group's input_validator_flags;
exit 42 accepts the input, anything else fails ``verify``, naming the test file and what the validator said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import judge_cli
from judge.faults import FaultCode
from judge.package import load_problem

from .kattis_helpers import build

AT_MOST = """import sys
args = sys.argv[1:]
limit = int(args[args.index("max") + 1]) if "max" in args else 10
text = sys.stdin.read()
try:
    n = int(text)
except ValueError:
    print("not an integer")
    sys.exit(43)
if not 1 <= n <= limit:
    print(f"{n} is outside 1..{limit}")
    sys.exit(43)
sys.exit(42)
"""
LINES = """#include <cstdio>
#include "lines.h"
int main() {
    int c, last = EOF;
    while ((c = getchar()) != EOF) last = c;
    if (last != '\\n') {
        fprintf(stderr, "the input does not end with a newline\\n");
        return REJECT;
    }
    return ACCEPT;
}
"""
ECHO = "import sys\nsys.stdout.write(sys.stdin.read())\n"


def package(root: Path, **extra: str) -> Path:
    """Tests that pass their validators only with their own group's flags (``big`` raises the top's max 5)."""
    return build(
        root,
        {
            "problem.yaml": "name: Echo\n",
            "data/testdata.yaml": "input_validator_flags: max 5\n",
            "data/secret/01.in": "3\n",
            "data/secret/01.ans": "3\n",
            "data/secret/big/testdata.yaml": "input_validator_flags: max 100\n",
            "data/secret/big/02.in": "50\n",
            "data/secret/big/02.ans": "50\n",
            "input_validators/at_most.py": AT_MOST,
            "input_validators/lines/lines.cpp": LINES,
            "input_validators/lines/lines.h": "#define ACCEPT 42\n#define REJECT 43\n",
            "submissions/accepted/echo.py": ECHO,
            **extra,
        },
    )


def test_the_validators_and_each_groups_flags_are_read(tmp_path: Path) -> None:
    problem = load_problem(package(tmp_path / "p", **{"input_validators/syntax.ctd": "INT(1, 5)\n"}))
    assert [v.path for v in problem.input_validators] == ["input_validators/at_most.py", "input_validators/lines"]
    assert b"#define ACCEPT 42" in problem.input_validators[1].source  # its header inlined
    assert {t.name: t.input_flags for t in problem.tests} == {
        "secret/01": ("max", "5"),
        "secret/big/02": ("max", "100"),
    }
    (script,) = [s for s in problem.skipped if s.path.startswith("input_validators/")]
    assert (script.path, script.why.code) == ("input_validators/syntax.ctd", FaultCode.SKIP_VALIDATION_SCRIPT)


def test_the_older_folder_name_wins_as_in_problemtools(tmp_path: Path) -> None:
    root = package(tmp_path / "p", **{"input_format_validators/all.py": "import sys\nsys.exit(42)\n"})
    assert [v.path for v in load_problem(root).input_validators] == ["input_format_validators/all.py"]


@pytest.mark.slow
@pytest.mark.bwrap
@pytest.mark.parametrize(
    ("extra", "rejected"),
    [
        ({}, []),
        (
            {
                "data/secret/03.in": "7\n",
                "data/secret/03.ans": "7\n",
                "data/secret/04.in": "4",
                "data/secret/04.ans": "4",
            },
            [
                ("input_validators/at_most.py", "data/secret/03.in", "exit code 43, not 42: 7 is outside 1..5"),
                (
                    "input_validators/lines",
                    "data/secret/04.in",
                    "exit code 43, not 42: the input does not end with a newline",
                ),
            ],
        ),
    ],
)
def test_verify_fails_an_input_a_validator_rejects_naming_the_file(
    tmp_path: Path, extra: dict[str, str], rejected: list[tuple[str, str, str]]
) -> None:
    """hoithi's verify ran no input validator: a package whose inputs break its own constraints passed."""
    root = package(tmp_path / "p", **extra)
    result = CliRunner().invoke(judge_cli, ["verify", str(root), "--json", "--sandbox", "bwrap"])
    answer = json.loads(result.stdout)
    assert [row["ok"] for row in answer["submissions"]] == [True]
    assert [(r["validator"], r["test"], r["message"]) for r in answer["rejected_inputs"]] == rejected
    assert result.exit_code == (1 if rejected else 0), result.output
    for validator, test, message in rejected:
        assert f"error: {test}: rejected by {validator}: {message}" in result.stderr


@pytest.mark.slow
@pytest.mark.bwrap
def test_verify_says_a_validator_that_does_not_compile_and_warns_of_none(tmp_path: Path) -> None:
    broken = package(tmp_path / "broken", **{"input_validators/lines/lines.cpp": "int main( {\n"})
    result = CliRunner().invoke(judge_cli, ["verify", str(broken), "--sandbox", "bwrap"])
    assert result.exit_code == 1
    assert "error: input_validators/lines: does not compile:" in result.stderr
    bare = package(tmp_path / "bare")
    for path in sorted((bare / "input_validators").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    result = CliRunner().invoke(judge_cli, ["verify", str(bare), "--sandbox", "bwrap"])
    assert result.exit_code == 0, result.output
    assert "warning: no input validator (in input_validators/), which problemtools requires" in result.stderr
