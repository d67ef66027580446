"""A Kattis package's limits beyond ``problem.yaml``'s plain numbers: the time limit from ``.timelimit`` or
``domjudge-problem.ini``, and how a time limit is derived from the accepted submissions, by format version."""

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


def read_time_file(root: Path) -> float | None:
    """The time limit in seconds from ``.timelimit`` (problemtools) or ``domjudge-problem.ini``; one that is not a
    number above zero is refused, not read as "not given"."""
    dot = root / ".timelimit"
    ini = root / "domjudge-problem.ini"
    if dot.is_file():
        path, words = dot, dot.read_text(errors="replace").split()[:1]
    elif ini.is_file():
        match = DOMJUDGE_TIME.search(ini.read_text(errors="replace"))
        if not match:
            return None
        path, words = ini, [match.group(1)]
    else:
        return None
    try:
        seconds = float(words[0])
    except (ValueError, IndexError):
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ProblemError(fault(F.KATTIS_TIMELIMIT_FILE, path))
    return seconds
