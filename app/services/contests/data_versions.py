"""A contest's data version (``Contest.data_version``): drawn anew, at random, in the same transaction as every
change to what the contestants' pages read of the contest and that is the same for all of them: the contest's row,
its boards, its problems (their packages, statements, images), which problems it sets, its judging settings and
its boards' theory tests, and its proposal (whose approval decides who may see the contest: ``may_see``).

A process that keeps that data between requests (``services.programming.kept_contests``) reads the version in a
query the request makes anyway, and uses what it keeps only when the versions are equal: an organiser's edit is
seen by the very next request of every process on every host, committed or not at the same instant as the
version, with nothing outside the database to fail or to forget. Random rather than counted: a contest deleted and
made again under the same id (a database restored, a test's emptied) never finds its old version again.

The version is changed by a session hook on every flush that adds, changes or deletes one of those rows through the
ORM (``session.add``, attribute changes, ``session.delete``). A bulk ``update()``/``delete()`` or raw SQL on those
tables passes the hook by: it must call ``new_versions`` itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session

from ...models import Category, Contest, ContestProblem, Problem, ProblemImage, ProgrammingSettings, Proposal, Quiz

_BY_CONTEST = (Category, ContestProblem, ProgrammingSettings, Quiz)
"""Rows that name their contest (``contest_id``)."""
_PENDING = "hoithi.data-versions.pending"
"""Contests found in ``before_flush`` (those of problems about to be deleted), given new versions in ``after_flush``."""


def new_versions(
    session: Session,
    contest_ids: Iterable[int] = (),
    problem_ids: Iterable[int] = (),
    proposal_ids: Iterable[int] = (),
) -> None:
    """Give a new data version to the contests ``contest_ids``, to the contests setting (or owning) the problems
    ``problem_ids`` and to those of the proposals ``proposal_ids``, in the session's transaction."""
    contests, problems, proposals = set(contest_ids), set(problem_ids), set(proposal_ids)
    if not contests and not problems and not proposals:
        return
    setting = select(ContestProblem.contest_id).where(ContestProblem.problem_id.in_(problems))
    owning = select(Problem.contest_id).where(Problem.id.in_(problems))
    statement = (
        update(Contest)
        .where(
            or_(
                Contest.id.in_(contests),
                Contest.id.in_(setting),
                Contest.id.in_(owning),
                Contest.proposal_id.in_(proposals),
            )
        )
        .values(data_version=secrets.randbits(62))
    )
    session.connection().execute(statement)  # on the connection: no ORM bookkeeping, no flush inside a flush


def _ids_of(row: object, attribute: str) -> set[int]:
    """The row's ``attribute`` (an id) now and, when it was changed, before."""
    history = inspect(row).attrs[attribute].history
    found = {value for value in (*history.unchanged, *history.added, *history.deleted) if isinstance(value, int)}
    value = getattr(row, attribute, None)
    return found | ({value} if isinstance(value, int) else set())


def _changed_rows(session: Session) -> Iterable[object]:
    yield from session.new
    yield from (row for row in session.dirty if session.is_modified(row))
    yield from session.deleted


def _before_flush(session: Session, *args: Any) -> None:
    """The contests of problems (or their images) about to be deleted: after the flush, the rows that name them
    may be gone."""
    problems = {row.id for row in session.deleted if isinstance(row, Problem)}
    problems |= {row.problem_id for row in session.deleted if isinstance(row, ProblemImage)}
    if problems:
        query = select(ContestProblem.contest_id).where(ContestProblem.problem_id.in_(problems))
        contests = set(session.connection().scalars(query))
        contests |= {row.contest_id for row in session.deleted if isinstance(row, Problem) and row.contest_id}
        session.info.setdefault(_PENDING, set()).update(contests)


def _after_flush(session: Session, *args: Any) -> None:
    contests: set[int] = session.info.pop(_PENDING, set())
    problems: set[int] = set()
    proposals: set[int] = set()
    for row in _changed_rows(session):
        if isinstance(row, Contest):
            contests.add(row.id)
        elif isinstance(row, _BY_CONTEST):
            contests |= _ids_of(row, "contest_id")
        elif isinstance(row, Problem):
            problems.add(row.id)
            contests |= _ids_of(row, "contest_id")
        elif isinstance(row, ProblemImage):
            problems |= _ids_of(row, "problem_id")
        elif isinstance(row, Proposal):
            proposals.add(row.id)
    new_versions(session, contests, problems, proposals)


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "after_flush", _after_flush)
