"""A programming contest's read-mostly data kept between requests in each process: the contest's row, its problems
(with their boards, statements' images), its judging settings and its boards' theory tests, the same for every
contestant. At a contest's start, 10,000 contestants open the problem list, a problem, and submit: reading and
building those rows again for each of them was a fifth to a quarter of those requests' work.

What is kept is checked on every request against the contest's data version (``Contest.data_version``, drawn anew
in the transaction of every change: ``services.contests.data_versions``), read in the query that finds the user's
registration, which the request makes anyway: an organiser's edit is seen by the next request of every process,
and nothing but the database is asked.

The kept rows are detached from any session, shared by the process's requests and threads: they must only be read.
Everything they are read for is loaded with them; a page that changes the contest or its settings loads its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.orm import Load, Session, selectinload

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestProblem,
    Problem,
    ProgrammingSettings,
    Quiz,
    Registration,
    RegistrationMember,
    User,
)
from ..quizzes import sheets as quiz_sheets
from ..session_memo import remembered
from . import judging_settings, test_runs

KEPT = 64
"""Contests kept per process: a province's contests running at once."""


@dataclass(frozen=True)
class KeptContest:
    """A contest's data as it was at ``version``, detached: its row, its problems in order, its settings, its
    boards' theory tests."""

    version: int
    contest: Contest
    problems: tuple[ContestProblem, ...]
    settings: ProgrammingSettings
    quizzes: dict[int, Quiz]
    """The boards' theory tests, by board (category) id."""


_kept: OrderedDict[int, KeptContest] = OrderedDict()
_lock = Lock()  # gunicorn's gthread worker serves requests in threads

# Built once (its parameters bound when run), as services.programming.contestant's queries.
_VERSION_AND_REGISTRATION = (
    select(Contest.data_version, Registration, test_runs.MADE_ANY)
    .select_from(Contest)
    .outerjoin(  # at most one: a person enters a contest once
        RegistrationMember,
        and_(RegistrationMember.contest_id == Contest.id, RegistrationMember.user_id == bindparam("user_id")),
    )
    .outerjoin(Registration, Registration.id == RegistrationMember.registration_id)
    .where(Contest.id == bindparam("contest_id"))
    .options(Load(Registration).lazyload("*"))  # as contestant.registration_of: its relationships load when used
)
_READ = "version and registration"


def with_version_and_registration(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """``query`` (of rows of one user, ``users`` among its tables: the user loader's) with what ``contest_for`` reads
    first of the contest ``contest_id`` (a parameter) added to each row as its last three columns: the contest's
    data version (None when there is no such contest), the user's registration, whether they made test runs.
    Their rows are then given to ``note_read_with_user``."""
    return (
        query.add_columns(Contest.data_version, Registration, test_runs.MADE_ANY)
        .outerjoin(Contest, Contest.id == bindparam("contest_id"))
        .outerjoin(
            RegistrationMember,
            and_(RegistrationMember.contest_id == Contest.id, RegistrationMember.user_id == User.id),
        )
        .outerjoin(Registration, Registration.id == RegistrationMember.registration_id)
        .options(Load(Registration).lazyload("*"))
    )


def note_read_with_user(session: DbSession, contest_id: int, user_id: int, read: Sequence[Any]) -> None:
    """Give ``contest_for`` the last three columns of a row of ``with_version_and_registration``'s query, read in
    ``session``'s transaction: it asks no query of its own for them while the session has not written
    (``session_memo``)."""
    version, registration, made_test_runs = read
    row = None if version is None else (version, registration, made_test_runs)
    remembered(session, (_READ, contest_id, user_id), lambda: row)


_PROBLEMS = (
    select(ContestProblem)
    .where(ContestProblem.contest_id == bindparam("contest_id"))
    .options(selectinload(ContestProblem.problem).selectinload(Problem.images))
    .order_by(ContestProblem.position, ContestProblem.label)
)

_QUIZZES = select(Quiz).where(Quiz.contest_id == bindparam("contest_id"))


def contest_for(session: DbSession, contest_id: int, user: User) -> Contest | None:
    """The contest ``contest_id`` as kept (read again when its data version changed), or None when there is none.
    The session's request then finds the contest's problems, its settings, ``user``'s registration, their board's
    theory test and whether they made test runs read (``services.session_memo``): ``contestant``'s, ``test_runs``'
    and ``quiz_sheets.quiz_of_registration`` ask no more queries for them. One query in all while the kept data
    is current, none when the user loader read it with the user (``note_read_with_user``)."""
    row = remembered(
        session,
        (_READ, contest_id, user.id),
        lambda: session.execute(_VERSION_AND_REGISTRATION, {"contest_id": contest_id, "user_id": user.id}).first(),
    )
    if row is None:
        return None
    version, registration, made_test_runs = row
    with _lock:
        kept = _kept.get(contest_id)
    if kept is None or kept.version != version:
        kept = _load(session, contest_id, version)
        if kept is None:
            return None
        with _lock:
            _kept[contest_id] = kept
            _kept.move_to_end(contest_id)
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    remembered(session, ("contest problems", contest_id), lambda: list(kept.problems))
    remembered(session, ("programming settings", contest_id), lambda: kept.settings)
    remembered(session, ("registration", contest_id, user.id), lambda: registration)
    test_runs.note_made(session, contest_id, user.id, made_test_runs)
    if registration is not None and registration.category_id is not None:
        board = registration.category_id
        remembered(session, quiz_sheets.quiz_key(contest_id, board), lambda: kept.quizzes.get(board))
    return kept.contest


def _load(session: DbSession, contest_id: int, version: int) -> KeptContest | None:
    """The contest's data read anew, in the request's transaction but into a session of its own, closed before it
    is returned: the rows come out detached with everything that is read of them loaded. Kept under ``version``,
    read before them: should a change commit in between, the next request finds a newer version and reads again."""
    loader = Session(bind=session.connection(), expire_on_commit=False, autoflush=False)
    try:
        contest = loader.get(Contest, contest_id)  # its unit and proposal joined, its boards read: all of it
        if contest is None:
            return None
        problems = tuple(loader.scalars(_PROBLEMS, {"contest_id": contest_id}))
        settings = judging_settings.settings_for(loader, contest)
        quizzes = {quiz.category_id: quiz for quiz in loader.scalars(_QUIZZES, {"contest_id": contest_id})}
    finally:
        loader.close()
    return KeptContest(version, contest, problems, settings, quizzes)
