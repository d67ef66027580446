"""The Kattis / ICPC problem package format (legacy layout, with the 2023 draft's spellings where cheap).

``problem.yaml`` gives the name, limits (``limits: {time_limit, memory, output}``, else a ``.timelimit`` or
``domjudge-problem.ini`` file), ``validation`` (default or custom) and ``validator_flags``; ``data/sample``
and ``data/secret`` hold ``.in``/``.ans`` tests in nested groups, each group tuned by ``testdata.yaml``;
``output_validators/<name>/`` holds a custom validator; ``submissions/`` holds reference solutions.

Scoring: a problem is scored when ``type: scoring`` or any ``testdata.yaml`` sets a score; tests are then
worth ``accept_score`` (default 1) and groups their ``score`` when they set one; samples are worth nothing
unless they say otherwise. A pass-fail problem is all or nothing, worth ``total_points``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .checkers import parse_flags
from .errors import ProblemError
from .expected import read_submissions
from .files import checker_source, entries
from .problem import Aggregation, CheckerKind, CheckerSpec, OnReject, Problem, TestCase, TestGroup
from .scoring import spread_points

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_LIMIT_MIB = 256  # Kattis says 2048; school machines do not have that to spare

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
    }
)
_SCORE_KEYS = frozenset({"score", "accept_score", "aggregation", "scoring", "grader_flags"})
_DOMJUDGE_TIME = re.compile(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", re.MULTILINE)


@dataclass(frozen=True)
class _GroupConfig:
    """A group's ``testdata.yaml``; ``None`` means not set there."""

    score: float | None = None
    aggregation: Aggregation | None = None
    accept_score: float | None = None
    on_reject: OnReject | None = None
    flags: tuple[str, ...] | None = None
    scored: bool = False  # sets anything about scores


@dataclass(frozen=True)
class _Inherited:
    on_reject: OnReject = OnReject.CONTINUE
    accept_score: float = 1.0
    flags: tuple[str, ...] | None = None


def detect(root: Path) -> bool:
    """Whether ``root`` looks like a Kattis package."""
    return (root / "problem.yaml").is_file() or (root / "data").is_dir()


