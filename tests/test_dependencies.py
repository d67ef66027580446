"""The project's dependencies point one way: ``app`` uses ``judge``, ``submissions`` and ``sandbox``; ``judge``
uses ``sandbox`` only; ``sandbox`` and ``submissions`` use nothing else of the project. Read from the sources'
import statements, so that a lazy import inside a function counts too."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("app", "judge", "sandbox", "submissions")
MAY_USE = {"judge": {"judge", "sandbox"}, "sandbox": {"sandbox"}, "submissions": {"submissions"}}


def imported_packages(path: Path, package: str) -> dict[str, int]:
    """The project's top-level packages that the module at ``path`` imports, each with a line that does."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [package if node.level else node.module or ""]
        else:
            continue
        for name in names:
            top = name.partition(".")[0]
            if top in PROJECT:
                found.setdefault(top, node.lineno)
    return found


@pytest.mark.parametrize("package", sorted(MAY_USE))
def test_a_library_imports_only_what_it_may(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules
    strays = [
        f"{path.relative_to(ROOT)}:{line} imports {used}"
        for path in modules
        for used, line in imported_packages(path, package).items()
        if used not in MAY_USE[package]
    ]
    assert strays == []


def test_the_judge_command_line_loads_without_the_web_application() -> None:
    web = "{'app', 'flask', 'sqlalchemy', 'redis', 'rq'}"
    probe = f"import sys, judge.cli; print(sorted({{m.partition('.')[0] for m in sys.modules}} & {web}))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
