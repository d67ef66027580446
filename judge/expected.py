"""Reference submissions of a package (``submissions/<category>/``) and the verdicts they must earn."""

from __future__ import annotations

import re
from pathlib import Path

from sandbox.languages import LANGUAGES, UnknownLanguage, language_for

from .errors import ProblemError
from .files import entries, read_source
from .problem import ExpectedSubmission
from .verdict import Verdict

_REJECTED = frozenset({Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.OLE})

CATEGORIES: dict[str, frozenset[Verdict]] = {
    "accepted": frozenset({Verdict.AC}),
    "partially_accepted": frozenset({Verdict.WA}),
    "wrong_answer": frozenset({Verdict.WA}),
    "time_limit_exceeded": frozenset({Verdict.TLE}),
    "run_time_error": frozenset({Verdict.RE}),
    "memory_limit_exceeded": frozenset({Verdict.MLE}),
    "output_limit_exceeded": frozenset({Verdict.OLE}),
    "compile_error": frozenset({Verdict.CE}),
    "rejected": _REJECTED,
}
"""Kattis/DOMjudge folder names and what a submission in each may earn."""

DOMJUDGE_RESULTS: dict[str, Verdict] = {
    "CORRECT": Verdict.AC,
    "WRONG-ANSWER": Verdict.WA,
    "NO-OUTPUT": Verdict.WA,
    "TIMELIMIT": Verdict.TLE,
    "RUN-ERROR": Verdict.RE,
    "MEMORY-LIMIT": Verdict.MLE,
    "OUTPUT-LIMIT": Verdict.OLE,
    "COMPILER-ERROR": Verdict.CE,
}
"""The words of DOMjudge's ``@EXPECTED_RESULTS@:`` annotation."""

_ANNOTATION = re.compile(rb"@EXPECTED_RESULTS@\s*:?[ \t]*([^\r\n]*)")


def expected_results(path: Path, source: bytes) -> frozenset[Verdict] | None:
    """The verdicts named by an ``@EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER`` comment, if any."""
    match = _ANNOTATION.search(source)
    if match is None:
        return None
    words = re.findall(r"[A-Za-z_-]+", match.group(1).decode("ascii", errors="replace"))
    verdicts: set[Verdict] = set()
    for word in words:
        try:
            verdicts.add(DOMJUDGE_RESULTS[word.upper().replace("_", "-")])
        except KeyError:
            known = ", ".join(DOMJUDGE_RESULTS)
            raise ProblemError(f"{path}: unknown result {word!r} in @EXPECTED_RESULTS@ (known: {known})") from None
    if not verdicts:
        raise ProblemError(f"{path}: @EXPECTED_RESULTS@ names no result")
    return frozenset(verdicts)


def read_submissions(folder: Path, package_root: Path) -> tuple[ExpectedSubmission, ...]:
    """Every reference submission under ``folder`` (usually ``<package>/submissions``), in natural order.

    A file directly in ``folder`` must carry an ``@EXPECTED_RESULTS@`` annotation; one in a category folder
    may carry one, which then wins over the folder.
    """
    if not folder.is_dir():
        return ()
    found: list[ExpectedSubmission] = []
    for entry in entries(folder):
        if entry.is_file():
            found.append(_submission(entry, package_root, None))
            continue
        category = CATEGORIES.get(entry.name)
        if category is None:
            known = ", ".join(CATEGORIES)
            raise ProblemError(f"{entry}: unknown submission category {entry.name!r} (known: {known})")
        for path in entries(entry):
            found.append(_submission(path, package_root, category))
    return tuple(found)


def _submission(path: Path, package_root: Path, category: frozenset[Verdict] | None) -> ExpectedSubmission:
    if path.is_dir():
        raise ProblemError(f"{path}: submissions of several files are not supported; use one source file")
    try:
        language = language_for(path.name)
    except UnknownLanguage:
        known = ", ".join(ext for lang in LANGUAGES.values() for ext in lang.extensions)
        raise ProblemError(f"{path}: unknown source extension {path.suffix or '(none)'!r} (known: {known})") from None
    source = read_source(path)
    expected = expected_results(path, source) or category
    if expected is None:
        raise ProblemError(f"{path}: no expected result: put it in a category folder or add @EXPECTED_RESULTS@")
    return ExpectedSubmission(path.relative_to(package_root).as_posix(), language, source, expected)