def load(
    root: Path, name: str, time_limit_s: float | None, memory_limit_mib: int | None, total_points: float
) -> Problem:
    """The problem in ``root``; raises ``ProblemError`` naming the file at fault."""
    yaml_path = root / "problem.yaml"
    config = _mapping(yaml_path) if yaml_path.is_file() else {}
    kinds = _words(config.get("type", "pass-fail"), yaml_path, "type")
    validation = _words(config.get("validation", "default"), yaml_path, "validation")
    if "score" in validation:
        raise ProblemError(
            f"{yaml_path}: output validators that give scores (validation: custom score) are not supported yet"
        )
    flags = _flags(config.get("validator_flags", config.get("output_validator_args")), yaml_path)
    interactive_or_passes = {"interactive", "multi-pass"} & set(kinds)  # the 2023 draft says it in `type`
    checker = _checker(root, validation + (["custom"] if interactive_or_passes else []), flags, yaml_path)
    interactive = "interactive" in validation or "interactive" in kinds
    multi_pass = "multi-pass" in validation or "multi-pass" in kinds
    if interactive or multi_pass:
        if not checker.custom:
            raise ProblemError(f"{yaml_path}: interactive and multi-pass problems need a custom output validator")
        raw_limits = config.get("limits") or {}
        passes = raw_limits.get("validation_passes", 2) if isinstance(raw_limits, dict) else 2
        if isinstance(passes, bool) or not isinstance(passes, int) or passes < 2:
            raise ProblemError(f"{yaml_path}: limits.validation_passes must be a whole number of at least 2")
        checker = replace(checker, interactive=interactive, multi_pass=multi_pass, validation_passes=passes)

    data = root / "data"
    if not data.is_dir():
        raise ProblemError(f"{data}: missing folder (tests go in data/sample and data/secret)")
    if not (data / "secret").is_dir():
        raise ProblemError(f"{data / 'secret'}: missing folder (the tests that are judged)")
    configs = {p.parent: _testdata(p) for p in data.rglob("testdata.yaml")}
    scored = "scoring" in kinds or any(group_config.scored for group_config in configs.values())
    if checker.kind is CheckerKind.TOKENS:
        for folder, group_config in configs.items():
            _check_flags(group_config.flags, folder / "testdata.yaml")

    top = configs.get(data, _GroupConfig())
    inherited = _inherit(_Inherited(), top)
    children: list[TestGroup] = []
    if (data / "sample").is_dir():
        sample = _group(data / "sample", "sample", inherited, configs)
        own = configs.get(data / "sample", _GroupConfig())
        if scored and own.score is None and own.accept_score is None:
            sample = replace(sample, points=0.0)
        children.append(sample)
    children.append(_group(data / "secret", "secret", inherited, configs))
    if scored:
        tree = TestGroup("", tuple(children), top.score, top.aggregation or Aggregation.SUM, inherited.on_reject)
    else:
        tree = TestGroup("", tuple(children), total_points, Aggregation.MIN, inherited.on_reject)

    limits = config.get("limits") or {}
    if not isinstance(limits, dict):
        raise ProblemError(f"{yaml_path}: 'limits' must be a mapping")
    time_s = time_limit_s or _number(limits.get("time_limit"), yaml_path, "limits.time_limit") or _time_file(root)
    memory = memory_limit_mib or _number(limits.get("memory"), yaml_path, "limits.memory")
    output = _number(limits.get("output"), yaml_path, "limits.output")
    return Problem(
        name=name,
        title=_title(config.get("name"), name),
        format="kattis",
        time_limit_ms=round(1000 * (time_s or DEFAULT_TIME_LIMIT_S)),
        memory_limit_kb=round(1024 * (memory or DEFAULT_MEMORY_LIMIT_MIB)),
        wall_limit_ms=None,
        checker=checker,
        root=spread_points(tree),
        submissions=read_submissions(root / "submissions", root),
        output_limit_bytes=round(output * 1024 * 1024) if output else None,
    )


def _group(folder: Path, rel: str, inherited: _Inherited, configs: dict[Path, _GroupConfig]) -> TestGroup:
    own = configs.get(folder, _GroupConfig())
    here = _inherit(inherited, own)
    children: list[TestGroup | TestCase] = []
    for path in entries(folder):
        if path.is_dir():
            children.append(_group(path, f"{rel}/{path.name}", here, configs))
        elif path.suffix == ".in":
            answer = path.with_suffix(".ans")
            if not answer.is_file():
                raise ProblemError(f"{path}: test without an answer ({answer.name} is missing)")
            children.append(TestCase(f"{rel}/{path.stem}", rel, path, answer, here.accept_score, here.flags))
        elif path.suffix == ".ans" and not path.with_suffix(".in").is_file():
            raise ProblemError(f"{path}: answer without a test input ({path.stem}.in is missing)")
    if not children and rel != "sample":
        raise ProblemError(f"{folder}: no tests (.in and .ans files) in this group")
    return TestGroup(rel, tuple(children), own.score, own.aggregation or Aggregation.SUM, here.on_reject)


def _inherit(parent: _Inherited, own: _GroupConfig) -> _Inherited:
    return _Inherited(
        on_reject=own.on_reject or parent.on_reject,
        accept_score=parent.accept_score if own.accept_score is None else own.accept_score,
        flags=parent.flags if own.flags is None else own.flags,
    )


