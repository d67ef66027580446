"""The judge's own exceptions."""

from __future__ import annotations


class ProblemError(ValueError):
    """A problem package is malformed; the message names the file and what is wrong with it.

    ``problems`` lists every fault found (one line each in the message), so that an organiser fixes the
    package in one go.
    """

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


class JudgeError(RuntimeError):
    """Grading could not finish for a reason outside the submission (the sandbox failed).

    The submission has no result yet: the job that called ``grade`` should retry later, and record JE only
    when it gives up.
    """
