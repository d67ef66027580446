"""The project's dependencies point one way (docs/architecture.md, "The import rules"):

- ``app`` uses ``judge``, ``submissions`` and ``sandbox``; ``judge`` uses ``sandbox`` only; ``sandbox`` and
  ``submissions`` use nothing else of the project;
- inside ``app``, the web (the blueprints) uses the services and the models, the services use the models, and the
  models use neither: ``app/models`` imports nothing of ``app/services``, of the blueprints or of the queue side;
  ``app/services`` imports no blueprint, nothing of the web's own plumbing and never ``flask.request``.

Read from the sources' import statements, so that a lazy import inside a function counts too."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("app", "judge", "sandbox", "submissions")
MAY_USE = {"judge": {"judge", "sandbox"}, "sandbox": {"sandbox"}, "submissions": {"submissions"}}

WEB_PLUMBING = ("app.factory", "app.authz", "app.form_base", "app.service_calls", "app.cli", "app.commands")
"""Modules of ``app`` that only the web (or the command line) may use: they take the request, the logged-in user,
the forms, or build the application."""
QUEUE_SIDE = ("app.grading",)
"""The jobs workers run: they call the services, so the services and the models must not call them."""
CROSSINGS_TO_REMOVE: set[tuple[str, str]] = set()
"""Imports that break a rule today, each listed with its module's path until it goes, so that no new one slips
in (none is left)."""


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


def module_name(path: Path) -> str:
    """The dotted name of the module at ``path`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> Iterator[tuple[str, int]]:
    """Every name the module at ``path`` imports, absolute and dotted (``from ..records import audit``
    in ``app/services/proposals/workflow.py`` is ``app.services.records.audit``; ``from flask import request`` is
    ``flask.request``), and
    every ``flask.<name>`` it reaches as an attribute (``flask.request``), each with its line."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield f"{prefix}.{alias.name}", node.lineno
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "flask":
            yield f"flask.{node.attr}", node.lineno


def within(name: str, modules: tuple[str, ...]) -> bool:
    """Whether the dotted ``name`` is one of ``modules`` or inside one of them."""
    return any(name == module or name.startswith(f"{module}.") for module in modules)


def blueprint_packages() -> tuple[str, ...]:
    """The packages of ``app`` that make a Flask blueprint: the web."""
    return tuple(
        sorted(
            module_name(init.parent / "__init__.py")
            for init in (ROOT / "app").glob("*/*.py")
            if "Blueprint(" in init.read_text()
        )
    )


def strays(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """Each import in the modules under ``folder`` of a name within ``forbidden``, as ``path:line imports name``;
    the crossings still to remove are left out."""
    modules = sorted((ROOT / folder).rglob("*.py"))
    assert modules, folder
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in modules
        for name, line in imported_names(path)
        if within(name, forbidden) and (str(path.relative_to(ROOT)), name) not in CROSSINGS_TO_REMOVE
    ]


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


def test_the_web_is_the_blueprints() -> None:
    """The rules below know the web by its blueprints; a new area is found without being listed."""
    web = blueprint_packages()
    assert {"app.auth", "app.contests", "app.entries", "app.programming", "app.reviews", "app.api"} <= set(web)
    assert not within("app.services", web) and not within("app.models", web)


def test_the_models_import_neither_services_nor_the_web_nor_the_queue() -> None:
    assert strays("app/models", ("app.services", *blueprint_packages(), *WEB_PLUMBING, *QUEUE_SIDE)) == []


def test_the_services_import_no_view_and_never_the_request() -> None:
    assert strays("app/services", (*blueprint_packages(), *WEB_PLUMBING, *QUEUE_SIDE, "flask.request")) == []


def test_the_blueprints_reach_the_queue_only_through_the_services() -> None:
    """Views may use services and models (and each other's helpers), never the jobs workers run."""
    for blueprint in blueprint_packages():
        assert strays(blueprint.replace(".", "/"), QUEUE_SIDE) == []


def test_each_crossing_still_to_remove_is_still_there() -> None:
    """A crossing that is gone must leave the list, so that the list never hides a new one."""
    for path, name in CROSSINGS_TO_REMOVE:
        assert name in {found for found, _ in imported_names(ROOT / path)}, (path, name)
