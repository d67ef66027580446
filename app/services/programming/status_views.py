"""What a contestant is told about a submission: its state while it waits or is graded, and once final as much of
the result as the contest's feedback mode allows (the submission's page, its live status, the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...models import Feedback, Submission, SubmissionStatus
from .live_status import LiveStatus


@dataclass(frozen=True)
class StatusView:
    """What a contestant is told about a submission, as the contest's feedback mode allows."""

    id: int
    status: str
    done: int
    total: int
    verdict: str | None
    score: float | None
    max_score: float | None
    compile_output: str
    tests: list[dict[str, Any]]
    final: bool

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def live_view(live: LiveStatus) -> StatusView:
    """What a contestant is told while their submission waits or is graded (nothing of the result yet)."""
    return StatusView(live.submission_id, live.status.value, live.done, live.total, None, None, None, "", [], False)


def status_view(submission: Submission, mode: Feedback) -> StatusView:
    """What the contestant is told of ``submission`` from the database. One being judged again shows its previous
    result, which still counts, until the new one is written (``Submission.standing_status``)."""
    status = submission.standing_status
    final = status in (SubmissionStatus.DONE, SubmissionStatus.ERROR)
    tests: list[dict[str, Any]] = []
    if final and mode is not Feedback.SCORE:
        for t in submission.tests:
            row: dict[str, Any] = {"position": t.position, "verdict": t.verdict}
            if mode is Feedback.FULL:
                row.update(name=t.name, group=t.group, time_ms=t.time_ms, memory_kb=t.memory_kb, score=t.score)
            tests.append(row)
    return StatusView(
        id=submission.id,
        status=status.value,
        done=submission.progress_done,
        total=submission.progress_total,
        verdict=submission.verdict if (final and mode is not Feedback.SCORE) or submission.verdict == "CE" else None,
        score=submission.score if final else None,
        max_score=submission.max_score,
        compile_output=submission.compile_output if final else "",
        tests=tests,
        final=final,
    )
