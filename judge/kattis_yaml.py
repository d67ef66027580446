"""Reading the YAML settings of a Kattis package, with errors that name the file and the key at fault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .kattis_constants import Constants, substitute


def read_mapping(path: Path, constants: Constants | None = None) -> dict[str, Any]:
    """The mapping in a YAML file, after its ``{{constant}}`` sequences are replaced (``judge.kattis_constants``)."""
    import yaml  # only when a package has YAML to read: PyYAML takes ~10 ms to import (hoithi judge run)

    try:
        value = yaml.safe_load(substitute(path.read_bytes(), constants or {}).decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProblemError(fault(F.YAML_UNREADABLE, path, detail=exc)) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProblemError(fault(F.YAML_NOT_MAPPING, path, found=type(value).__name__))
    return value


def read_words(value: object, path: Path, key: str) -> list[str]:
    """A string's words, or a list's (whose numbers, as YAML reads ``[float_tolerance, 0.001]``, are words too)."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
        return [word for v in value for word in str(v).split()]
    raise ProblemError(fault(F.YAML_NOT_WORDS, path, key=key))


def read_flags(value: object, path: Path) -> tuple[str, ...]:
    return () if value is None else tuple(read_words(value, path, "validator flags"))


def read_number(value: object, path: Path, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ProblemError(fault(F.YAML_NOT_NON_NEGATIVE, path, key=key, value=repr(value)))
    return float(value)


def read_limit(value: object, path: Path, key: str, least: float = 0.0) -> float | None:
    """A limit or a factor of ``limits``: ``None`` when not given, else a finite number above zero (and at least
    ``least``). A zero, which problemtools would take at its word (a time limit of nothing, a division by a zero
    ``time_resolution``), is refused here, naming the key, not read as "not given"."""
    number = read_number(value, path, key)
    if number is None:
        return None
    if not 0 < number < float("inf") or number < least:  # YAML's .nan and .inf too
        low = F.YAML_BELOW_LEAST if least > 0 else F.YAML_NOT_POSITIVE
        raise ProblemError(fault(low, path, key=key, value=repr(value), least=f"{least:g}"))
    return number


VALIDATION_TIME_S = 60.0
"""problemtools' ``limits.validation_time`` when a package gives none: the output validator's CPU seconds on a test."""
VALIDATION_MEMORY_MIB = 1024.0
"""problemtools' ``limits.validation_memory`` when a package gives none: the output validator's memory on a test."""


def read_validation_limits(limits: dict[str, Any], path: Path) -> tuple[int, int]:
    """What a package's output validator may use on one test (per pass): problem.yaml's ``limits.validation_time``
    (seconds) and ``limits.validation_memory`` (MiB) as milliseconds and KiB, problemtools' 60 s and 1024 MiB where
    it gives none (the legacy format calls both a system default, typically 60 s)."""
    seconds = read_limit(limits.get("validation_time"), path, "limits.validation_time") or VALIDATION_TIME_S
    mib = read_limit(limits.get("validation_memory"), path, "limits.validation_memory") or VALIDATION_MEMORY_MIB
    return round(seconds * 1000), round(mib * 1024)


def read_compile_limits(limits: dict[str, Any], path: Path) -> tuple[int | None, int | None]:
    """What compiling a contestant's program may use, as problem.yaml gives it: ``limits.compilation_time``
    (seconds) and ``limits.compilation_memory`` (MiB) as milliseconds and KiB; ``None`` for each it does not give
    (``sandbox.limits.COMPILE_LIMITS``, problemtools' own defaults, then hold)."""
    seconds = read_limit(limits.get("compilation_time"), path, "limits.compilation_time")
    mib = read_limit(limits.get("compilation_memory"), path, "limits.compilation_memory")
    return (round(seconds * 1000) if seconds else None), (round(mib * 1024) if mib else None)
