"""``judge run`` and ``judge verify`` through click, on the real bubblewrap sandbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import judge_cli
from judge.verify import time_limit_from
from sandbox.session import Backend

from .. import scratch_projects

pytestmark = pytest.mark.slow  # every test grades programs in a real sandbox

DATA = Path(__file__).parent / "data"
Copy = Callable[[str], Path]
SUM = DATA / "themis" / "SUM"


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(judge_cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.bwrap
def test_run_prints_the_stable_json(backend: Backend) -> None:
    source = SUM / "submissions" / "accepted" / "sum_stdio.py"
    code, out, _ = invoke("run", SUM, source, "--json", "--sandbox", "bwrap")
    assert code == 0
    report = json.loads(out)
    assert (report["verdict"], report["score"], report["max_score"]) == ("AC", 100, 100)
    assert [t["name"] for t in report["tests"]] == ["Test01", "Test02", "Test03", "Test04", "Test05"]


@pytest.mark.bwrap
def test_run_says_scratch_cannot_be_judged_without_its_runtime(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOITHI_SCRATCH_RUNTIME", str(tmp_path / "not-installed"))
    project = tmp_path / "bai.sb3"
    project.write_bytes(scratch_projects.adder())
    code, _, err = invoke("run", SUM, project, "--sandbox", "bwrap")
    assert code == 1
    assert "Scratch 3 cannot be judged on this host: the Scratch runtime is not installed in" in err
    assert "make scratch-runtime" in err
    code, out, _ = invoke("run", SUM, SUM / "submissions" / "accepted" / "sum_stdio.py", "--sandbox", "bwrap")
    assert code == 0 and out.rstrip().splitlines()[-1] == "AC  100 / 100"


@pytest.mark.bwrap
def test_run_prints_a_table(backend: Backend) -> None:
    source = SUM / "submissions" / "wrong_answer" / "difference.cpp"
    code, out, _ = invoke("run", SUM, source, "--sandbox", "bwrap")
    assert code == 0
    assert "Test05" in out
    assert out.rstrip().splitlines()[-1] == "WA  20 / 100"


@pytest.mark.bwrap
def test_run_honours_the_limits_given(backend: Backend, tmp_path: Path) -> None:
    (tmp_path / "ONE" / "Test1").mkdir(parents=True)
    (tmp_path / "ONE" / "Test1" / "ONE.INP").write_text("1\n")
    (tmp_path / "ONE" / "Test1" / "ONE.OUT").write_text("1\n")
    source = tmp_path / "hungry.py"
    source.write_text("x = bytearray(200 << 20)\nprint(1)\n")
    code, out, _ = invoke("run", tmp_path / "ONE", source, "--json", "--sandbox", "bwrap")
    assert json.loads(out)["verdict"] == "AC"
    code, out, _ = invoke("run", tmp_path / "ONE", source, "--memory-limit", "64", "--json", "--sandbox", "bwrap")
    assert json.loads(out)["verdict"] == "MLE"
    source.write_text("while True:\n    pass\n")
    code, out, _ = invoke("run", tmp_path / "ONE", source, "--time-limit", "0.2", "--json", "--sandbox", "bwrap")
    assert (code, json.loads(out)["verdict"]) == (0, "TLE")


@pytest.mark.bwrap
def test_run_with_a_language_override(backend: Backend, tmp_path: Path) -> None:
    source = tmp_path / "solution.txt"
    source.write_text("a, b = map(int, input().split())\nprint(a + b)\n")
    code, out, _ = invoke("run", SUM, source, "--lang", "python", "--json", "--sandbox", "bwrap")
    assert (code, json.loads(out)["verdict"]) == (0, "AC")


def test_run_refuses_an_unknown_language(tmp_path: Path) -> None:
    source = tmp_path / "solution.rb"
    source.write_text("puts 1")
    code, _, err = invoke("run", SUM, source)
    assert code == 2
    assert "unknown extension '.rb'" in err


def test_run_reports_a_malformed_package(package: Copy) -> None:
    root = package("themis/SUM")
    (root / "Test01" / "SUM.OUT").unlink()
    code, _, err = invoke("run", root, root / "submissions" / "accepted" / "sum_stdio.py")
    assert code == 1
    assert "Test01: test without an answer" in err


@pytest.mark.bwrap
def test_verify_passes_when_every_submission_gets_its_verdict(backend: Backend) -> None:
    code, out, _ = invoke("verify", DATA / "kattis" / "circle", "--sandbox", "bwrap")
    assert code == 0, out
    assert out.count(" ok") == 3
    code, out, _ = invoke("verify", DATA / "kattis" / "circle", "--sandbox", "bwrap", "--json")
    assert code == 0
    assert {row["path"]: row["verdict"] for row in json.loads(out)["submissions"]} == {
        "submissions/accepted/area.py": "AC",
        "submissions/almost_pi.cpp": "AC",
        "submissions/wrong_answer/rough_pi.py": "WA",
    }


@pytest.mark.bwrap
def test_verify_fails_on_a_mismatch(backend: Backend, package: Copy) -> None:
    root = package("kattis/circle")
    (root / "submissions" / "wrong_answer" / "rough_pi.py").rename(root / "submissions" / "accepted" / "rough.py")
    code, out, err = invoke("verify", root, "--sandbox", "bwrap")
    assert code == 1
    assert "submissions/accepted/rough.py" in out and "MISMATCH" in out
    assert "1 of 3 submissions did not get an expected verdict" in err


@pytest.mark.bwrap
def test_a_silent_wrong_answer_submission_is_ok_with_domjudges_no_output_noted(backend: Backend, package: Copy) -> None:
    """A ``wrong_answer`` submission that prints nothing: problemtools (whose folder it is) says WA and verifies
    it; DOMjudge's judgedaemon says NO-OUTPUT and its verifier flags it, as that folder expects WRONG-ANSWER. verify
    keeps it ok, hoithi's verdict being WA, and says what DOMjudge would; one that prints a wrong answer gets no
    note. Before, nothing told the organiser that the package fails DOMjudge's verification."""
    root = package("kattis/circle")
    (root / "submissions" / "wrong_answer" / "silent.py").write_text("input()\n")
    (root / "submissions" / "loud.py").write_text("# @EXPECTED_RESULTS@: RUN-ERROR, WRONG-ANSWER\nprint(0)\n")
    code, out, _ = invoke("verify", root, "--sandbox", "bwrap")
    assert code == 0, out
    # the expected column is as wide as its longest entry ('MLE,RE,WA(printed)'): every 'got' starts in one place
    header, *rows = [line for line in out.splitlines() if line.startswith("submission")]
    got = header.index(" got ")
    assert "MLE,RE,WA(printed)" in out and len(rows) == 5, out
    assert all(row[got + 1 : got + 4] in ("AC ", "WA ") for row in rows), out
    silent = next(line for line in out.splitlines() if "silent.py" in line)
    assert " ok " in silent and "DOMjudge: NO-OUTPUT" in silent and "no_output/" in silent
    assert "DOMjudge" not in next(line for line in out.splitlines() if "rough_pi.py" in line)
    code, out, _ = invoke("verify", root, "--sandbox", "bwrap", "--json")
    notes = {row["path"]: row["note"] for row in json.loads(out)["submissions"]}
    assert notes["submissions/wrong_answer/rough_pi.py"] is None
    assert "NO-OUTPUT" in notes["submissions/wrong_answer/silent.py"]