def _testdata(path: Path) -> _GroupConfig:
    raw = _mapping(path)
    unknown = sorted(set(raw) - _TESTDATA_KEYS)
    if unknown:
        raise ProblemError(f"{path}: unknown keys {', '.join(unknown)}")
    settings = dict(raw)
    for nested in ("grading", "scoring"):
        value = raw.get(nested)
        if isinstance(value, dict):
            settings.update(value)
        elif value not in (None, "default"):
            raise ProblemError(f"{path}: {nested}: {value!r} is not supported (only a mapping or 'default')")
    aggregation = settings.get("aggregation")
    for flag in _words(settings.get("grader_flags", ""), path, "grader_flags"):
        if flag not in ("sum", "min"):
            raise ProblemError(f"{path}: grader flag {flag!r} is not supported (only sum and min)")
        aggregation = flag
    if aggregation not in (None, "sum", "min"):
        raise ProblemError(f"{path}: aggregation must be sum or min, not {aggregation!r}")
    on_reject = settings.get("on_reject")
    if on_reject not in (None, "break", "continue"):
        raise ProblemError(f"{path}: on_reject must be break or continue, not {on_reject!r}")
    flags = settings.get("output_validator_flags", settings.get("output_validator_args"))
    return _GroupConfig(
        score=_number(settings.get("score"), path, "score"),
        aggregation=Aggregation(aggregation) if aggregation else None,
        accept_score=_number(settings.get("accept_score"), path, "accept_score"),
        on_reject=OnReject(on_reject) if on_reject else None,
        flags=None if flags is None else _flags(flags, path),
        scored=bool(_SCORE_KEYS & set(raw)) or isinstance(raw.get("grading"), dict),
    )


def _checker(root: Path, validation: list[str], flags: tuple[str, ...], yaml_path: Path) -> CheckerSpec:
    if "custom" not in validation:
        _check_flags(flags, yaml_path)
        return CheckerSpec(CheckerKind.TOKENS, flags)
    folder = root / "output_validators"
    if not folder.is_dir():
        folder = root / "output_validator"  # the 2023 draft's spelling
    if not folder.is_dir():
        raise ProblemError(f"{root / 'output_validators'}: missing folder (problem.yaml says validation: custom)")
    validators = [p for p in entries(folder) if p.is_dir()]
    if len(validators) > 1:
        raise ProblemError(f"{folder}: several output validators ({', '.join(p.name for p in validators)})")
    path, source = checker_source(validators[0] if validators else folder)
    return CheckerSpec(CheckerKind.KATTIS, flags, source, path.name)


def _check_flags(flags: tuple[str, ...] | None, path: Path) -> None:
    try:
        parse_flags(flags or ())
    except ValueError as exc:
        raise ProblemError(f"{path}: {exc}") from None


def _mapping(path: Path) -> dict[str, Any]:
    try:
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProblemError(f"{path}: bad YAML: {exc}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ProblemError(f"{path}: expected a mapping of settings, found {type(value).__name__}")
    return value


def _words(value: object, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [word for v in value for word in v.split()]
    raise ProblemError(f"{path}: {key} must be a string or a list of strings")


def _flags(value: object, path: Path) -> tuple[str, ...]:
    return () if value is None else tuple(_words(value, path, "validator flags"))


def _number(value: object, path: Path, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ProblemError(f"{path}: {key} must be a non-negative number, not {value!r}")
    return float(value)


def _time_file(root: Path) -> float | None:
    """The time limit in seconds from ``.timelimit`` (problemtools) or ``domjudge-problem.ini``."""
    dot = root / ".timelimit"
    if dot.is_file():
        try:
            return float(dot.read_text().split()[0])
        except (ValueError, IndexError):
            raise ProblemError(f"{dot}: expected a number of seconds") from None
    ini = root / "domjudge-problem.ini"
    if ini.is_file():
        match = _DOMJUDGE_TIME.search(ini.read_text(errors="replace"))
        if match:
            return float(match.group(1))
    return None


def _title(value: object, fallback: str) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and value:
        for language in ("vi", "en"):
            if isinstance(value.get(language), str):
                return str(value[language])
        return str(next(iter(value.values())))
    return fallback
