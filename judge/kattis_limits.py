"""A Kattis package's limits beyond ``problem.yaml``'s plain numbers: the time limit from problem.yaml,
``domjudge-problem.ini`` or ``.timelimit``, and how a time limit is derived from the accepted submissions, by
format version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .kattis_yaml import read_limit

DOMJUDGE_TIME = re.compile(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", re.MULTILINE)


def read_timing(legacy: bool, limits: dict[str, Any], yaml_path: Path) -> tuple[float, float, float]:
    """How a time limit is derived from the accepted submissions: the multiplier of the slowest one's time, the
    safety margin and the resolution the limit is rounded up to, as problemtools reads them for the package's
    ``problem_format_version`` (legacy: ``time_multiplier`` 5 and ``time_safety_margin`` 2; 2023-07 and later:
    ``time_multipliers: {ac_to_time_limit: 2, time_limit_to_tle: 1.5}`` and ``time_resolution`` 1 s). A zero is
    refused, and so is a safety margin below 1: problemtools would judge at a limit below the time limit itself."""
    if legacy:
        multiplier = read_limit(limits.get("time_multiplier"), yaml_path, "limits.time_multiplier") or 5.0
        margin = read_limit(limits.get("time_safety_margin"), yaml_path, "limits.time_safety_margin", 1) or 2.0
        return multiplier, margin, 1.0
    multipliers = limits.get("time_multipliers") or {}
    if not isinstance(multipliers, dict):
        raise ProblemError(fault(F.YAML_KEY_NOT_MAPPING, yaml_path, key="limits.time_multipliers"))
    key = "limits.time_multipliers."
    multiplier = read_limit(multipliers.get("ac_to_time_limit"), yaml_path, key + "ac_to_time_limit") or 2.0
    margin = read_limit(multipliers.get("time_limit_to_tle"), yaml_path, key + "time_limit_to_tle", 1) or 1.5
    resolution = read_limit(limits.get("time_resolution"), yaml_path, "limits.time_resolution") or 1.0
    return multiplier, margin, resolution


def read_time_limit(root: Path, limits: dict[str, Any], yaml_path: Path) -> float | None:
    """The package's time limit in seconds: problem.yaml's ``limits.time_limit``, else ``domjudge-problem.ini``'s
    ``timelimit``, else ``.timelimit``'s, as DOMjudge reads them (problemtools reads only the first); ``None`` when
    none gives one. A ``.timelimit`` that says otherwise than the limit the others give is refused, as DOMjudge
    refuses the package ("conflicting time limits"), rather than one of them winning silently."""
    given = read_limit(limits.get("time_limit"), yaml_path, "limits.time_limit")
    ini = root / "domjudge-problem.ini"
    if given is None and ini.is_file():
        match = DOMJUDGE_TIME.search(ini.read_text(errors="replace"))
        given = _seconds(match.group(1), ini) if match else None
    dot = root / ".timelimit"
    if not dot.is_file():
        return given
    seconds = _seconds(dot.read_text(errors="replace").strip(), dot)
    if given is not None and abs(given - seconds) > 1e-9:
        raise ProblemError(fault(F.KATTIS_TIMELIMIT_CONFLICT, dot, seconds=f"{seconds:g}", given=f"{given:g}"))
    return seconds


def _seconds(text: str, path: Path) -> float:
    """A time limit file's number of seconds, above zero (DOMjudge refuses zero, and a file that holds more than a
    number)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ProblemError(fault(F.KATTIS_TIMELIMIT_FILE, path))
    return seconds
