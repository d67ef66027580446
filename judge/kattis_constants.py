"""The ``constants`` of a 2025-09 Kattis package and the ``{{name}}`` sequences they replace.

``problem.yaml``'s ``constants`` maps a name to a scalar, or to a mapping with a ``value`` and other variants
(``{{k}}`` is ``{{k.value}}``, ``{{k.tex}}`` a variant). hoithi replaces them where that format says and hoithi
reads: in the output validator and in ``test_group.yaml``. A sequence naming no constant is left as it is.
Reference submissions are judged as they are written, as contestants' programs are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault

Constants = Mapping[str, Mapping[str, str]]
"""Each constant's variants as text, ``value`` among them."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SEQUENCE = re.compile(rb"\{\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z0-9_]+))?\}\}")


def read_constants(value: object, path: Path) -> Constants:
    """problem.yaml's ``constants`` as text; raises ``ProblemError`` for a name or value the format does not
    allow."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProblemError(fault(F.YAML_KEY_NOT_MAPPING, path, key="constants"))
    constants: dict[str, dict[str, str]] = {}
    for name, given in value.items():
        variants = given if isinstance(given, dict) else {"value": given}
        if not (isinstance(name, str) and _NAME.fullmatch(name)) or "value" not in variants:
            raise ProblemError(fault(F.KATTIS_CONSTANT, path, name=repr(name)))
        for variant, text in variants.items():
            if isinstance(text, bool) or not isinstance(text, str | int | float):
                raise ProblemError(fault(F.KATTIS_CONSTANT, path, name=repr(f"{name}.{variant}")))
        constants[name] = {str(variant): str(text) for variant, text in variants.items()}
    return constants


def substitute(text: bytes, constants: Constants) -> bytes:
    """``text`` with every ``{{name}}`` and ``{{name.variant}}`` of a known constant replaced by its value."""
    if not constants:
        return text

    def replace(match: re.Match[bytes]) -> bytes:
        variants = constants.get(match.group(1).decode())
        variant = (match.group(2) or b"value").decode()
        if variants is None or variant not in variants:
            return match.group(0)
        return variants[variant].encode()

    return _SEQUENCE.sub(replace, text)
