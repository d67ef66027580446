"""Texts a contest published before the published-text screening existed (6 Dec 2026), or before the Sở's brand
list or the screener last changed, screened again as ``published_texts`` screens a new one: announcements, answers
(and the questions made public with them), problem titles and statements (written in hoithi, or the package's:
Markdown, HTML, a PDF's pages), theory questions, team names and the round outside hoithi that nominees are sent to.

A text that raises a flag its contest's proposal does not carry is kept for the Sở's reviewers
(``refused_attempts``, kind PUBLISHED_BEFORE, naming the text's row and its author where known), once for each
text as it reads: re-screening again adds nothing for a text already kept, unless it changed. Nothing published is
changed or hidden: what becomes of it is the Sở's to decide, and the organisers' to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import (
    Announcement,
    AttemptKind,
    Clarification,
    Contest,
    Problem,
    Question,
    Registration,
    Role,
    RoundLink,
    Section8Attempt,
    User,
)
from ...storage import ContentStore
from ..contests.round_links import outside_round_words
from ..errors import NotAllowed
from ..programming.problem_screening import statement_words
from ..quizzes.bank import as_one_text
from ..records import audit
from . import published_texts, refused_attempts


@dataclass(frozen=True)
class Published:
    """A text ``contest`` publishes: what it is (a lazy string), its row, its words, its author (None where not
    kept) and whether it is an exercise's (``published_texts.new_flags``)."""

    what: Any
    object_type: str
    object_id: int
    text: str
    author_id: int | None = None
    exercise: bool = False


@dataclass
class Report:
    """What one re-screening did: texts read, texts newly kept for the Sở, texts kept before and still failing."""

    contests: int = 0
    texts: int = 0
    kept: list[Section8Attempt] = field(default_factory=list)
    kept_before: int = 0


def _problem_texts(problem: Problem, store: ContentStore | None) -> Iterator[Published]:
    yield Published(_l("The problem's title"), "problem", problem.id, problem.title)
    if problem.has_edited_statement:
        for words in (problem.statement_vi, problem.statement_en):
            if words:
                yield Published(_l("The statement"), "problem", problem.id, words, exercise=True)
        return
    statement: tuple[str, bytes] | None = None
    if problem.statement_kind in ("md", "html") and problem.statement_text:
        statement = (problem.statement_kind, problem.statement_text.encode("utf-8"))
    elif problem.statement_kind == "pdf" and problem.statement_hash and store is not None:
        statement = ("pdf", store.verify(problem.statement_hash).read_bytes())
    if statement is not None:
        words = statement_words(statement)
        yield Published(_l("The package's statement"), "problem", problem.id, words, exercise=True)


def published(session: DbSession, contest: Contest, store: ContentStore | None = None) -> Iterator[Published]:
    """Every text ``contest`` publishes that ``published_texts`` screens (see the module's docstring); a PDF
    statement only with ``store``."""
    for note in session.scalars(select(Announcement).where(Announcement.contest_id == contest.id)):
        yield Published(_l("The announcement"), "announcement", note.id, note.body, note.author_id)
    for asked in session.scalars(select(Clarification).where(Clarification.contest_id == contest.id)):
        if asked.answer:
            about_a_problem = asked.problem_id is not None
            yield Published(
                _l("The answer"), "clarification", asked.id, asked.answer, asked.answered_by_id, about_a_problem
            )
        if asked.answer and asked.public:
            what = _l("The question, made public with its answer")
            yield Published(what, "clarification", asked.id, asked.question, asked.answered_by_id, True)
    for problem in session.scalars(select(Problem).where(Problem.contest_id == contest.id)):
        yield from _problem_texts(problem, store)
    for question in session.scalars(select(Question).where(Question.contest_id == contest.id)):
        words = as_one_text(question.topic, question.text, list(question.options))
        yield Published(_l("The question"), "quiz_question", question.id, words, exercise=True)
    for team in session.scalars(
        select(Registration).where(Registration.contest_id == contest.id, Registration.team_name.is_not(None))
    ):
        yield Published(_l("The team's name"), "registration", team.id, team.team_name or "", team.registered_by_id)
    link = session.get(RoundLink, contest.id)
    if link is not None and link.outside_name:
        words = outside_round_words(link.outside_name, link.outside_organiser)
        yield Published(_l("The round outside hoithi"), "round_link", contest.id, words, link.set_by_id)


def _kept_before(session: DbSession, text: Published) -> bool:
    """Whether this text, as it reads now, was kept for the Sở by an earlier re-screening."""
    return (
        session.scalar(
            select(Section8Attempt.id)
            .where(
                Section8Attempt.kind == AttemptKind.PUBLISHED_BEFORE,
                Section8Attempt.object_type == text.object_type,
                Section8Attempt.object_id == text.object_id,
                Section8Attempt.text == text.text[: refused_attempts.TEXT_KEPT],
            )
            .limit(1)
        )
        is not None
    )


def rescreen_contest(
    session: DbSession, contest: Contest, store: ContentStore | None, report: Report, by: int | None
) -> None:
    """Re-screen ``contest``'s published texts into ``report``, keeping each that now fails for the Sở in the
    caller's transaction, its audit entry done by the user ``by`` (None: the system)."""
    report.contests += 1
    for text in published(session, contest, store):
        if not text.text.strip():
            continue
        report.texts += 1
        flags = published_texts.new_flags(session, contest, text.text, exercise=text.exercise)
        if not flags:
            continue
        if _kept_before(session, text):
            report.kept_before += 1
            continue
        attempt = refused_attempts.Attempt(
            AttemptKind.PUBLISHED_BEFORE,
            contest.id,
            contest.title,
            text.author_id,
            text.what,
            text=text.text,
            found=[published_texts.stored(flag) for flag in flags],
            object_type=text.object_type,
            object_id=text.object_id,
        )
        report.kept.append(refused_attempts.write(session, attempt, audited_as=by))


def rescreen(
    session: DbSession,
    actor: User | None,
    contest_ids: Sequence[int] | None = None,
    store: ContentStore | None = None,
) -> Report:
    """Re-screen the published texts of the contests ``contest_ids`` (every contest when None), keeping each that
    now fails for the Sở (see the module's docstring), in the caller's transaction; audited as done by ``actor`` (a
    Sở reviewer; None: the command line). Changes nothing published. The reviewers' page runs it as a worker's job
    instead (``rescreen_runs``), contest by contest."""
    if actor is not None and not actor.has_role(Role.REVIEWER):
        raise NotAllowed()
    query = select(Contest).order_by(Contest.id)
    if contest_ids is not None:
        query = query.where(Contest.id.in_(contest_ids))
    report = Report()
    by = actor.id if actor is not None else None
    for contest in session.scalars(query):
        rescreen_contest(session, contest, store, report, by)
    audit.record(
        session,
        "section8.rescreen",
        actor_id=by,
        object_type="contest",
        object_id=None,
        data={"contests": report.contests, "texts": report.texts, "kept": [a.id for a in report.kept]},
    )
    return report
