"""The ``hoithi`` command line: its help and the judge's commands load no part of the web application, and every
command it lists is there, summarised as the command summarises itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from app.cli import LazyGroup, cli
from app.storage_commands import entries_cli
from judge.cli import judge_cli

ROOT = Path(__file__).resolve().parents[2]
SUM = ROOT / "tests" / "judge" / "data" / "themis" / "SUM"
WEB_LIBRARIES = ("flask", "sqlalchemy", "fpdf", "openpyxl", "alembic", "flask_migrate", "werkzeug", "jinja2")
RUN_HOITHI = """
import json, os, sys
def report(code):
    modules = sorted({name.partition(".")[0] for name in sys.modules})
    print(json.dumps({"code": code, "modules": modules}), file=sys.stderr)
exit_at_once = os._exit
def reported_exit(status):  # judge run ends so, without raising SystemExit
    report(status)
    sys.stderr.flush()
    exit_at_once(status)
os._exit = reported_exit
from app.cli import main
sys.argv[0] = "hoithi"
try:
    main()
except SystemExit as stop:
    report(stop.code)
"""


def hoithi(*args: str | Path) -> tuple[int, str, set[str]]:
    """Run ``hoithi ARGS`` in a fresh interpreter: its exit code, its output and the top-level modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_HOITHI, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    last = json.loads(done.stderr.strip().splitlines()[-1])
    return last["code"], done.stdout, set(last["modules"])


@pytest.mark.parametrize("args", [("--help",), ("judge", "--help"), ("judge", "run", "--help")])
def test_help_imports_nothing_of_the_web_application(args: tuple[str, ...]) -> None:
    code, out, modules = hoithi(*args)
    assert code == 0
    assert "Usage: hoithi" in out
    assert modules.isdisjoint(WEB_LIBRARIES)
    assert "app.factory" not in modules


@pytest.mark.parametrize("args", [("--help",), ("judge", "--help")])
def test_help_imports_no_sandbox(args: tuple[str, ...]) -> None:
    """Only ``judge run`` starts a sandbox before click parses (``judge.early_sandbox``): the rest pay nothing."""
    code, _, modules = hoithi(*args)
    assert code == 0
    assert "sandbox" not in modules


def test_help_lists_every_command() -> None:
    _, out, _ = hoithi("--help")
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    expected = (
        "audit db demo doctor entries judge lab limiter proposals rounds routes run sandbox shell storage themis up "
        "worker"
    )
    assert listed == expected.split()


@pytest.mark.bwrap
def test_judge_run_builds_no_web_application() -> None:
    code, out, modules = hoithi(
        "judge", "run", SUM, SUM / "submissions" / "accepted" / "sum_stdio.py", "--sandbox", "bwrap"
    )
    if code == 1 and ("no sandbox to grade in" in out or "sandbox did not start" in out):
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"bubblewrap sandbox unavailable: {out}")
        pytest.skip("bubblewrap sandbox unavailable")
    assert code in (0, None)
    assert out.rstrip().splitlines()[-1] == "AC  100 / 100"
    assert modules.isdisjoint(WEB_LIBRARIES)


def _groups() -> list[tuple[str, LazyGroup]]:
    return [("", cli), *((f"{name} ", group) for name, group in cli.commands.items() if isinstance(group, LazyGroup))]


def test_every_summary_is_the_commands_own(app: Flask) -> None:
    ctx = click.Context(cli, obj=ScriptInfo(create_app=lambda: app))
    for prefix, group in _groups():
        for name, entry in group.entries.items():
            command = entry.load(ctx)
            assert command is not None, prefix + name
            assert entry.summary == command.get_short_help_str(limit=1000), prefix + name
    assert cli.commands["judge"].help == judge_cli.help
    assert cli.commands["entries"].help == entries_cli.help


def test_the_applications_commands_run_in_it(app: Flask) -> None:
    result = CliRunner().invoke(cli, ["audit", "verify"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0 and result.output.startswith("audit log intact")
