"""Reference submissions of a package (``submissions/<category>/``) and the verdicts they must earn.

The folder names are Kattis's (``accepted``, ``partially_accepted``, ``wrong_answer``, ``run_time_error``,
``time_limit_exceeded``) and DOMjudge's (``compiler_error``, ``no_output``, ``output_limit``, ``multiple``,
``mixed-verdicts``, ``check_manually``). A file may name its verdicts in a DOMjudge ``@EXPECTED_RESULTS@:``
comment, with DOMjudge's spellings (``TIMELIMIT`` or ``TIME_LIMIT_EXCEEDED``, ``RUN-ERROR`` or
``RUN_TIME_ERROR``, ...), and the score it must earn in an ``@EXPECTED_SCORE@: 30`` comment. A run-time error
may also be a memory limit, as both Kattis and DOMjudge count it.

What hoithi cannot judge is skipped with a reason, never a reason to refuse the package: a language it does
not judge, a binary or oversized file, a folder of several source files, an untagged file in an unknown folder
(a tagged one is judged by its tag, as DOMjudge judges any folder's), a ``check_manually`` folder, a submission
whose expected verdict is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sandbox.languages import UnknownLanguage, language_for

from .errors import ProblemError
from .faults import Fault, fault
from .faults import FaultCode as F
from .files import HEADER_SUFFIXES, MAX_SOURCE_BYTES, entries, inline_headers, read_source
from .problem import EmptyOutput, ExpectedSubmission, Skipped
from .verdict import Verdict

_REJECTED = frozenset({Verdict.WA, Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.OLE})
_RUN_ERROR = frozenset({Verdict.RE, Verdict.MLE})  # Kattis and DOMjudge report a memory limit as a run error
_ANY_VERDICT = frozenset(Verdict) - {Verdict.JE}


@dataclass(frozen=True)
class Category:
    """What a submission in a category folder must earn; ``None`` verdicts: only what its annotation says."""

    verdicts: frozenset[Verdict] | None
    partial: bool = False
    empty: EmptyOutput = EmptyOutput.EITHER  # whether a WA may, or must, be a run that printed nothing
    result: str = ""  # DOMjudge's result the folder's name gives, to which it narrows a tag naming it
    unknown: bool = False  # a folder neither reference names: only what a tag says (DOMjudge judges it so)


CATEGORIES: dict[str, Category] = {
    "accepted": Category(frozenset({Verdict.AC})),
    "partially_accepted": Category(frozenset({Verdict.AC}), partial=True),
    "wrong_answer": Category(frozenset({Verdict.WA}), empty=EmptyOutput.WARNED, result="WRONG-ANSWER"),
    "no_output": Category(frozenset({Verdict.WA}), empty=EmptyOutput.REQUIRED, result="NO-OUTPUT"),
    "time_limit_exceeded": Category(frozenset({Verdict.TLE})),
    "run_time_error": Category(_RUN_ERROR),
    "memory_limit_exceeded": Category(frozenset({Verdict.MLE})),
    "output_limit": Category(frozenset({Verdict.OLE})),
    "output_limit_exceeded": Category(frozenset({Verdict.OLE})),
    "compiler_error": Category(frozenset({Verdict.CE})),
    "compile_error": Category(frozenset({Verdict.CE})),
    "rejected": Category(_REJECTED),
    "multiple": Category(None),
    "mixed-verdicts": Category(None),
}
"""Kattis/DOMjudge folder names and what a submission in each may earn."""
_UNKNOWN = Category(None, unknown=True)

NOT_JUDGED = {
    "check_manually": fault(F.SKIP_CHECK_MANUALLY),
    "slow_accepted": fault(F.SKIP_SLOW_ACCEPTED),
}
"""Folders that hoithi leaves out on purpose, with the reason it gives."""

DOMJUDGE_RESULTS: dict[str, frozenset[Verdict]] = {
    "CORRECT": frozenset({Verdict.AC}),
    "ACCEPTED": frozenset({Verdict.AC}),
    "WRONG-ANSWER": frozenset({Verdict.WA}),
    "NO-OUTPUT": frozenset({Verdict.WA}),
    "TIMELIMIT": frozenset({Verdict.TLE}),
    "TIME-LIMIT": frozenset({Verdict.TLE}),
    "TIME-LIMIT-EXCEEDED": frozenset({Verdict.TLE}),
    "RUN-ERROR": _RUN_ERROR,
    "RUN-TIME-ERROR": _RUN_ERROR,
    "MEMORY-LIMIT": frozenset({Verdict.MLE}),
    "MEMORY-LIMIT-EXCEEDED": frozenset({Verdict.MLE}),
    "OUTPUT-LIMIT": frozenset({Verdict.OLE}),
    "OUTPUT-LIMIT-EXCEEDED": frozenset({Verdict.OLE}),
    "COMPILER-ERROR": frozenset({Verdict.CE}),
    "COMPILE-ERROR": frozenset({Verdict.CE}),
}
"""The words of DOMjudge's ``@EXPECTED_RESULTS@:`` annotation (``_`` and ``-`` alike, any case)."""

