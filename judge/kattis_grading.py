"""How a Kattis package says it is graded: each group's ``testdata.yaml`` and problem.yaml's legacy ``grading:``.

Kattis's default grader inherits every ``testdata.yaml`` key down the groups (grader flags as a whole); problem.yaml's
``grading:`` keys override every group's. ``judge.kattis`` builds the test tree from these settings and
``judge.scoring`` applies them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import Fault, fault
from .faults import FaultCode as F
from .kattis_constants import Constants
from .kattis_yaml import read_flags, read_mapping, read_number, read_words
from .problem import Aggregation, OnReject, VerdictRule

_TESTDATA_KEYS = frozenset(
    {
        "on_reject",
        "grading",
        "grader_flags",
        "accept_score",
        "reject_score",
        "range",
        "score",
        "aggregation",
        "scoring",
        "input_validator_flags",
        "output_validator_flags",
        "input_validator_args",
        "output_validator_args",
        "static_validation",
        "full_feedback",
        "args",
        # the 2025-09 format's test_group.yaml
        "max_score",
        "score_aggregation",
        "require_pass",
        "static_validation_score",
        "static_validator_args",
        "input_visualizer_args",
        "output_visualizer_args",
    }
)
_NOT_SUPPORTED = ("require_pass", "static_validation_score")
_SCORE_KEYS = frozenset(
    {"score", "accept_score", "reject_score", "range", "aggregation", "scoring", "max_score", "score_aggregation"}
)
GROUP_FILES = ("testdata.yaml", "test_group.yaml")
"""A group's settings file: its name until the 2023-07 format, and since the 2025-09 format."""
_AGGREGATIONS = {"sum": Aggregation.SUM, "min": Aggregation.MIN, "max": Aggregation.MAX, "avg": Aggregation.AVG}
_VERDICT_RULES = {
    "first_error": VerdictRule.FIRST_ERROR,
    "worst_error": VerdictRule.WORST_ERROR,
    "no_errors": VerdictRule.WORST_ERROR,
    "always_accept": VerdictRule.ALWAYS_ACCEPT,
}
_GRADER_FLAGS = frozenset(_AGGREGATIONS) | frozenset(_VERDICT_RULES) | {"ignore_sample", "accept_if_any_accepted"}


@dataclass(frozen=True)
class Settings:
    """A group's effective ``testdata.yaml``: its own keys over its parent's (Kattis inherits every key)."""

    on_reject: OnReject = OnReject.BREAK
    aggregation: Aggregation = Aggregation.SUM
    verdict_rule: VerdictRule = VerdictRule.WORST_ERROR
    accept_if_any_accepted: bool = False
    ignore_sample: bool = False
    accept_score: float = 1.0
    reject_score: float = 0.0
    score_range: tuple[float, float] | None = None
    flags: tuple[str, ...] | None = None
    input_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Own:
    """What one ``testdata.yaml`` sets (``None``: not set there) besides the inherited settings."""

    settings: dict[str, Any]
    score: float | None = None  # hoithi's own: the group is worth this many points
    scored: bool = False  # sets anything about scores


def group_settings(parent: Settings, own: Own, legacy: dict[str, Any]) -> Settings:
    """A group's settings: the parent's, then its own ``testdata.yaml``, then problem.yaml's ``grading``
    (which Kattis applies to every group)."""
    values = {**own.settings, **legacy}
    if "grader_flags" in values:  # grader flags are inherited as a whole, not flag by flag
        parent = replace(
            parent,
            aggregation=Aggregation.SUM,
            verdict_rule=VerdictRule.WORST_ERROR,
            accept_if_any_accepted=False,
            ignore_sample=False,
        )
        values.update(values.pop("grader_flags"))
    return replace(parent, **values)