@pytest.mark.bwrap
def test_verify_derives_the_time_limit_and_lists_what_it_skipped(backend: Backend, tmp_path: Path) -> None:
    root = tmp_path / "echo"
    files = {
        "problem.yaml": "name: Echo\nlimits:\n  time_multiplier: 3\n",
        "data/secret/1.in": "5\n",
        "data/secret/1.ans": "5\n",
        "submissions/accepted/echo.py": "print(input())\n",
        "submissions/accepted/echo.rs": "fn main() {}\n",
        "submissions/time_limit_exceeded/spin.py": "while True:\n    pass\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    code, out, err = invoke("verify", root, "--sandbox", "bwrap")
    assert code == 0, out + err
    assert "time limit 1 s, derived: slowest accepted" in out and "(submissions/accepted/echo.py) x 3" in out
    assert "skipped submissions/accepted/echo.rs: a language hoithi does not judge (.rs)" in out
    code, out, _ = invoke("verify", root, "--sandbox", "bwrap", "--json")
    report = json.loads(out)
    assert report["limit"]["time_limit_ms"] == 1000 and report["limit"]["safety_limit_ms"] == 2000
    assert [row["verdict"] for row in report["submissions"]] == ["AC", "TLE"]


def test_the_derived_time_limit_follows_problemtools() -> None:
    assert [time_limit_from(ms, 5) for ms in (0, 150, 200, 201, 1000, 1900)] == [1000, 1000, 1000, 2000, 5000, 10000]
    # the 2023-07 format and later: ac_to_time_limit 2 by default, a multiple of time_resolution, at least one
    assert [time_limit_from(ms, 2, 0.5) for ms in (0, 100, 1300, 1500)] == [500, 500, 3000, 3000]


def test_verify_needs_submissions(package: Copy) -> None:
    root = package("kattis/circle")
    for path in sorted((root / "submissions").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    code, _, err = invoke("verify", root)
    assert code == 1
    assert "no submissions to verify" in err


def test_the_sandbox_comes_from_hoithi_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOITHI_SANDBOX", "bogus")
    source = SUM / "submissions" / "accepted" / "sum_stdio.py"
    for args in (("run", SUM, source), ("verify", DATA / "kattis" / "circle")):
        code, _, err = invoke(*args)
        assert code == 1
        assert "unknown sandbox backend 'bogus'" in err


@pytest.mark.bwrap
def test_the_sandbox_option_wins_over_hoithi_sandbox(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    source = SUM / "submissions" / "accepted" / "sum_stdio.py"
    monkeypatch.setenv("HOITHI_SANDBOX", "bwrap")
    code, out, _ = invoke("run", SUM, source, "--json")
    assert (code, json.loads(out)["verdict"]) == (0, "AC")
    monkeypatch.setenv("HOITHI_SANDBOX", "bogus")
    code, out, _ = invoke("run", SUM, source, "--json", "--sandbox", "bwrap")
    assert (code, json.loads(out)["verdict"]) == (0, "AC")