_PYTHON2 = re.compile(rb"#![^\n]*\bpython2(\.\d+)?\s*(\n|$)")
"""A ``#!`` line naming Python 2: problemtools runs such a file with Python 2, hoithi judges only Python 3."""
_ANNOTATION = re.compile(rb"@EXPECTED_(RESULTS|SCORE)@: ([^\r\n]*)", re.IGNORECASE)
"""DOMjudge's annotation, the colon and one space included as DOMjudge's match string has them (prose that names
the tag, ``the @EXPECTED_RESULTS@ tag in ...``, is none, nor ``@EXPECTED_RESULTS@:CORRECT``), found in any case as
DOMjudge finds it; ``@EXPECTED_SCORE@:`` with words is the same (DOMjudge's boolfind:
``@EXPECTED_SCORE@: CORRECT``), with a number a score."""
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
"""A number as PHP's ``is_numeric`` takes one (DOMjudge's test for an expected score)."""


@dataclass(frozen=True)
class Annotation:
    """What a submission's DOMjudge tags say: the verdicts it may earn (``None``: no tag names any) and the score
    it must earn (``None``: no ``@EXPECTED_SCORE@:`` with a number); ``words``: the results it names, spelled as
    DOMjudge's (``NO-OUTPUT``, ``WRONG-ANSWER``, ...), which tells NO-OUTPUT from WRONG-ANSWER."""

    verdicts: frozenset[Verdict] | None
    score: Decimal | None
    words: frozenset[str] = frozenset()

    @property
    def empty(self) -> EmptyOutput:
        """Whether a WA it expects may, or must, be NO-OUTPUT."""
        if "NO-OUTPUT" in self.words and "WRONG-ANSWER" not in self.words:
            return EmptyOutput.REQUIRED
        if "WRONG-ANSWER" in self.words and "NO-OUTPUT" not in self.words:
            return EmptyOutput.REFUSED
        return EmptyOutput.EITHER


def expected_results(path: Path, source: bytes) -> Annotation | None:
    """What an ``@EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER`` comment (or ``@EXPECTED_SCORE@:`` with words) and an
    ``@EXPECTED_SCORE@: 30`` comment say, if any; raises ``ProblemError`` for a word it does not know and for a tag
    said twice (DOMjudge refuses the submission)."""
    results: bytes | None = None
    score: str | None = None
    for match in _ANNOTATION.finditer(source):
        said = match.group(2).decode("ascii", errors="replace").strip()
        if match.group(1).upper() == b"SCORE" and _NUMBER.fullmatch(said):
            if score is not None:
                raise ProblemError(fault(F.EXPECTED_SEVERAL, path))
            score = said
        elif results is None:
            results = match.group(2)
        else:  # DOMjudge refuses a submission that says it twice
            raise ProblemError(fault(F.EXPECTED_SEVERAL, path))
    expected_score = None if score is None else Decimal(score)
    if results is None:
        return None if expected_score is None else Annotation(None, expected_score)
    words = re.findall(r"[A-Za-z_-]+", results.decode("ascii", errors="replace"))
    verdicts: set[Verdict] = set()
    spelled = {word.upper().replace("_", "-") for word in words}
    for word in words:
        try:
            verdicts |= DOMJUDGE_RESULTS[word.upper().replace("_", "-")]
        except KeyError:
            known = ", ".join(DOMJUDGE_RESULTS)
            raise ProblemError(fault(F.EXPECTED_UNKNOWN_RESULT, path, word=repr(word), known=known)) from None
    if not verdicts:
        raise ProblemError(fault(F.EXPECTED_NO_RESULT, path))
    return Annotation(frozenset(verdicts), expected_score, frozenset(spelled))


def read_submissions(folder: Path, package_root: Path) -> tuple[ExpectedSubmission, ...]:
    """The reference submissions under ``folder`` that hoithi can judge (``scan_submissions`` says what else
    was there)."""
    return scan_submissions(folder, package_root)[0]


def scan_submissions(folder: Path, package_root: Path) -> tuple[tuple[ExpectedSubmission, ...], tuple[Skipped, ...]]:
    """Every reference submission under ``folder`` (usually ``<package>/submissions``), in natural order, and
    what was skipped with the reason.

    A file directly in ``folder`` must carry an ``@EXPECTED_RESULTS@`` annotation; one in a category folder
    may carry one, which then narrows the folder's verdicts (or replaces them when it names none of them).
    """
    if not folder.is_dir():
        return (), ()
    found: list[ExpectedSubmission] = []
    skipped: list[Skipped] = []

    def skip(path: Path, reason: Fault) -> None:
        skipped.append(Skipped(path.relative_to(package_root).as_posix(), reason))

    for entry in entries(folder):
        if entry.is_file() and entry.name == "submissions.yaml":
            skip(entry, fault(F.SKIP_SUBMISSIONS_YAML))
            continue
        if entry.is_file():
            _add(entry, package_root, None, found, skip)
            continue
        if entry.name in NOT_JUDGED:
            skip(entry, NOT_JUDGED[entry.name])
            continue
        category = CATEGORIES.get(entry.name, _UNKNOWN)
        for path in entries(entry):
            _add(path, package_root, category, found, skip)
    return tuple(found), tuple(skipped)


