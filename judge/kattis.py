"""The Kattis / ICPC problem package format (legacy layout, with the 2023 draft's spellings where cheap).

``problem.yaml`` gives the name, the ``type`` (``submit-answer`` is refused), limits (``limits: {time_limit,
memory, output, time_multiplier, time_safety_margin, validation_passes, validation_time, validation_memory}``,
from the 2023-07 format on ``time_multipliers: {ac_to_time_limit, time_limit_to_tle}`` and ``time_resolution``;
without a time limit, a ``.timelimit`` or ``domjudge-problem.ini`` file), ``validation`` (default, custom, custom
interactive, custom multi-pass) and ``validator_flags``; ``data/sample`` and ``data/secret`` hold ``.in``/``.ans``
tests in nested groups, each group tuned by ``testdata.yaml`` (``test_group.yaml`` since the 2025-09 format);
``output_validators/<name>/`` (DOMjudge and the 2023 draft: ``output_validator/``) holds a custom validator,
``input_validators/`` the programs ``verify`` checks the test inputs with (``judge.input_validators``);
``submissions/`` holds reference solutions (``judge.expected``). The 2025-09 format's ``constants`` are
replaced in the output validator and in ``test_group.yaml`` (``judge.kattis_constants``); files in
``include/`` (added to every submission) are refused.

Grading follows Kattis's default grader (``judge.scoring``): every ``testdata.yaml`` key is inherited by the
groups below; ``on_reject`` (default ``break``), ``grader_flags`` (``sum``/``min``/``max``/``avg``,
``first_error``/``worst_error``/``always_accept``, ``accept_if_any_accepted``, ``ignore_sample``; default
``sum worst_error``), ``accept_score`` (1), ``reject_score`` (0) and ``range``. A ``scoring`` problem's score
is the root group's; a ``pass-fail`` problem is all or nothing, worth ``total_points``. hoithi's own ``score:
N`` on a group scales it to N points; a package that uses it has samples worth nothing unless they say so.

A package that has only ``data/sample`` is judged on its samples, as DOMjudge does. Problems with a package
are collected and reported together in one ``ProblemError``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .checkers import parse_flags
from .errors import ProblemError
from .expected import scan_submissions, scored_by_points
from .faults import FaultCode as F
from .faults import fault
from .files import checker_source, entries
from .input_validators import find as find_input_validators
from .kattis_constants import Constants, read_constants, substitute
from .kattis_grading import GROUP_FILES, Own, read_testdata
from .kattis_limits import read_time_limit, read_timing
from .kattis_tree import TOP_FOLDERS, Faults, score_as_in_2025, test_tree
from .kattis_yaml import (
    read_compile_limits,
    read_flags,
    read_limit,
    read_mapping,
    read_validation_limits,
    read_words,
)
from .problem import (
    CheckerKind,
    CheckerSpec,
    Problem,
    Skipped,
    TestGroup,
)
from .scoring import spread_points
from .scratch import SAY, read_scratch_output

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_LIMIT_MIB = 256  # Kattis says 2048; school machines do not have that to spare

_TYPES = ("pass-fail", "scoring", "interactive", "multi-pass")


def detect(root: Path) -> bool:
    """Whether ``root`` looks like a Kattis package."""
    return (root / "problem.yaml").is_file() or (root / "data").is_dir()


def load(
    root: Path, name: str, time_limit_s: float | None, memory_limit_mib: int | None, total_points: float
) -> Problem:
    """The problem in ``root``; raises ``ProblemError`` naming every file at fault."""
    faults = Faults()
    yaml_path = root / "problem.yaml"
    config: dict[str, Any] = {}
    if yaml_path.is_file():
        with faults.collect():
            config = read_mapping(yaml_path)
    version = config.get("problem_format_version")
    legacy = version is None or str(version).startswith("legacy")
    constants: Constants = {}
    with faults.collect():
        constants = read_constants(config.get("constants"), yaml_path)
    kinds: list[str] = ["pass-fail"]
    validation: list[str] = ["default"]
    with faults.collect():
        kinds = read_words(config.get("type", "pass-fail"), yaml_path, "type")
        for kind in kinds:
            if kind not in _TYPES:  # submit-answer: the answers are what is submitted, no program runs
                raise ProblemError(fault(F.KATTIS_TYPE, yaml_path, value=repr(kind)))
    with faults.collect():
        validation = read_words(config.get("validation", "default"), yaml_path, "validation")
    if "score" in validation:
        faults.add(fault(F.KATTIS_SCORE_VALIDATOR, yaml_path))
    limits: dict[str, Any] = {}
    raw_limits = config.get("limits") or {}
    if isinstance(raw_limits, dict):
        limits = raw_limits
    else:
        faults.add(fault(F.KATTIS_LIMITS_NOT_MAPPING, yaml_path))
    checker = CheckerSpec()
    with faults.collect():
        flags = read_flags(config.get("validator_flags", config.get("output_validator_args")), yaml_path)
        interactive_or_passes = {"interactive", "multi-pass"} & set(kinds)  # the 2023 draft says it in `type`
        # from the 2023-07 format on, a program in output_validator/ is the validator: no `validation` key says so
        found = not legacy and _validator_folder(root) is not None
        custom = ["custom"] if interactive_or_passes or found else []
        checker = _checker(root, validation + custom, flags, yaml_path, constants)
        if checker.custom and not legacy and "scoring" in kinds:  # its validator may write score.txt
            checker = replace(checker, gives_scores=True)
        interactive = "interactive" in validation or "interactive" in kinds
        multi_pass = "multi-pass" in validation or "multi-pass" in kinds
        if interactive or multi_pass:
            if not checker.custom:
                raise ProblemError(fault(F.KATTIS_INTERACTIVE_NEEDS_VALIDATOR, yaml_path))
            passes = limits.get("validation_passes", 2)
            if isinstance(passes, bool) or not isinstance(passes, int) or passes < 2:
                raise ProblemError(fault(F.KATTIS_VALIDATION_PASSES, yaml_path))
            checker = replace(checker, interactive=interactive, multi_pass=multi_pass, validation_passes=passes)
        if checker.custom:
            time_ms, memory_kb = read_validation_limits(limits, yaml_path)
            checker = replace(checker, time_ms=time_ms, memory_kb=memory_kb)
    scratch_output = SAY
    with faults.collect():
        scratch_output = read_scratch_output(config.get("scratch"), yaml_path)
    grading = config.get("grading") or {}
    if not isinstance(grading, dict):
        faults.add(fault(F.KATTIS_GRADING_NOT_MAPPING, yaml_path))
        grading = {}

    include = root / "include"
    if include.is_dir() and any(path.is_file() for path in include.rglob("*")):
        faults.add(fault(F.KATTIS_INCLUDE, include))
    skipped: list[Skipped] = []
    tree: TestGroup | None = None
    data = root / "data"
    if not data.is_dir():
        faults.add(fault(F.KATTIS_NO_DATA, data))
    elif not any((data / folder).is_dir() for folder in TOP_FOLDERS):
        faults.add(fault(F.KATTIS_NO_SECRET, data / "secret"))
    else:
        for entry in entries(data):
            if entry.name not in TOP_FOLDERS and entry.name not in GROUP_FILES:
                skipped.append(Skipped(entry.relative_to(root).as_posix(), fault(F.SKIP_OUTSIDE_DATA)))
        owns: dict[Path, Own] = {}
        for path in sorted(path for name in GROUP_FILES for path in data.rglob(name)):
            if path.parent in owns:
                faults.add(fault(F.GRADING_TWO_FILES, path.parent))
                continue
            with faults.collect():
                group = path.parent.parent == data / "secret"
                owns[path.parent] = read_testdata(path, test_data_group=group, constants=constants)
                if checker.kind is CheckerKind.TOKENS:
                    _check_flags(owns[path.parent].settings.get("flags"), path)
        if "scoring" in kinds and str(config.get("problem_format_version")).startswith("2025"):
            score_as_in_2025(data, owns)
        tree = test_tree(data, kinds, grading, owns, total_points, yaml_path, faults)

    time_s: float | None = None
    memory: float | None = None
    output: float | None = None
    multiplier, margin, resolution = 5.0, 2.0, 1.0
    with faults.collect():
        time_s = time_limit_s or read_time_limit(root, limits, yaml_path)
    with faults.collect():
        memory = memory_limit_mib or read_limit(limits.get("memory"), yaml_path, "limits.memory")
    with faults.collect():
        output = read_limit(limits.get("output"), yaml_path, "limits.output")
    with faults.collect():
        multiplier, margin, resolution = read_timing(legacy, limits, yaml_path)
    compile_ms: int | None = None
    compile_kb: int | None = None
    with faults.collect():
        compile_ms, compile_kb = read_compile_limits(limits, yaml_path)
    submissions, skipped_submissions = scan_submissions(root / "submissions", root)
    input_validators, skipped_validators = find_input_validators(root)
    if "scoring" in kinds and str(version).startswith("2025"):  # a score and no verdict: as a Themis task's
        submissions = scored_by_points(submissions)
    faults.raise_any()
    assert tree is not None
    return Problem(
        name=name,
        title=_title(config.get("name"), name),
        format="kattis",
        time_limit_ms=round(1000 * (time_s or DEFAULT_TIME_LIMIT_S)),
        memory_limit_kb=round(1024 * (memory or DEFAULT_MEMORY_LIMIT_MIB)),
        wall_limit_ms=None,
        checker=checker,
        root=spread_points(tree),
        submissions=submissions,
        output_limit_bytes=round(output * 1024 * 1024) if output else None,
        skipped=tuple(skipped) + skipped_validators + skipped_submissions,
        time_limit_given=time_s is not None,
        time_limit_bound=not legacy and not time_limit_s and limits.get("time_limit") is not None,
        time_multiplier=multiplier,
        time_safety_margin=margin,
        time_resolution=resolution,
        scratch_output=scratch_output,
        input_validators=input_validators,
        compile_time_ms=compile_ms,
        compile_memory_kb=compile_kb,
    )


def _checker(
    root: Path, validation: list[str], flags: tuple[str, ...], yaml_path: Path, constants: Constants
) -> CheckerSpec:
    if "custom" not in validation:
        _check_flags(flags, yaml_path)
        return CheckerSpec(CheckerKind.TOKENS, flags)
    folder = _validator_folder(root)
    if folder is None:
        raise ProblemError(fault(F.KATTIS_NO_VALIDATORS, root / "output_validators"))
    validators = [p for p in entries(folder) if p.is_dir()]
    if len(validators) > 1:
        raise ProblemError(fault(F.KATTIS_SEVERAL_VALIDATORS, folder, names=", ".join(p.name for p in validators)))
    program = validators[0] if validators else folder
    if any((program / script).is_file() for script in ("build", "run")):  # the 2025-09 format's own build steps
        raise ProblemError(fault(F.KATTIS_VALIDATOR_SCRIPTS, program))
    path, source = checker_source(program)
    return CheckerSpec(CheckerKind.KATTIS, flags, substitute(source, constants), path.name)


def _validator_folder(root: Path) -> Path | None:
    """``output_validators/`` or the 2023 draft's ``output_validator/``, when it holds anything."""
    for folder in (root / "output_validators", root / "output_validator"):
        if folder.is_dir() and entries(folder):
            return folder
    return None


def _check_flags(flags: tuple[str, ...] | None, path: Path) -> None:
    try:
        parse_flags(flags or ())
    except ProblemError as exc:
        raise ProblemError(*(found.at(path) for found in exc.faults)) from None


def _title(value: object, fallback: str) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and value:
        for language in ("vi", "en"):
            if isinstance(value.get(language), str):
                return str(value[language])
        return str(next(iter(value.values())))
    return fallback