def read_testdata(path: Path, *, test_data_group: bool = False, constants: Constants | None = None) -> Own:
    """The settings of a ``testdata.yaml``, or of the 2025-09 format's ``test_group.yaml``: its ``max_score`` is
    the group's points (hoithi's ``score``) and its ``score_aggregation`` the aggregation, ``pass-fail`` being
    ``min`` of tests that earn all or nothing; a ``test_group.yaml`` of a test data group (a folder of
    ``secret``, ``test_data_group``) aggregates ``pass-fail`` unless it says otherwise, as that format does.
    ``constants`` replace their ``{{name}}`` sequences first."""
    raw = given = read_mapping(path, constants)
    messages: list[Fault] = []
    unknown = sorted(set(raw) - _TESTDATA_KEYS)
    if unknown:
        messages.append(fault(F.GRADING_UNKNOWN_KEYS, path, keys=", ".join(unknown)))
    for key in _NOT_SUPPORTED:
        if raw.get(key) not in (None, []):
            messages.append(fault(F.GRADING_KEY_NOT_SUPPORTED, path, key=key))
    if raw.get("max_score") == "unbounded":
        messages.append(fault(F.GRADING_KEY_NOT_SUPPORTED, path, key="max_score: unbounded"))
        raw = {key: value for key, value in raw.items() if key != "max_score"}
    if "score_aggregation" in raw:
        aggregation_2025 = raw["score_aggregation"]
        raw = {**raw, "aggregation": "min" if aggregation_2025 == "pass-fail" else aggregation_2025}
    elif test_data_group and path.name == GROUP_FILES[1]:
        raw = {**raw, "aggregation": "min"}
    merged = dict(raw)
    for nested in ("grading", "scoring"):
        value = raw.get(nested)
        if isinstance(value, dict):
            merged.update(value)
        elif value not in (None, "default"):
            messages.append(fault(F.GRADING_NESTED_UNSUPPORTED, path, key=nested, value=repr(value)))
    settings: dict[str, Any] = {}
    if "grader_flags" in merged:
        try:
            settings["grader_flags"] = _grader_flags(merged["grader_flags"], path)
        except ProblemError as exc:
            messages.extend(exc.faults)
    aggregation = merged.get("aggregation")
    if aggregation is not None:
        if aggregation in ("sum", "min"):
            settings["aggregation"] = _AGGREGATIONS[aggregation]
        else:
            messages.append(fault(F.GRADING_AGGREGATION, path, value=repr(aggregation)))
    on_reject = merged.get("on_reject")
    if on_reject is not None:
        if on_reject in ("break", "continue"):
            settings["on_reject"] = OnReject(on_reject)
        else:
            messages.append(fault(F.GRADING_ON_REJECT, path, value=repr(on_reject)))
    score: float | None = None
    try:
        score = read_number(merged.get("score"), path, "score")
        if merged.get("max_score") is not None:
            score = read_number(merged["max_score"], path, "max_score")
        for key in ("accept_score", "reject_score"):
            if merged.get(key) is not None:
                settings[key] = _score(merged[key], path, key)
        if merged.get("range") is not None:
            settings["score_range"] = _range(merged["range"], path)
    except ProblemError as exc:
        messages.extend(exc.faults)
    flags = merged.get("output_validator_flags", merged.get("output_validator_args"))
    if flags is not None:
        try:
            settings["flags"] = read_flags(flags, path)
        except ProblemError as exc:
            messages.extend(exc.faults)
    input_flags = merged.get("input_validator_flags", merged.get("input_validator_args"))
    if input_flags is not None and not isinstance(input_flags, dict):  # 2023-07: args by validator, not read
        try:
            settings["input_flags"] = read_flags(input_flags, path)
        except ProblemError as exc:
            messages.extend(exc.faults)
    if messages:
        raise ProblemError(*messages)
    said = set(given) | (set(merged) - {"aggregation"})  # a format's default aggregation says nothing of scores
    scored = bool(_SCORE_KEYS & said) or isinstance(raw.get("grading"), dict)
    return Own(settings, score, scored)


def _grader_flags(value: object, path: Path) -> dict[str, Any]:
    """Kattis grader flags as settings; like the default grader, the last aggregator and verdict rule win."""
    settings: dict[str, Any] = {}
    for flag in read_words(value or "", path, "grader_flags"):
        if flag in _AGGREGATIONS:
            settings["aggregation"] = _AGGREGATIONS[flag]
        elif flag in _VERDICT_RULES:
            settings["verdict_rule"] = _VERDICT_RULES[flag]
        elif flag in ("ignore_sample", "accept_if_any_accepted"):
            settings[flag] = True
        else:
            known = ", ".join(sorted(_GRADER_FLAGS))
            raise ProblemError(fault(F.GRADING_UNKNOWN_FLAG, path, flag=repr(flag), known=known))
    return settings


def read_legacy_grading(grading: dict[str, Any], path: Path) -> dict[str, Any]:
    """problem.yaml's legacy ``grading:`` keys, which override every group's; ``objective`` must be ``max`` (the
    default), the only way hoithi ranks scores."""
    settings: dict[str, Any] = {}
    for key in ("accept_score", "reject_score"):
        if grading.get(key) is not None:
            settings[key] = _score(grading[key], path, f"grading.{key}")
    if grading.get("range") is not None:
        settings["score_range"] = _range(grading["range"], path)
    on_reject = grading.get("on_reject")
    if on_reject == "first_error":
        settings["on_reject"] = OnReject.BREAK
    elif on_reject == "grade":
        settings["on_reject"] = OnReject.CONTINUE
    elif on_reject not in (None, "worst_error"):
        raise ProblemError(fault(F.GRADING_LEGACY_ON_REJECT, path))
    if grading.get("objective", "max") != "max":  # problemtools: then the range's minimum is full marks
        raise ProblemError(fault(F.GRADING_OBJECTIVE, path, value=repr(grading["objective"])))
    return settings


def _score(value: object, path: Path, key: str) -> float:
    """An ``accept_score`` or ``reject_score``: a number, or a string holding one, as problemtools hands it to the
    default grader as text, which reads it with Python's ``float``. What that grader cannot print back (``inf``,
    ``nan``: a judge error there) is refused."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and len(value.split()) == 1:
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise ProblemError(fault(F.GRADING_NOT_NUMBER, path, key=key, value=repr(value)))
    return number


def _range(value: object, path: Path) -> tuple[float, float] | None:
    """Kattis ``range: 'low high'`` (either may be ``-inf``/``inf``)."""
    words = str(value).split()
    try:
        low, high = (float(word) for word in words)
    except ValueError:
        raise ProblemError(fault(F.GRADING_RANGE, path, value=repr(value))) from None
    if low > high:
        raise ProblemError(fault(F.GRADING_RANGE_REVERSED, path, value=repr(value)))
    return None if (low, high) == (-math.inf, math.inf) else (low, high)
