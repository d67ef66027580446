"""Importing a Themis contest folder into a programming contest: all of it, or, when anything is wrong, none of it
with every problem named."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from flask_babel import gettext as _
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
from ..judging_settings import settings_for
from .reading import FolderFile, Listing

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
class _Planned:
    user_id: int
    problem_id: int
    language: str
    source: str
    saved_at: datetime | None


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
    planned: list[_Planned] = []
    seen: dict[tuple[int, int], str] = {}
    for found in listing.files:
        matched = _match(found, contestants, tasks, languages, seen)
        if isinstance(matched, str):
            problems.append(matched)
        else:
            planned.append(matched)
    if not planned and not problems:
        problems.append(_("The folder holds no source files."))
    if problems:
        raise FolderRefused(_capped(problems))
    before = _imported_before(session, {(p.user_id, p.problem_id) for p in planned})
    fresh = [p for p in planned if (p.user_id, p.problem_id, p.language, p.source, p.saved_at) not in before]
    submissions = [
        Submission(
            problem_id=p.problem_id,
            user_id=p.user_id,
            language=p.language,
            source=p.source,
            status=SubmissionStatus.QUEUED,
            created_at=_counted_time(p.saved_at or now, contest),
            origin=ORIGIN,
            file_time=p.saved_at,
        )
        for p in fresh
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


def _match(
    found: FolderFile,
    contestants: dict[str, _Contestant],
    tasks: dict[str, tuple[ContestProblem, Problem]],
    languages: dict[str, str],
    seen: dict[tuple[int, int], str],
) -> _Planned | str:
    """What ``found`` becomes, or the problem with it (naming its path); ``seen`` records the (registration,
    problem) pairs given a source so far, and the path that gave it."""
    path = found.path
    contestant = contestants.get(found.folder.casefold())
    if contestant is None:
        return _("%(path)s: no registered contestant has the login %(login)s.", path=path, login=found.folder)
    stem, extension = PurePath(found.name).stem, PurePath(found.name).suffix.casefold()
    task = tasks.get(stem.casefold())
    if task is None:
        return _("%(path)s: the contest has no problem with the code %(code)s.", path=path, code=stem)
    row, problem = task
    if extension not in languages:
        return _(
            "%(path)s: %(ext)s is not the extension of a language this contest accepts.",
            path=path,
            ext=extension or "''",
        )
    if row.category_id is not None and row.category_id != contestant.category_id:
        return _("%(path)s: problem %(code)s is not set for this contestant's category.", path=path, code=problem.code)
    other = seen.setdefault((contestant.registration_id, problem.id), path)
    if other != path:
        return _(
            "%(path)s: a second source for problem %(code)s (the first is %(other)s).",
            path=path,
            code=problem.code,
            other=other,
        )
    try:
        source = grading.checked_source(found.data, languages[extension])
    except InvalidInput as error:
        return f"{path}: {error.message}"
    return _Planned(contestant.user_id, problem.id, languages[extension], source, found.saved_at)


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
    return [*problems[:MAX_LISTED], _("… and %(n)d more problems not listed.", n=hidden)]
