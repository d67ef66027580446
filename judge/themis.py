"""The Themis layout used across Vietnam: a task folder of test folders, each holding the test's input and its
answer (``Test01/TONG.INP`` and ``Test01/TONG.OUT``), and an optional ``themis.yaml`` of the task's settings.

Test folders may have any names (sorted naturally); file names are matched without regard to case. A test's
input is the file ending in ``.INP``, ``.IN`` or ``.INPUT``, its answer the file of the same name ending in
``.OUT``, ``.ANS``, ``.OK``, ``.SOL``, ``.A`` or ``.OUTPUT`` (other extensions: ``test_input`` and
``test_answer`` in ``themis.yaml``). The task's name is the inputs' name (``TONG``). A program reads its input
from stdin or from the input file as the tests name it (``TONG.INP``), and writes its output to stdout or to
``TONG.OUT``; ``themis.yaml`` may name other files, or ``stdin``/``stdout`` alone.

``themis.yaml`` (every key optional)::

    input: TONG.INP        # the file a program reads, or "stdin"
    output: TONG.OUT       # the file a program writes, or "stdout"
    test_input: .IN        # the extension of the tests' inputs, when it is none of the usual ones
    test_answer: .ANS      # the extension of the tests' answers, likewise
    points: {Test01: 2, Test02: 3}   # every test's points (a number: each test's); default: equal shares
    case_sensitive: true   # compare letters' case (default: "ABC" and "abc" are the same)
    checker: KiemTra.cpp   # the custom checker's source in the task folder (default: checker.* or check.*)
    checker_protocol: themis   # or testlib (default: testlib when the source is a testlib checker)
    time_limit: 1.5        # seconds, when the organiser gives none
    memory_limit: 256      # MiB, likewise

A custom checker speaks Themis's protocol (``judge.checker_verdicts.interpret_themis``) unless it is a testlib
checker. An optional ``submissions/`` folder holds reference solutions as in Kattis packages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.languages import UnknownLanguage, language_for
from sandbox.limits import Limits

from .checkers import parse_flags
from .errors import ProblemError
from .expected import read_submissions, scored_by_points
from .faults import Fault, fault
from .faults import FaultCode as F
from .files import MAX_CHECKER_BYTES, entries, inline_checker_headers, read_source
from .problem import CheckerKind, CheckerSpec, Problem, TestCase, TestGroup

DEFAULT_TIME_LIMIT_S = 1.0
DEFAULT_MEMORY_LIMIT_MIB = 256
SETTINGS = "themis.yaml"
INPUT_EXTENSIONS = (".inp", ".in", ".input")
ANSWER_EXTENSIONS = (".out", ".ans", ".ok", ".sol", ".a", ".output")
CHECKER_STEMS = ("checker", "check")
_CHECKER_LOOKALIKE = re.compile(r"^(?:check|chk)|(?:check|checker|chk)$|^(?:trinh)?cham(?:diem|bai)?$", re.IGNORECASE)
"""Stems of files that look like a checker under another name (``CheckTONG``, ``chk``, ``TONG_checker``; ``cham``
and ``ChamDiem``, Vietnamese for "grade"): Themis runs whatever checker its dialog names, so folders ship them so."""
STDIN, STDOUT = "stdin", "stdout"
_KEYS = {
    "input",
    "output",
    "test_input",
    "test_answer",
    "points",
    "case_sensitive",
    "checker",
    "checker_protocol",
    "time_limit",
    "memory_limit",
}
_FOLDERS_SKIPPED = {"submissions"}
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_TESTLIB = re.compile(rb"^[ \t]*#[ \t]*include[ \t]*[\"<]testlib\.h[\">]", re.MULTILINE)
_REDEFINED = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+registerTestlibCmd\b", re.MULTILINE)


def detect(root: Path) -> bool:
    """Whether ``root`` is a Themis task: it has a ``themis.yaml`` or a folder holding a test (an input and an
    answer of the same name), or a ``.INP`` file, Themis's own input extension (so that a test whose answer is
    missing is reported as such, not as "not a problem package")."""
    if (root / SETTINGS).is_file():
        return True
    return any(
        folder.is_dir()
        and folder.name not in _FOLDERS_SKIPPED
        and (
            _pair(folder, INPUT_EXTENSIONS, ANSWER_EXTENSIONS)
            or any(f.is_file() and f.suffix.lower() == ".inp" for f in entries(folder))
        )
        for folder in entries(root)
    )


def _pair(folder: Path, inputs: tuple[str, ...], answers: tuple[str, ...]) -> tuple[Path, Path] | None:
    files = [f for f in entries(folder) if f.is_file()]
    for found in files:
        if found.suffix.lower() in inputs:
            for extension in answers:
                for answer in files:
                    if answer.suffix.lower() == extension and answer.stem.lower() == found.stem.lower():
                        return found, answer
    return None


@dataclass(frozen=True)
class _Settings:
    data: dict[str, Any]
    path: Path

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else str(value).strip()

    def extensions(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.text(key)
        if not value:
            return default
        return ("." + value.lstrip(".").lower(),)


def _settings(root: Path, faults: list[Fault]) -> _Settings:
    path = root / SETTINGS
    if not path.is_file():
        return _Settings({}, path)
    import yaml  # only for a task with settings: PyYAML takes ~10 ms to import (hoithi judge run)

    try:
        text = path.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text)
        if isinstance(data, dict) and isinstance(data.get("points"), dict):
            data["points"] = _points_as_written(yaml.compose(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        faults.append(fault(F.THEMIS_YAML_UNREADABLE, path, detail=exc))
        return _Settings({}, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        faults.append(fault(F.THEMIS_YAML_NOT_MAPPING, path))
        return _Settings({}, path)
    unknown = sorted(str(key) for key in data if key not in _KEYS)
    if unknown:
        faults.append(fault(F.THEMIS_UNKNOWN_SETTINGS, path, keys=", ".join(unknown), known=", ".join(sorted(_KEYS))))
    return _Settings(data, path)


def _points_as_written(document: Any) -> dict[str, Any]:
    """The ``points`` mapping of the parsed ``document`` with each test's name as written: YAML reads a folder
    name ``01`` as the number 1 and ``010`` as 8 (octal), which names no test folder."""
    import yaml

    for key, value in document.value:
        if key.value == "points":
            return {name.value: yaml.safe_load(yaml.serialize(points)) for name, points in value.value}
    return {}


def load(
    root: Path,
    time_limit_s: float | None,
    memory_limit_mib: int | None,
    total_points: float,
    checker_flags: tuple[str, ...],
) -> Problem:
    """The task in ``root``; raises one ``ProblemError`` naming every folder or file at fault.

    Limits given here win over ``themis.yaml``'s; ``total_points`` is shared equally among the tests unless
    ``themis.yaml`` gives points; ``checker_flags`` add to its ``case_sensitive``.
    """
    faults: list[Fault] = []
    settings = _settings(root, faults)
    inputs = settings.extensions("test_input", INPUT_EXTENSIONS)
    answers = settings.extensions("test_answer", ANSWER_EXTENSIONS)
    task: str | None = None
    found: list[tuple[str, Path, Path]] = []
    for folder in entries(root):
        if not folder.is_dir() or folder.name in _FOLDERS_SKIPPED:
            continue
        files = [f for f in entries(folder) if f.is_file()]
        candidates = [f for f in files if f.suffix.lower() in inputs]
        if len(candidates) != 1:
            faults.append(_inputs_fault(folder, candidates, inputs))
            continue
        given = candidates[0]
        if task is None:
            task = given.stem
        elif given.stem.upper() != task.upper():
            faults.append(fault(F.THEMIS_TASK_NAME, given, expected=f"{task}{given.suffix}"))
            continue
        answer = next(
            (f for e in answers for f in files if f.suffix.lower() == e and f.stem.upper() == given.stem.upper()), None
        )
        if answer is None:
            first, *others = (e.upper() for e in answers)
            missing = f"{given.stem}{first}"
            if others:
                faults.append(fault(F.THEMIS_NO_ANSWER_OF, folder, missing=missing, others=", ".join(others)))
            else:
                faults.append(fault(F.THEMIS_NO_ANSWER, folder, missing=missing))
            continue
        found.append((folder.name, given, answer))
    if task is None and not faults:
        faults.append(fault(F.THEMIS_NO_TESTS, root))
    points = _points(settings, [name for name, _, _ in found], total_points, faults)
    flags = _flags(settings, checker_flags, faults)
    checker = _checker(root, settings, flags, faults, task)
    time_limit = _number(settings, "time_limit", faults)
    memory_limit = _number(settings, "memory_limit", faults)
    if faults or task is None:
        raise ProblemError(*faults)
    input_file, output_file = _file_names(settings, task, found[0][1], found[0][2], faults)
    if faults:
        raise ProblemError(*faults)
    tests = tuple(TestCase(name, "", inp, out, points[name]) for name, inp, out in found)
    if checker.custom:
        checker = CheckerSpec(
            checker.kind,
            checker.flags,
            checker.source,
            checker.source_name,
            task_files=(input_file or found[0][1].name, output_file or f"{task}.OUT"),
        )
    return Problem(
        name=task,
        title=task,
        format="themis",
        time_limit_ms=round(1000 * (time_limit_s or time_limit or DEFAULT_TIME_LIMIT_S)),
        memory_limit_kb=round(1024 * (memory_limit_mib or memory_limit or DEFAULT_MEMORY_LIMIT_MIB)),
        wall_limit_ms=None,
        checker=checker,
        root=TestGroup("", tests),
        file_io=task,
        input_file=input_file,
        output_file=output_file,
        submissions=scored_by_points(read_submissions(root / "submissions", root)),
        output_limit_bytes=_output_limit([answer for _, _, answer in found]),
    )


def _output_limit(answers: list[Path]) -> int | None:
    """The task's output limit, or None for the sandbox's default (8 MiB): Themis sets none, so a task whose
    answers are larger (a million numbers) gets twice its largest answer, room for the right output written with
    other spacing, and a program that writes without end still meets a limit."""
    largest = max((answer.stat().st_size for answer in answers), default=0)
    return 2 * largest if 2 * largest > Limits().output_bytes else None


def _inputs_fault(folder: Path, candidates: list[Path], inputs: tuple[str, ...]) -> Fault:
    if candidates:
        return fault(F.THEMIS_SEVERAL_INPUTS, folder, names=", ".join(p.name for p in candidates))
    first, *others = (e.upper() for e in inputs)
    if others:
        return fault(F.THEMIS_NO_INPUT_OF, folder, extension=first, others=", ".join(others))
    return fault(F.THEMIS_NO_INPUT, folder, extension=first)


def _file_names(
    settings: _Settings, task: str, first_input: Path, first_answer: Path, faults: list[Fault]
) -> tuple[str | None, str | None]:
    """The files a program reads and writes: ``themis.yaml``'s, else the input as the tests name it and the
    output as the answers name it when they end in ``.OUT``, else ``TASK.OUT``."""
    names: list[str | None] = []
    for key, stream, default in (
        ("input", STDIN, task + first_input.suffix),
        ("output", STDOUT, task + (first_answer.suffix if first_answer.suffix.lower() == ".out" else ".OUT")),
    ):
        value = settings.text(key)
        if value is None or value == "":
            names.append(default)
        elif value.lower() == stream:
            names.append(None)
        elif "/" in value or "\\" in value or value in (".", ".."):
            faults.append(fault(F.THEMIS_FILE_NAME, settings.path, key=key, value=repr(value)))
            names.append(default)
        else:
            names.append(value)
    return names[0], names[1]


def _points(settings: _Settings, tests: list[str], total_points: float, faults: list[Fault]) -> dict[str, float]:
    given = settings.data.get("points")
    if given is None or not tests:
        return dict.fromkeys(tests, total_points / max(1, len(tests)))
    if isinstance(given, bool) or not isinstance(given, (int, float, dict)):
        faults.append(fault(F.THEMIS_POINTS_TYPE, settings.path))
        return dict.fromkeys(tests, 0.0)
    if not isinstance(given, dict):
        given = dict.fromkeys(tests, given)
    by_name = {str(name).upper(): value for name, value in given.items()}
    unknown = sorted(set(by_name) - {t.upper() for t in tests})
    if unknown:
        faults.append(fault(F.THEMIS_POINTS_UNKNOWN, settings.path, tests=", ".join(unknown)))
    missing = [t for t in tests if t.upper() not in by_name]
    if missing:
        faults.append(fault(F.THEMIS_POINTS_MISSING, settings.path, tests=", ".join(missing)))
    points: dict[str, float] = {}
    for test in tests:
        value = by_name.get(test.upper(), 0.0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            faults.append(fault(F.THEMIS_POINTS_VALUE, settings.path, test=test, value=repr(value)))
            value = 0.0
        points[test] = float(value)
    return points


def _flags(settings: _Settings, given: tuple[str, ...], faults: list[Fault]) -> tuple[str, ...]:
    case_sensitive = settings.data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        faults.append(fault(F.THEMIS_CASE_SENSITIVE, settings.path))
        case_sensitive = False
    flags = given + (("case_sensitive",) if case_sensitive and "case_sensitive" not in given else ())
    try:
        parse_flags(flags)
    except ProblemError as exc:
        faults.extend(found.at(settings.path.parent) for found in exc.faults)
        return ()
    return flags


def _number(settings: _Settings, key: str, faults: list[Fault]) -> float | None:
    value = settings.data.get(key)
    if value is None:
        return None
    if key == "time_limit" and isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        # 1,5 s as Windows in Vietnamese writes it; not MiB, where 1,024 may be a thousands' comma
        value = float(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
        faults.append(fault(F.THEMIS_NOT_POSITIVE, settings.path, key=key, value=repr(value)))
        return None
    return float(value)


def _checker(
    root: Path, settings: _Settings, flags: tuple[str, ...], faults: list[Fault], task: str | None
) -> CheckerSpec:
    named = settings.text("checker")
    if named:
        path = root / named
        if "/" in named or "\\" in named or not path.is_file():
            faults.append(fault(F.THEMIS_CHECKER_MISSING, settings.path, name=repr(named)))
            return CheckerSpec(flags=flags)
        sources = [path]
    else:
        named_checkers = [p for p in entries(root) if p.is_file() and p.stem.lower() in CHECKER_STEMS]
        sources = [p for p in named_checkers if _language(p)]
        compiled = [p for p in named_checkers if p.suffix.lower() == ".exe"]
        if compiled and not sources:  # Themis runs checker.exe; graded without it, right answers would be WA
            faults.append(fault(F.THEMIS_CHECKER_COMPILED, compiled[0]))
            return CheckerSpec(flags=flags)
        if not named_checkers:  # a checker under another name would be silently replaced by the comparison
            faults.extend(
                fault(F.THEMIS_CHECKER_UNNAMED, p, name=p.name)
                for p in entries(root)
                if p.is_file()
                and _CHECKER_LOOKALIKE.search(p.stem)
                and p.stem.upper() != (task or "").upper()  # the solution of a task named CHAM or CHECK
                and (p.suffix.lower() == ".exe" or _language(p))
            )
    if not sources:
        return CheckerSpec(flags=flags)
    if len(sources) > 1:
        faults.append(fault(F.THEMIS_SEVERAL_CHECKERS, root, names=", ".join(p.name for p in sources)))
        return CheckerSpec(flags=flags)
    if not _language(sources[0]):
        faults.append(fault(F.THEMIS_CHECKER_LANGUAGE, sources[0]))
        return CheckerSpec(flags=flags)
    try:
        source = inline_checker_headers(sources[0], windows=True)
        kind = _protocol(settings, read_source(sources[0], MAX_CHECKER_BYTES), source, faults)
    except ProblemError as exc:
        faults.extend(exc.faults)
        return CheckerSpec(flags=flags)
    return CheckerSpec(kind, (), source, sources[0].name)


def _language(path: Path) -> bool:
    try:
        language_for(path.name)
    except UnknownLanguage:
        return False
    return True


def _protocol(settings: _Settings, own: bytes, inlined: bytes, faults: list[Fault]) -> CheckerKind:
    """Themis's protocol, unless ``themis.yaml`` says testlib or the source is a testlib checker: it includes
    testlib.h itself and does not redefine ``registerTestlibCmd`` (as Themis adaptations of testlib do)."""
    named = settings.text("checker_protocol")
    if named:
        if named.lower() not in (CheckerKind.THEMIS, CheckerKind.TESTLIB):
            faults.append(fault(F.THEMIS_CHECKER_PROTOCOL, settings.path, value=repr(named)))
        return CheckerKind.TESTLIB if named.lower() == CheckerKind.TESTLIB else CheckerKind.THEMIS
    testlib = _TESTLIB.search(own) is not None and _REDEFINED.search(inlined) is None
    return CheckerKind.TESTLIB if testlib else CheckerKind.THEMIS
