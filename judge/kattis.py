"""The Kattis / ICPC problem package format (legacy layout, with the 2023 draft's spellings where cheap).

``problem.yaml`` gives the name, the ``type`` (``submit-answer`` is refused), limits (``limits: {time_limit,
memory, output, time_multiplier, time_safety_margin, validation_passes, validation_time, validation_memory}``,
from the 2023-07 format on ``time_multipliers: {ac_to_time_limit, time_limit_to_tle}`` and ``time_resolution``;
without a time limit, a ``.timelimit`` or ``domjudge-problem.ini`` file), ``validation`` (default, custom, custom
interactive, custom multi-pass) and ``validator_flags``; ``data/sample`` and ``data/secret`` hold ``.in``/``.ans``
tests in nested groups, each group tuned by ``testdata.yaml`` (``test_group.yaml`` since the 2025-09 format);
``output_validators/<name>/`` (DOMjudge and the 2023 draft: ``output_validator/``) holds a custom validator;
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

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .checkers import parse_flags
from .errors import ProblemError
from .expected import scan_submissions, scored_by_points
from .faults import Fault, fault
from .faults import FaultCode as F
from .files import checker_source, entries
from .kattis_constants import Constants, read_constants, substitute
from .kattis_grading import GROUP_FILES, Own, Settings, group_settings, read_legacy_grading, read_testdata
from .kattis_yaml import (
    read_compile_limits,
    read_flags,
    read_mapping,
    read_number,
    read_validation_limits,
    read_words,
)
from .problem import (
    Aggregation,
    CheckerKind,
    CheckerSpec,
    OnReject,
    Problem,
    Skipped,
    TestCase,
    TestGroup,
)
from .scoring import spread_points
from .scratch import SAY, read_scratch_output

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_LIMIT_MIB = 256  # Kattis says 2048; school machines do not have that to spare

_DOMJUDGE_TIME = re.compile(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", re.MULTILINE)
_TOP_FOLDERS = ("sample", "secret")
_TYPES = ("pass-fail", "scoring", "interactive", "multi-pass")


class _Faults:
    """Collects what is wrong with a package, so that one report names every fault at once."""

    def __init__(self) -> None:
        self.found: list[Fault] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Record a ``ProblemError`` raised inside the block instead of letting it through."""
        try:
            yield
        except ProblemError as exc:
            self.found.extend(exc.faults)

    def add(self, found: Fault) -> None:
        self.found.append(found)

    def raise_any(self) -> None:
        if self.found:
            raise ProblemError(*self.found)


def detect(root: Path) -> bool:
    """Whether ``root`` looks like a Kattis package."""
    return (root / "problem.yaml").is_file() or (root / "data").is_dir()


def load(
    root: Path, name: str, time_limit_s: float | None, memory_limit_mib: int | None, total_points: float
) -> Problem:
    """The problem in ``root``; raises ``ProblemError`` naming every file at fault."""
    faults = _Faults()
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
    elif not any((data / folder).is_dir() for folder in _TOP_FOLDERS):
        faults.add(fault(F.KATTIS_NO_SECRET, data / "secret"))
    else:
        for entry in entries(data):
            if entry.name not in _TOP_FOLDERS and entry.name not in GROUP_FILES:
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
            _score_as_in_2025(data, owns)
        tree = _tree(data, kinds, grading, owns, total_points, yaml_path, faults)

    time_s: float | None = None
    memory: float | None = None
    output: float | None = None
    multiplier, margin, resolution = 5.0, 2.0, 1.0
    with faults.collect():
        time_s = (
            time_limit_s or read_number(limits.get("time_limit"), yaml_path, "limits.time_limit") or _time_file(root)
        )
    with faults.collect():
        memory = memory_limit_mib or read_number(limits.get("memory"), yaml_path, "limits.memory")
    with faults.collect():
        output = read_number(limits.get("output"), yaml_path, "limits.output")
    with faults.collect():
        multiplier, margin, resolution = _timing(legacy, limits, yaml_path)
    compile_ms: int | None = None
    compile_kb: int | None = None
    with faults.collect():
        compile_ms, compile_kb = read_compile_limits(limits, yaml_path)
    submissions, skipped_submissions = scan_submissions(root / "submissions", root)
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
        skipped=tuple(skipped) + skipped_submissions,
        time_limit_given=time_s is not None,
        time_multiplier=multiplier,
        time_safety_margin=margin,
        time_resolution=resolution,
        scratch_output=scratch_output,
        compile_time_ms=compile_ms,
        compile_memory_kb=compile_kb,
    )


