"""Reading the YAML settings of a Kattis package, with errors that name the file and the key at fault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault


def read_mapping(path: Path) -> dict[str, Any]:
    import yaml  # only when a package has YAML to read: PyYAML takes ~10 ms to import (hoithi judge run)

    try:
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProblemError(fault(F.YAML_UNREADABLE, path, detail=exc)) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProblemError(fault(F.YAML_NOT_MAPPING, path, found=type(value).__name__))
    return value


def read_words(value: object, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [word for v in value for word in v.split()]
    raise ProblemError(fault(F.YAML_NOT_WORDS, path, key=key))


def read_flags(value: object, path: Path) -> tuple[str, ...]:
    return () if value is None else tuple(read_words(value, path, "validator flags"))


def read_number(value: object, path: Path, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ProblemError(fault(F.YAML_NOT_NON_NEGATIVE, path, key=key, value=repr(value)))
    return float(value)
