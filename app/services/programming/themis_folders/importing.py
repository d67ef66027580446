"""Importing a Themis contest folder into a programming contest: all of it, or, when anything is wrong, none of it
with every problem named."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from flask_babel import lazy_gettext as _l
from rq import Queue
from sqlalchemy import select

from sandbox.languages import LANGUAGES

from ....extensions import DbSession
from ....models import (
    Contest,
    ContestProblem,
    Problem,
    Registration,
    RegistrationMember,
    Submission,
    SubmissionStatus,
    User,
)
from ....timeutil import utcnow
from ...errors import InvalidInput
from ...records import audit
from .. import grading
from ..contestant import settings_for
from .reading import Listing

ORIGIN = "themis"
MAX_LISTED = 100
"""Past this many problems the rest are counted, not listed."""


class FolderRefused(InvalidInput):
    """The folder was not imported; ``problems`` names every reason (translated), in the order found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_l("The Themis folder was not imported: %(n)d problems were found.", n=len(problems)))
        self.problems = problems


@dataclass(frozen=True)
class _Contestant:
    user_id: int
    registration_id: int
    category_id: int | None


@dataclass(frozen=True)
class Imported:
    """What an import created (``submission_ids``, queued once committed) and how many files it left alone because
    they had been imported before (``unchanged``)."""

    submission_ids: list[int]
    unchanged: int


def import_listing(
    session: DbSession, actor_id: int | None, contest: Contest, listing: Listing, *, now: datetime | None = None
) -> Imported:
    """Create a queued submission for every file of ``listing`` (in the caller's transaction), or raise
    ``FolderRefused`` having written nothing. ``actor_id`` is the organiser the audit log names (None from the
    command line). Importing the same folder again changes nothing: a file already imported from a Themis folder
    (same contestant, problem, language, source and file time) is left alone.

    A file becomes a submission of the registered contestant whose login names its folder (case-insensitively; a
    team's folder is named by any of its members), to the contest's problem whose code is its stem, in the language
    its extension names. Its time is the file's, brought into the submission window (a lab's clock may be off, and
    a submission outside the window would never count); the file's own time is kept as ``file_time``.
    """
    now = now or utcnow()
    problems = list(listing.problems)
    contestants = _contestants(session, contest)
    tasks = _tasks(session, contest)
    languages = _languages(session, contest)
    planned: list[tuple[int, Problem, str, str, datetime | None]] = []
    seen: dict[tuple[int, int], str] = {}
    for found in listing.files:
        contestant = contestants.get(found.folder.casefold())
        stem, extension = PurePath(found.name).stem, PurePath(found.name).suffix.casefold()
        task = tasks.get(stem.casefold())
        if contestant is None:
            problems.append(
                str(
                    _l(
                        "%(path)s: no registered contestant has the login %(login)s.",
                        path=found.path,
                        login=found.folder,
                    )
                )
            )
            continue
        if task is None:
            problems.append(
                str(_l("%(path)s: the contest has no problem with the code %(code)s.", path=found.path, code=stem))
            )
            continue
        row, problem = task
        if extension not in languages:
            problems.append(
                str(
                    _l(
                        "%(path)s: %(ext)s is not the extension of a language this contest accepts.",
                        path=found.path,
                        ext=extension or "''",
                    )
                )
            )
            continue
        if row.category_id is not None and row.category_id != contestant.category_id:
            problems.append(
                str(
                    _l(
                        "%(path)s: problem %(code)s is not set for this contestant's category.",
                        path=found.path,
                        code=problem.code,
                    )
                )
            )
            continue
        other = seen.get((contestant.registration_id, problem.id))
        if other is not None:
            problems.append(
                str(
                    _l(
                        "%(path)s: a second source for problem %(code)s (the first is %(other)s).",
                        path=found.path,
                        code=problem.code,
                        other=other,
                    )
                )
            )
            continue
        seen[(contestant.registration_id, problem.id)] = found.path
        try:
            source = grading.checked_source(found.data, languages[extension])
        except InvalidInput as error:
            problems.append(f"{found.path}: {error.message}")
            continue
        planned.append((contestant.user_id, problem, languages[extension], source, found.saved_at))
    if not planned and not problems:
        problems.append(str(_l("The folder holds no source files.")))
    if problems:
        raise FolderRefused(_capped(problems))
    before = _imported_before(session, {(user_id, problem.id) for user_id, problem, *_rest in planned})
    fresh = [p for p in planned if (p[0], p[1].id, p[2], p[3], p[4]) not in before]
    submissions = [
        Submission(
            problem_id=problem.id,
            user_id=user_id,
            language=language,
            source=source,
            status=SubmissionStatus.QUEUED,
            created_at=_counted_time(saved_at or now, contest),
            origin=ORIGIN,
            file_time=saved_at,
        )
        for user_id, problem, language, source, saved_at in fresh
    ]
    session.add_all(submissions)
    session.flush()
    audit.record(
        session,
        "programming.themis_import",
        actor_id=actor_id,
        object_type="contest",
        object_id=contest.id,
        data={
            "submissions": len(submissions),
            "contestants": len({s.user_id for s in submissions}),
            "unchanged": len(planned) - len(fresh),
        },
    )
    return Imported([s.id for s in submissions], len(planned) - len(fresh))


