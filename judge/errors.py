"""The judge's own exceptions."""

from __future__ import annotations

from .faults import Fault


class ProblemError(ValueError):
    """A problem package is malformed; the message names the file and what is wrong with it.

    ``faults`` lists every fault found, each with its code and values (``judge.faults``), so that an organiser
    fixes the package in one go and an interface can say each in its user's language; the message is their
    English, one line each.
    """

    def __init__(self, *faults: Fault) -> None:
        super().__init__("\n".join(str(f) for f in faults))
        self.faults: tuple[Fault, ...] = faults

    @property
    def problems(self) -> tuple[str, ...]:
        """Each fault in English, naming its file."""
        return tuple(str(f) for f in self.faults)


class JudgeError(RuntimeError):
    """Grading could not finish for a reason outside the submission (the sandbox failed).

    The submission has no result yet: the job that called ``grade`` should retry later, and record JE only
    when it gives up.
    """


class LanguageUnavailable(JudgeError):
    """The sandbox cannot run the submission's language on this host (an optional runtime, Scratch's, is missing
    or stale); the message says which and how to install it.

    Retrying here does not mend it: the caller records a system error (never a verdict of the contestant's) that
    an organiser rejudges once the runtime is installed.
    """

    def __init__(self, language: str, reason: str) -> None:
        super().__init__(f"{language} cannot be judged on this host: {reason}")
        self.language = language
        self.reason = reason