def _score_as_in_2025(data: Path, owns: dict[Path, Own]) -> None:
    """A scoring problem of the 2025-09 format: ``secret`` is worth 100 unless it says otherwise, the samples
    nothing, and every test is judged (a group's score is the sum of its accepted tests, never cut short)."""
    secret = owns.get(data / "secret", Own({}))
    if secret.score is None:
        owns[data / "secret"] = replace(secret, score=100.0)
    top = owns.get(data, Own({}))
    owns[data] = replace(top, settings={"on_reject": OnReject.CONTINUE, **top.settings})


def _tree(
    data: Path,
    kinds: list[str],
    grading: dict[str, Any],
    owns: dict[Path, Own],
    total_points: float,
    yaml_path: Path,
    faults: _Faults,
) -> TestGroup:
    """The test tree under ``data``; a sample-only package is judged on its samples."""
    scored = "scoring" in kinds or any(own.scored for own in owns.values())
    hoithi_points = any(own.score is not None for own in owns.values())
    legacy: dict[str, Any] = {}
    with faults.collect():
        legacy = read_legacy_grading(grading, yaml_path)
    top_own = owns.get(data, Own({}))
    top = group_settings(Settings(), top_own, legacy)
    children: list[TestGroup] = []
    only_samples = not (data / "secret").is_dir()
    for folder in _TOP_FOLDERS:
        if not (data / folder).is_dir():
            continue
        group = _group(data / folder, folder, top, owns, legacy, faults)
        own = owns.get(data / folder, Own({}))
        counts = own.score is not None or "accept_score" in own.settings
        if folder == "sample" and scored and hoithi_points and not only_samples and not counts:
            group = replace(group, points=0.0)
        children.append(group)
    if scored:
        aggregation = top.aggregation
        points = top_own.score
    else:
        aggregation = Aggregation.PASS_FAIL
        points = total_points
    return TestGroup(
        "",
        tuple(children),
        points,
        aggregation,
        top.on_reject,
        top.verdict_rule,
        top.accept_if_any_accepted,
        top.ignore_sample and not only_samples,
        top.score_range if scored else None,
    )


def _group(
    folder: Path,
    rel: str,
    inherited: Settings,
    owns: dict[Path, Own],
    legacy: dict[str, Any],
    faults: _Faults,
) -> TestGroup:
    own = owns.get(folder, Own({}))
    here = group_settings(inherited, own, legacy)
    children: list[TestGroup | TestCase] = []
    for path in sorted(entries(folder), key=_listing_key):
        if path.is_dir():
            children.append(_group(path, f"{rel}/{path.name}", here, owns, legacy, faults))
        elif path.suffix == ".in":
            answer = path.with_suffix(".ans")
            if not answer.is_file():
                faults.add(fault(F.KATTIS_TEST_WITHOUT_ANSWER, path, answer=answer.name))
                continue
            test = TestCase(f"{rel}/{path.stem}", rel, path, answer, here.accept_score, here.flags, here.reject_score)
            children.append(test)
        elif path.suffix == ".ans" and not path.with_suffix(".in").is_file():
            faults.add(fault(F.KATTIS_ANSWER_WITHOUT_INPUT, path, input=f"{path.stem}.in"))
    if not children and rel != "sample":
        faults.add(fault(F.KATTIS_EMPTY_GROUP, folder))
    return TestGroup(
        rel,
        tuple(children),
        own.score,
        here.aggregation,
        here.on_reject,
        here.verdict_rule,
        here.accept_if_any_accepted,
        False,  # Kattis allows ignore_sample at the top only
        here.score_range,
    )


def _listing_key(path: Path) -> str:
    """Where ``path`` comes in a group's judging order, as problemtools orders it: it walks the group's folder in
    ``sorted(os.listdir())`` order (by code point: ``10`` before ``2``, ``B`` before ``a``), meeting a test at its
    ``.ans`` file and a subgroup at its folder (DOMjudge too ranks tests by their names' string order). The order
    decides which tests run before an ``on_reject: break`` and which error comes first."""
    return path.name if path.is_dir() else path.stem + ".ans"


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


def _timing(legacy: bool, limits: dict[str, Any], yaml_path: Path) -> tuple[float, float, float]:
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


def _time_file(root: Path) -> float | None:
    """The time limit in seconds from ``.timelimit`` (problemtools) or ``domjudge-problem.ini``."""
    dot = root / ".timelimit"
    if dot.is_file():
        try:
            return float(dot.read_text().split()[0])
        except (ValueError, IndexError):
            raise ProblemError(fault(F.KATTIS_TIMELIMIT_FILE, dot)) from None
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