def queue_imported(queue: Queue, submission_ids: Iterable[int]) -> int:
    """Queue the committed submissions of an import for judging; those Redis cannot take now stay queued in the
    database for the reconciler. The number queued now."""
    return sum(grading.enqueue_or_leave_to_reconciler(queue, i) for i in submission_ids)


def _imported_before(
    session: DbSession, cells: set[tuple[int, int]]
) -> set[tuple[int | None, int, str, str, datetime | None]]:
    """The Themis imports already stored for these (user, problem) pairs."""
    if not cells:
        return set()
    users, problems = {u for u, _p in cells}, {p for _u, p in cells}
    return {
        (row.user_id, row.problem_id, row.language, row.source, row.file_time)
        for row in session.execute(
            select(
                Submission.user_id, Submission.problem_id, Submission.language, Submission.source, Submission.file_time
            ).where(Submission.origin == ORIGIN, Submission.user_id.in_(users), Submission.problem_id.in_(problems))
        )
    }


def _contestants(session: DbSession, contest: Contest) -> dict[str, _Contestant]:
    """Every member of the contest's registrations by login, folded."""
    return {
        username.casefold(): _Contestant(user_id, registration_id, category_id)
        for username, user_id, registration_id, category_id in session.execute(
            select(User.username, User.id, Registration.id, Registration.category_id)
            .join(RegistrationMember, RegistrationMember.user_id == User.id)
            .join(Registration, Registration.id == RegistrationMember.registration_id)
            .where(Registration.contest_id == contest.id)
        )
    }


def _tasks(session: DbSession, contest: Contest) -> dict[str, tuple[ContestProblem, Problem]]:
    """The contest's problems by code, folded."""
    rows = session.scalars(select(ContestProblem).where(ContestProblem.contest_id == contest.id)).all()
    return {row.problem.code.casefold(): (row, row.problem) for row in rows}


def _languages(session: DbSession, contest: Contest) -> dict[str, str]:
    """The language of each extension, among the languages the contest accepts."""
    accepted = settings_for(session, contest).languages.split(",")
    return {ext: key for key in accepted if key in LANGUAGES for ext in LANGUAGES[key].extensions}


def _counted_time(at: datetime, contest: Contest) -> datetime:
    return min(max(at, contest.submission_opens), contest.submission_closes - timedelta(seconds=1))


def _capped(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_LISTED:
        return problems
    hidden = len(problems) - MAX_LISTED
    return [*problems[:MAX_LISTED], str(_l("… and %(n)d more problems not listed.", n=hidden))]
