"""A contestant's problem list: the problems they may see and how far each stands for them, the page every
contestant opens at a contest's start (two queries however many are registered)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, and_, bindparam, func, select

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Registration,
    RegistrationMember,
    ScoreboardMode,
    Submission,
    User,
)
from ...timeutil import utcnow
from . import contestant, extra_time
from .judging_settings import settings_for
from .scoreboard import Cell, compute


@dataclass(frozen=True)
class ProblemListPage:
    """What a contestant's problem list shows: the problems they may see (or why none), the score of each problem
    as the scoreboard gives it to their registration (by problem id; problems without a counted submission are
    absent; for staff, the best score of their own tries), their registration (None for staff and the
    unregistered) and, when it is a team, the team. In an ICPC contest, which has no partial scores, ``icpc``
    holds the board's cell instead (solved or not, and the rejected tries) and ``best`` is empty; None in an IOI
    contest."""

    problems: list[ContestProblem]
    reason: object | None
    best: dict[int, float]
    registration: Registration | None
    team: Registration | None
    icpc: dict[int, Cell] | None


def problem_list_page(session: DbSession, contest: Contest, user: User, now: datetime | None = None) -> ProblemListPage:
    """The problem list of ``user``, in two queries however many are registered (the contest's problems with the
    registration, and its members with their counted submissions): the page every contestant opens at a contest's
    start."""
    problems, reason, registration = contestant.problems_of(session, contest, user, now or utcnow())
    problem_ids = [p.problem_id for p in problems]
    icpc = settings_for(session, contest).scoreboard_mode is ScoreboardMode.ICPC
    if registration is None:
        if icpc:
            return ProblemListPage(problems, reason, {}, None, None, _icpc_of(session, [user.id], problem_ids))
        best = _best_of(session, [user.id], problem_ids) if problem_ids else {}
        return ProblemListPage(problems, reason, best, None, None, None)
    members, counted = _members_and_counted(session, contest, registration, problems)
    team = registration if len(members) > 1 else None
    if icpc:
        cells = {
            pid: compute.entrant_icpc((at, verdict) for at, verdict, _s, _p in found) for pid, found in counted.items()
        }
        return ProblemListPage(problems, reason, {}, registration, team, cells)
    per_subtask = settings_for(session, contest).best_per_subtask
    worth = {p.problem_id: p.problem.max_score for p in problems}
    best = {
        pid: compute.entrant_best(((score, parts) for _at, _v, score, parts in found), worth[pid], per_subtask)
        for pid, found in counted.items()
    }
    return ProblemListPage(problems, reason, best, registration, team, None)


def _best_of(session: DbSession, submitters: list[int], problem_ids: list[int]) -> dict[int, float]:
    """The best score of each of ``problem_ids`` among the scored submissions of ``submitters``."""
    query = (
        select(Submission.problem_id, func.max(Submission.score))
        .where(
            Submission.user_id.in_(submitters), Submission.problem_id.in_(problem_ids), Submission.score.is_not(None)
        )
        .group_by(Submission.problem_id)
    )
    return {problem_id: float(score) for problem_id, score in session.execute(query) if score is not None}


def _icpc_of(session: DbSession, submitters: list[int], problem_ids: list[int]) -> dict[int, Cell]:
    """Staff trying the problems of an ICPC contest: each problem's cell from their own judged submissions."""
    if not problem_ids:
        return {}
    query = select(Submission.problem_id, Submission.created_at, Submission.verdict).where(
        Submission.user_id.in_(submitters), Submission.problem_id.in_(problem_ids), compute.judged()
    )
    found: dict[int, list[tuple[datetime, str | None]]] = {}
    for problem_id, at, verdict in session.execute(query):
        found.setdefault(problem_id, []).append((at, verdict))
    return {pid: compute.entrant_icpc(submissions) for pid, submissions in found.items()}


Counted = tuple[datetime, str | None, float | None, dict[str, float] | None]
"""A counted submission as the problem list reads it: (time, verdict, score, subtask scores)."""


def _members_and_counted(
    session: DbSession, contest: Contest, registration: Registration, problems: list[ContestProblem]
) -> tuple[set[int], dict[int, list[Counted]]]:
    """The registration's members' ids and, for each of ``problems``, its submissions that the board counts
    (judged, not JE, in the entrant's window, extra time included; absent: none), in one query."""
    members: set[int] = set()
    found: dict[int, list[Counted]] = {}
    parameters = {
        "registration_id": registration.id,
        "problem_ids": [p.problem_id for p in problems],
        "opens": contest.submission_opens,
        "closes": extra_time.closes_for(contest, registration),
    }
    for user_id, problem_id, at, verdict, score, subtasks in session.execute(_MEMBERS_AND_COUNTED, parameters):
        members.add(user_id)
        if problem_id is not None:
            found.setdefault(problem_id, []).append((at, verdict, score, subtasks))
    return members, found


_MEMBERS_AND_COUNTED = (  # built once, as _CONTEST_PROBLEMS
    select(
        RegistrationMember.user_id,
        Submission.problem_id,
        Submission.created_at,
        Submission.verdict,
        Submission.score,
        Submission.subtask_scores,
    )
    .outerjoin(
        Submission,
        and_(
            Submission.user_id == RegistrationMember.user_id,
            Submission.problem_id.in_(bindparam("problem_ids", expanding=True)),
            Submission.created_at >= bindparam("opens", type_=DateTime()),
            Submission.created_at < bindparam("closes", type_=DateTime()),
            compute.judged(),
        ),
    )
    .where(RegistrationMember.registration_id == bindparam("registration_id"))
)
