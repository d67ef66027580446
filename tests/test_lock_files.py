"""The lock files (``make lock``) hold what pyproject.toml asks for: every dependency pinned to a version its
specifier allows, with hashes, the runtime set in requirements.lock and the runtime and dev sets in
requirements-dev.lock, at the same versions. A dependency added to pyproject.toml without ``make lock`` fails here."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def locked(name: str) -> dict[str, tuple[Version, list[str]]]:
    """The pins of a lock file: canonical name -> (version, its hashes)."""
    text = (ROOT / name).read_text().replace("\\\n", " ")
    pins: dict[str, tuple[Version, list[str]]] = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        words = line.split()
        hashes = [w.removeprefix("--hash=") for w in words if w.startswith("--hash=")]
        requirement = Requirement(" ".join(w for w in words if not w.startswith("--hash=")))
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name}: {line!r} is not pinned"
        pins[canonicalize_name(requirement.name)] = (Version(specifier.version), hashes)
    return pins


def unmet(requirements: list[str], pins: dict[str, tuple[Version, list[str]]]) -> list[str]:
    """The requirements that the pins leave out or hold at a version outside their specifier."""
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{text}: not in the lock")
        elif not requirement.specifier.contains(pin[0], prereleases=True):
            problems.append(f"{text}: locked at {pin[0]}")
    return problems


@pytest.mark.parametrize(
    ("lock", "sets"), [("requirements.lock", ("runtime",)), ("requirements-dev.lock", ("runtime", "dev"))]
)
def test_a_lock_file_pins_every_dependency_of_pyproject_within_its_specifier(lock: str, sets: tuple[str, ...]) -> None:
    project = pyproject()
    wanted = list(project["dependencies"])
    if "dev" in sets:
        wanted += project["optional-dependencies"]["dev"]
    pins = locked(lock)
    assert unmet(wanted, pins) == [], f"run `make lock`: {lock} does not match pyproject.toml"
    assert [name for name, (_version, hashes) in pins.items() if not hashes] == []


def test_the_dev_lock_holds_the_runtime_set_at_the_same_versions() -> None:
    runtime = {name: version for name, (version, _h) in locked("requirements.lock").items()}
    dev = {name: version for name, (version, _h) in locked("requirements-dev.lock").items()}
    assert {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version} == {}


def test_a_requirement_outside_the_lock_is_reported() -> None:
    pins = locked("requirements.lock")
    flask = pins["flask"][0]
    assert unmet([f"Flask>{flask}", "surely-not-a-dependency>=1"], pins) == [
        f"Flask>{flask}: locked at {flask}",
        "surely-not-a-dependency>=1: not in the lock",
    ]
