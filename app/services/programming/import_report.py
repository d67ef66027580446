"""The report an organiser reads after importing a problem package (``Problem.import_report``): the package's
shape, limits, checker and statement, its accepted reference solutions graded now, what hoithi left out, and
the package-level warnings ``hoithi judge verify`` gives too (``warnings``).

Each warning is stored as ``{"code": ..., "params": {...}}``, so that the page says it in the reader's language:
``range_unearnable`` (the range at the top of data/ goes above what the tests can earn: ``top``, ``earnable``),
``no_accepted`` (a Kattis package without a submission in submissions/accepted/, which problemtools requires) and
``tight_limit`` (problem.yaml fixes a time limit under the slowest accepted solution times ``ac_to_time_limit``,
which problemtools refuses: ``path``, ``time_ms``, ``limit_s``, ``multiplier``). The last needs the accepted
solutions run, so it is found only when the sandbox graded them.
"""

from __future__ import annotations

import logging
from typing import Any

from judge import grader, verify
from judge.errors import JudgeError, LanguageUnavailable
from judge.problem import Problem as LoadedProblem
from judge.scoring import max_score, unearnable_range
from judge.verdict import Verdict
from sandbox.backends import get_backend
from sandbox.session import SandboxError

log = logging.getLogger(__name__)


def import_report(loaded: LoadedProblem, statement_kind: str | None, sandbox: str) -> dict[str, Any]:
    """What the organiser should check after an import: the package's shape, limits, checker, statement, and
    the verdicts of its accepted reference submissions graded now (``references``; ``sandbox_error`` says
    why none could be graded), what hoithi left out of the package (``skipped``), the time limit, derived
    from the accepted submissions as Kattis does when neither the package nor the organiser gave one
    (``time_limit_derived``), and the package's warnings (``warnings``, see the module's docstring)."""
    checker = loaded.checker
    report: dict[str, Any] = {
        "format": loaded.format,
        "tests": len(loaded.tests),
        "groups": len({t.group for t in loaded.tests if t.group}),
        "samples": len(loaded.samples),
        "time_limit_ms": loaded.time_limit_ms,
        "memory_limit_kb": loaded.memory_limit_kb,
        "checker": checker.kind.value,
        "checker_flags": list(checker.flags),
        "checker_source": checker.source_name,
        "file_io": loaded.file_io,
        "statement": statement_kind,
        "references": [],
        "sandbox_error": None,
        "skipped": [
            {"path": item.path, "reason": item.reason, "code": item.why.code.value, "params": dict(item.why.params)}
            for item in loaded.skipped
        ],
        "time_limit_derived": None,
        "warnings": package_warnings(loaded),
    }
    accepted = [s for s in loaded.submissions if verify.is_accepted_solution(s)]
    if not accepted:
        return report
    try:
        backend = get_backend(sandbox)
    except SandboxError as exc:
        log.warning("reference solutions not checked: %s", exc)
        report["sandbox_error"] = str(exc)
        return report
    try:
        loaded, derived = verify.with_derived_limit(loaded, backend)
    except JudgeError as exc:
        log.warning("reference solutions not checked: %s", exc)
        report["sandbox_error"] = str(exc)
        return report
    if derived is not None:
        report["time_limit_ms"] = derived.time_limit_ms
        report["time_limit_derived"] = {"path": derived.slowest_path, "time_ms": derived.slowest_ms}
    graded_ac: list[verify.Checked] = []
    for submission in accepted:
        row: dict[str, Any] = {"path": submission.path, "language": submission.language.key}
        try:
            graded = grader.grade(loaded, submission.source, submission.language, backend)
        except LanguageUnavailable as exc:  # not the package's fault: the page says what to install
            row.update(verdict=None, score=None, max_score=None, ok=False, error=str(exc), unavailable=True)
        except JudgeError as exc:
            row.update(verdict="JE", score=None, max_score=None, ok=False, error=str(exc))
        else:
            row.update(
                verdict=str(graded.verdict),
                score=graded.score,
                max_score=graded.max_score,
                ok=graded.verdict is Verdict.AC,
            )
            graded_ac.append(verify.Checked(submission, graded))
        report["references"].append(row)
    tight = verify.tighter_than_accepted(loaded, graded_ac)
    if tight is not None:
        params = {
            "path": tight[1],
            "time_ms": tight[0],
            "limit_s": loaded.time_limit_ms / 1000,
            "multiplier": loaded.time_multiplier,
        }
        report["warnings"].append({"code": "tight_limit", "params": params})
    return report


def package_warnings(loaded: LoadedProblem) -> list[dict[str, Any]]:
    """The warnings found without running anything: a range above what the tests can earn, no accepted
    submission in a Kattis package."""
    warnings: list[dict[str, Any]] = []
    top = unearnable_range(loaded.root)
    if top is not None:
        warnings.append({"code": "range_unearnable", "params": {"top": top, "earnable": max_score(loaded.root)}})
    if verify.lacks_accepted(loaded):
        warnings.append({"code": "no_accepted", "params": {}})
    return warnings
