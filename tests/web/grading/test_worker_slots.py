"""``hoithi worker --concurrency N``: N slots grade a batch, each submission exactly once, with the verdicts one
worker gives; each slot and its sandboxes on a core of its own."""

from __future__ import annotations

from flask import Flask

from app.grading.slots import slot_cpus
from app.models import SubmissionStatus

from .test_queue import ACCEPTED, BROKEN, SLOW, WRONG, _problem, _state, _submit, _worker

BATCH = [ACCEPTED, WRONG, SLOW, BROKEN, SLOW, ACCEPTED, WRONG, SLOW]


def _grade_batch(
    app: Flask, database_url: str, redis_url: str, concurrency: int
) -> list[tuple[str | None, int, str | None]]:
    """Submit the batch, let ``concurrency`` slots grade it (burst); each submission's verdict, attempts and
    grader."""
    problem = _problem(app)
    ids = [_submit(app, problem, source, "cpp" if source is BROKEN else "python") for source in BATCH]
    worker = _worker(app, database_url, redis_url, "--burst", "--concurrency", str(concurrency))
    assert worker.wait(timeout=300) == 0
    graded = []
    for submission_id in ids:
        state = _state(submission_id)
        assert state.status is SubmissionStatus.DONE
        graded.append((state.verdict, state.attempt, state.worker))
    return graded


def test_two_slots_grade_each_submission_once_as_one_worker_does(
    judge_app: Flask, database_url: str, redis_url: str
) -> None:
    alone = _grade_batch(judge_app, database_url, redis_url, 1)
    together = _grade_batch(judge_app, database_url, redis_url, 2)
    assert [verdict for verdict, _, _ in together] == [verdict for verdict, _, _ in alone]
    assert [verdict for verdict, _, _ in alone] == ["AC", "WA", "AC", "CE", "AC", "AC", "WA", "AC"]
    assert all(attempts == 1 for _, attempts, _ in alone + together)  # graded exactly once
    assert len({grader for _, _, grader in together}) == 2  # both slots took part
    assert len({grader for _, _, grader in alone}) == 1


def test_each_slot_has_a_core_of_its_own_while_there_are_cores() -> None:
    assert slot_cpus(2, [0, 1]) == [{0}, {1}]
    assert slot_cpus(3, [5, 2]) == [{2}, {5}, {2}]
    assert slot_cpus(1, [0, 1, 2, 3]) == [{0}]
