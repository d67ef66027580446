"""Judge verdicts and how a sandbox run's status becomes one."""

from __future__ import annotations

import enum

from sandbox.result import RunStatus


class Verdict(enum.StrEnum):
    """The outcome of a test or of a whole submission, as the contestant sees it."""

    AC = "AC"  # accepted
    WA = "WA"  # wrong answer (also partial credit below full marks)
    TLE = "TLE"  # time limit exceeded
    MLE = "MLE"  # memory limit exceeded
    RE = "RE"  # run-time error
    OLE = "OLE"  # output limit exceeded
    CE = "CE"  # compilation error
    JE = "JE"  # judge error: a fault of the judge or the package, never the contestant's


_FROM_RUN_STATUS: dict[RunStatus, Verdict] = {
    RunStatus.TLE: Verdict.TLE,
    RunStatus.MLE: Verdict.MLE,
    RunStatus.RE: Verdict.RE,
    RunStatus.OLE: Verdict.OLE,
}


def verdict_for_run(status: RunStatus) -> Verdict | None:
    """The verdict a failed run earns by itself, or ``None`` when it ran cleanly (check the output)."""
    return _FROM_RUN_STATUS.get(status)
