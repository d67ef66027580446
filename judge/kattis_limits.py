"""A Kattis package's limits beyond ``problem.yaml``'s plain numbers: the time limit from ``.timelimit`` or
``domjudge-problem.ini``, and how a time limit is derived from the accepted submissions, by format version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .kattis_yaml import read_number

DOMJUDGE_TIME = re.compile(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", re.MULTILINE)


def read_timing(legacy: bool, limits: dict[str, Any], yaml_path: Path) -> tuple[float, float, float]:
    """How a time limit is derived from the accepted submissions: the multiplier of the slowest one's time, the
    safety margin and the resolution the limit is rounded up to, as problemtools reads them for the package's
    ``problem_format_version`` (legacy: ``time_multiplier`` 5 and ``time_safety_margin`` 2; 2023-07 and later:
    ``time_multipliers: {ac_to_time_limit: 2, time_limit_to_tle: 1.5}`` and ``time_resolution`` 1 s)."""
    if legacy:
        multiplier = read_number(limits.get("time_multiplier"), yaml_path, "limits.time_multiplier") or 5.0
        margin = read_number(limits.get("time_safety_margin"), yaml_path, "limits.time_safety_margin") or 2.0
        return multiplier, margin, 1.0
    multipliers = limits.get("time_multipliers") or {}
    if not isinstance(multipliers, dict):
        raise ProblemError(fault(F.YAML_KEY_NOT_MAPPING, yaml_path, key="limits.time_multipliers"))
    key = "limits.time_multipliers."
    multiplier = read_number(multipliers.get("ac_to_time_limit"), yaml_path, key + "ac_to_time_limit") or 2.0
    margin = read_number(multipliers.get("time_limit_to_tle"), yaml_path, key + "time_limit_to_tle") or 1.5
    resolution = read_number(limits.get("time_resolution"), yaml_path, "limits.time_resolution") or 1.0
    return multiplier, margin, resolution


def read_time_file(root: Path) -> float | None:
    """The time limit in seconds from ``.timelimit`` (problemtools) or ``domjudge-problem.ini``."""
    dot = root / ".timelimit"
    if dot.is_file():
        try:
            return float(dot.read_text().split()[0])
        except (ValueError, IndexError):
            raise ProblemError(fault(F.KATTIS_TIMELIMIT_FILE, dot)) from None
    ini = root / "domjudge-problem.ini"
    if ini.is_file():
        match = DOMJUDGE_TIME.search(ini.read_text(errors="replace"))
        if match:
            return float(match.group(1))
    return None
