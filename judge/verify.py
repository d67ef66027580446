"""Verifying a package's reference submissions, and the time limit Kattis derives from the accepted ones.

problemtools (``verifyproblem``) runs a package without a time limit of its own as follows: the accepted
submissions are judged first with a generous limit; the slowest of them (its slowest test) times
``time_multiplier`` (legacy default 5; ``ac_to_time_limit``, default 2, from the 2023-07 format on), rounded
up to a whole multiple of ``time_resolution`` (1 s unless a 2023-07 or later package says otherwise) and at
least one, is the time limit; ``time_safety_margin`` (legacy default 2; ``time_limit_to_tle``, default 1.5)
times that limit is how far a run may go before it counts as a sure TLE.
hoithi does the same, with CPU time and a ceiling of ``DERIVE_CEILING_MS`` instead of problemtools' 300 s.
Deriving needs programs to run, so it happens when a package is verified or imported, never in
``load_problem``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from sandbox.session import Backend

from .grader import Report, grade
from .problem import ExpectedSubmission, Problem
from .scoring import unearnable_range
from .verdict import Verdict

DERIVE_CEILING_MS = 20_000
"""The CPU time an accepted submission may use per test while the limit is being derived."""


@dataclass(frozen=True)
class DerivedLimit:
    """The time limit derived from the accepted submissions."""

    time_limit_ms: int
    slowest_ms: int  # the slowest test of the slowest accepted submission, CPU time
    slowest_path: str
    safety_limit_ms: int  # time_limit_ms x time_safety_margin
    multiplier: float


@dataclass(frozen=True)
class Checked:
    """One reference submission graded, and whether it earned what the package expects.

    ``extra_time``: the submission graded again at the safety margin (a Kattis package's time limit times
    ``time_safety_margin``) when it did not earn what it should at the limit; as problemtools has it ("OK with
    extra time"), earning it there is enough. ``full_score``: the top of the package's ``range`` when the tests
    cannot earn it (``scoring.unearnable_range``); a partially accepted submission need only earn less than it, as
    problemtools judges one, though hoithi gives it full marks."""

    submission: ExpectedSubmission
    report: Report
    extra_time: Report | None = None
    full_score: float | None = None

    @property
    def ok(self) -> bool:
        return any(
            self.submission.matches(
                report.verdict, report.score, max(report.max_score, self.full_score or 0.0), report.no_output
            )
            for report in (self.report, self.extra_time)
            if report is not None
        )

    @property
    def time_ms(self) -> int:
        return max((test.time_ms for test in self.report.tests), default=0)


def time_limit_from(slowest_ms: int, multiplier: float, resolution_s: float = 1.0) -> int:
    """problemtools' rule: ``max(1, ceil(slowest x multiplier / resolution)) x resolution`` seconds, in
    milliseconds."""
    units = max(1, math.ceil(slowest_ms * multiplier / (1000 * resolution_s) - 1e-9))
    return round(1000 * units * resolution_s)


def derive_time_limit(problem: Problem, backend: Backend) -> DerivedLimit | None:
    """The limit the accepted submissions give (``None`` when none of them is accepted under the ceiling); those in
    a language the backend cannot run here (``Backend.unavailable``) are left out.

    Raises ``JudgeError`` when the sandbox fails."""
    ceiling = replace(problem, time_limit_ms=DERIVE_CEILING_MS).limits()
    slowest: tuple[int, str] | None = None
    unavailable = backend.unavailable()
    for submission in problem.submissions:
        if not is_accepted_solution(submission):
            continue
        if submission.language.key in unavailable:
            continue
        report = grade(problem, submission.source, submission.language, backend, ceiling)
        if report.verdict is not Verdict.AC:
            continue
        time_ms = max((test.time_ms for test in report.tests), default=0)
        if slowest is None or time_ms > slowest[0]:
            slowest = (time_ms, submission.path)
    if slowest is None:
        return None
    limit = time_limit_from(slowest[0], problem.time_multiplier, problem.time_resolution)
    return DerivedLimit(
        limit, slowest[0], slowest[1], round(limit * problem.time_safety_margin), problem.time_multiplier
    )


def with_derived_limit(problem: Problem, backend: Backend) -> tuple[Problem, DerivedLimit | None]:
    """The problem with the derived time limit when neither the package nor the organiser gave one."""
    if problem.time_limit_given or problem.format != "kattis":
        return problem, None
    derived = derive_time_limit(problem, backend)
    if derived is None:
        return problem, None
    return replace(problem, time_limit_ms=derived.time_limit_ms, time_limit_given=True), derived


def tighter_than_accepted(problem: Problem, checked: list[Checked]) -> tuple[int, str] | None:
    """The slowest accepted submission's time and path when the time limit problem.yaml fixes is under it times
    ``time_multiplier`` (``ac_to_time_limit``), else ``None``: problemtools' verifyproblem reports such a package
    as an error ("fixed time limit is tighter than the auto-computed limit"), whatever verdicts its submissions
    earn. A limit the organiser gives is not bound so (problemtools only warns of one given on its command line)."""
    if not problem.time_limit_bound:
        return None
    times = [(c.time_ms, c.submission.path) for c in checked if is_accepted_solution(c.submission)]
    if not times:
        return None
    slowest = max(times)
    return slowest if slowest[0] * problem.time_multiplier > problem.time_limit_ms else None


def lacks_accepted(problem: Problem) -> bool:
    """Whether a Kattis package has no submission in submissions/accepted/, graded or left out: problemtools'
    verifyproblem requires one ('Require at least one "accepted" submission'); DOMjudge asks for none."""
    paths = [s.path for s in problem.submissions] + [s.path for s in problem.skipped]
    return problem.format == "kattis" and not any(path.startswith("submissions/accepted/") for path in paths)


def is_accepted_solution(submission: ExpectedSubmission) -> bool:
    """Whether ``submission`` is one that must be accepted with full marks (submissions/accepted/, or tagged so):
    the solutions a time limit is derived from and checked against."""
    return submission.expected == frozenset({Verdict.AC}) and not submission.partial


def check_submissions(problem: Problem, backend: Backend) -> list[Checked]:
    """Every reference submission graded under the problem's limits; in a Kattis package, one that does not earn
    what it should is graded again at the safety margin, as problemtools' ``check_submission`` judges it at both.
    Raises ``JudgeError`` when the sandbox fails."""
    margin: Problem | None = None
    if problem.format == "kattis" and problem.time_safety_margin > 1:
        margin = replace(problem, time_limit_ms=round(problem.time_limit_ms * problem.time_safety_margin))
    checked = []
    full_score = unearnable_range(problem.root)
    for submission in problem.submissions:
        item = Checked(submission, grade(problem, submission.source, submission.language, backend), None, full_score)
        if not item.ok and margin is not None and item.report.verdict is not Verdict.CE:
            item = replace(item, extra_time=grade(margin, submission.source, submission.language, backend))
        checked.append(item)
    return checked
