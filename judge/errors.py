"""The judge's own exceptions."""

from __future__ import annotations


class ProblemError(ValueError):
    """A problem package is malformed; the message names the file and what is wrong with it."""


class JudgeError(RuntimeError):
    """Grading could not finish for a reason outside the submission (the sandbox failed).

    The submission has no result yet: the job that called ``grade`` should retry later, and record JE only
    when it gives up.
    """
