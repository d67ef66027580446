"""Shared builders for the scoreboard tests: a programming contest with its problems, registered contestants,
judged submissions, and the boards built from them (the fixtures are in this package's conftest)."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import (
    Contest,
    ContestProblem,
    Problem,
    ProgrammingSettings,
    Registration,
    RegistrationMember,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    Unit,
    User,
)
from app.services.programming import scoreboard
from app.timeutil import utcnow

from ...factories import UserFactory

# The contest ran for 5 hours and closes in one; a 120-minute freeze began an hour ago (minute 180).
START = utcnow().replace(microsecond=0) - timedelta(hours=4)


def _settings(contest: Contest, **values: object) -> ProgrammingSettings:
    settings = ProgrammingSettings(contest_id=contest.id, **values)
    db.session.add(settings)
    db.session.flush()
    return settings


def _problem(contest: Contest, label: str, max_score: float = 100) -> Problem:
    problem = Problem(
        code=label,
        title=f"Bài {label}",
        package_format="kattis",
        package_hash=label.lower() * 64,
        time_limit_ms=1000,
        memory_limit_kb=262144,
        test_count=3,
        max_score=max_score,
        contest_id=contest.id,
    )
    db.session.add(problem)
    db.session.flush()
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label=label, position=ord(label)))
    return problem


def _register(contest: Contest, *members: User, team_name: str | None = None) -> Registration:
    registration = Registration(
        contest_id=contest.id,
        unit_id=members[0].unit_id,
        registered_by_id=members[0].id,
        team_name=team_name,
        members=[RegistrationMember(contest_id=contest.id, user_id=m.id) for m in members],
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def _contestant(contest: Contest, name: str, unit: Unit | None = None) -> User:
    user = UserFactory(full_name=name, **({"unit": unit} if unit else {}))
    _register(contest, user)
    return user


def _submit(
    user: User,
    problem: Problem,
    minute: float,
    score: float | None = None,
    verdict: str = "AC",
    status: SubmissionStatus = SubmissionStatus.DONE,
    tests: tuple[tuple[str, str, float], ...] = (),
    subtasks: dict[str, float] | None = None,
) -> Submission:
    """A judged submission made ``minute`` minutes after the contest opened; ``tests``: (group, verdict, score);
    ``subtasks``: what the judge found it earned in each subtask."""
    submission = Submission(
        problem_id=problem.id,
        user_id=user.id,
        language="python",
        source="print(1)",
        status=status,
        verdict=verdict,
        score=problem.max_score if score is None and verdict == "AC" else (score or 0.0),
        max_score=problem.max_score,
        created_at=START + timedelta(minutes=minute),
        subtask_scores=subtasks,
        tests=[
            SubmissionTest(position=i, name=f"t{i}", group=g, verdict=v, time_ms=1, memory_kb=1, score=s)
            for i, (g, v, s) in enumerate(tests, start=1)
        ],
    )
    db.session.add(submission)
    db.session.flush()
    return submission


def _board(
    contest: Contest, staff: bool = False, *, unit_id: int | None = None, district_id: int | None = None
) -> scoreboard.Scoreboard:
    return scoreboard.build(db.session, contest, viewer_is_staff=staff, unit_id=unit_id, district_id=district_id)


def _by_name(board: scoreboard.Scoreboard) -> dict[str, scoreboard.Row]:
    return {r.name: r for r in board.rows}