def _add(
    path: Path,
    package_root: Path,
    category: Category | None,
    found: list[ExpectedSubmission],
    skip: Callable[[Path, Fault], None],
) -> None:
    source_path = path
    if path.is_dir():
        sources = [p for p in entries(path) if p.is_file() and _judged_language(p)]
        others = [p for p in entries(path) if p.is_file() and p.suffix.lower() not in HEADER_SUFFIXES]
        if len(sources) != 1:
            if sources:
                skip(path, fault(F.SKIP_SEVERAL_SOURCES))
            else:
                skip(path, _no_language_reason(others))
            return
        source_path = sources[0]
    elif not _judged_language(path):
        skip(path, _no_language_reason([path]))
        return
    language = language_for(source_path.name)
    try:
        source = inline_headers(source_path) if path.is_dir() else read_source(source_path, binary=language.binary)
        if len(source) > MAX_SOURCE_BYTES:
            raise ProblemError(fault(F.SKIP_TOO_LARGE, kib=MAX_SOURCE_BYTES // 1024))
        if language.key == "python" and _PYTHON2.match(source):  # problemtools' different_py2.py
            raise ProblemError(fault(F.SKIP_PYTHON2))
        # a project made by a tool has no comment to annotate: its folder says what it should get
        annotated = None if language.binary else expected_results(source_path, source)
        if path.is_dir():  # DOMjudge looks in every file of the submission, and refuses two that say it
            in_others = _folder_annotation(path, source_path)
            if annotated is not None and in_others is not None:
                raise ProblemError(fault(F.EXPECTED_SEVERAL))
            annotated = annotated or in_others
    except ProblemError as exc:
        skip(path, exc.faults[0].at(""))
        return
    said = None if annotated is None else annotated.verdicts
    score = None if annotated is None else annotated.score
    empty = EmptyOutput.EITHER if annotated is None else annotated.empty
    expected: frozenset[Verdict] | None
    partial = False
    if category is None or category.verdicts is None:
        # DOMjudge checks a score alone when no tag names a verdict
        expected = said if said is not None or score is None else _ANY_VERDICT
    else:
        partial = category.partial and said is None
        # DOMjudge's import narrows a tag that names the folder's result to that result alone
        if said is None or (annotated is not None and category.result in annotated.words):
            empty = category.empty
        narrowed = category.verdicts & said if said else category.verdicts
        expected = narrowed or said
    if expected is None:
        if category is not None and category.unknown:
            skip(path, fault(F.SKIP_UNKNOWN_CATEGORY, known=", ".join(CATEGORIES)))
        else:
            skip(path, fault(F.SKIP_NO_EXPECTED_IN_FOLDER if category is not None else F.SKIP_NO_EXPECTED))
        return
    found.append(
        ExpectedSubmission(path.relative_to(package_root).as_posix(), language, source, expected, partial, score, empty)
    )


def _folder_annotation(folder: Path, source_path: Path) -> Annotation | None:
    """What an ``@EXPECTED_RESULTS@:`` (or ``@EXPECTED_SCORE@:``) line in another text file of a folder submission
    says (DOMjudge's ``expected-result-all-files``: an ``expected_result.txt`` beside the source); ``ProblemError``
    when two files do."""
    found: Annotation | None = None
    for other in entries(folder):
        if other == source_path or not other.is_file() or other.stat().st_size > MAX_SOURCE_BYTES:
            continue
        annotated = expected_results(other, other.read_bytes())
        if annotated is not None and found is not None:
            raise ProblemError(fault(F.EXPECTED_SEVERAL, other))
        found = found or annotated
    return found


def _judged_language(path: Path) -> bool:
    try:
        language_for(path.name)
    except UnknownLanguage:
        return False
    return True


def _no_language_reason(paths: list[Path]) -> Fault:
    suffixes = sorted({p.suffix for p in paths if p.suffix})
    if not suffixes:
        return fault(F.SKIP_NO_LANGUAGE)
    return fault(F.SKIP_LANGUAGE_NOT_JUDGED, suffixes=", ".join(suffixes))


def scored_by_points(submissions: tuple[ExpectedSubmission, ...]) -> tuple[ExpectedSubmission, ...]:
    """The reference submissions, a partially accepted one judged by its points alone, for a problem whose
    submissions get a score and no verdict (a Themis task; a scoring problem of the 2025-09 format, "given a
    non-negative score instead of a verdict"): one that crashes or runs out of time on the large tests still earns
    the small ones'."""
    some_points = frozenset(Verdict) - {Verdict.CE, Verdict.JE}
    return tuple(replace(item, expected=some_points) if item.partial else item for item in submissions)
