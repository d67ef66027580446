"""Announcements to everyone in a programming contest, and clarifications: a contestant's question, answered
to them alone or to everyone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...extensions import DbSession
from ...models import Announcement, Clarification, Contest, ContestProblem, User
from ...policies.contests import is_staff
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..proposals import published_texts
from ..records import audit
from .contestant import registration_of

MAX_TEXT = 4000


def _text(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(_l("Write something first."), field)
    if len(value) > MAX_TEXT:
        raise InvalidInput(_l("At most %(n)d characters.", n=MAX_TEXT), field)
    return value


def announcements_for(session: DbSession, contest: Contest) -> list[Announcement]:
    """The contest's announcements, newest first (the caller checks ``policies.programming.may_follow``)."""
    return list(
        session.scalars(
            select(Announcement).where(Announcement.contest_id == contest.id).order_by(Announcement.id.desc())
        )
    )


def announce(session: DbSession, actor: User, contest: Contest, body: str) -> Announcement:
    """Post an announcement to everyone in the contest (staff only); InvalidInput, nothing posted, for a text
    Section 8 holds for the Sở (``proposals.published_texts``)."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    body = _text(body, "body")
    published_texts.check(session, contest, [("body", body)], _l("The announcement"), by=actor)
    announcement = Announcement(contest_id=contest.id, body=body, author_id=actor.id)
    session.add(announcement)
    session.flush()
    audit.record(session, "announcement.post", actor_id=actor.id, object_type="contest", object_id=contest.id)
    return announcement


def clarifications_for(session: DbSession, contest: Contest, user: User) -> list[Clarification]:
    """The clarifications ``user`` may read, newest first: their own questions and the public answers; every
    one for staff."""
    query = select(Clarification).where(Clarification.contest_id == contest.id)
    if not is_staff(user, contest):
        query = query.where(
            or_(Clarification.asker_id == user.id, Clarification.public.is_(True) & Clarification.answer.is_not(None))
        )
    return list(session.scalars(query.order_by(Clarification.id.desc())))


def ask(
    session: DbSession, contest: Contest, user: User, question: str, problem_id: int | None = None
) -> Clarification:
    """A registered contestant's question, about the contest or one of its problems."""
    if registration_of(session, contest, user) is None:
        raise NotAllowed()
    if problem_id is not None:
        known = session.scalar(
            select(ContestProblem.id).where(
                ContestProblem.contest_id == contest.id, ContestProblem.problem_id == problem_id
            )
        )
        if known is None:
            raise InvalidInput(_l("Choose one of the contest's problems."), "problem")
    clarification = Clarification(
        contest_id=contest.id, problem_id=problem_id, asker_id=user.id, question=_text(question, "question")
    )
    session.add(clarification)
    session.flush()
    return clarification


def answer(
    session: DbSession, actor: User, contest: Contest, clarification_id: int, text: str, public: bool
) -> Clarification:
    """Answer (or change the answer to) a question, to its asker only or (``public``) to everyone; InvalidInput,
    nothing sent, for a text Section 8 holds for the Sở (``proposals.published_texts``: an answer about a problem
    is read as the problem's exercise, whose story may name a company; the question, made public, as an exercise
    too, since what a contestant asks about a tool or a story is no advert)."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    clarification = session.get(Clarification, clarification_id)
    if clarification is None or clarification.contest_id != contest.id:
        raise NotAllowed()
    text = _text(text, "answer")
    published_texts.check(
        session,
        contest,
        [("answer", text)],
        _l("The answer"),
        by=actor,
        exercise=clarification.problem_id is not None,
    )
    if public:  # everyone reads the contestant's question then: what of it speaks of the contest is screened
        what = _l("The question, made public with its answer")
        published_texts.check(session, contest, [("answer", clarification.question)], what, by=actor, exercise=True)
    clarification.answer = text
    clarification.public = public
    clarification.answered_by_id = actor.id
    clarification.answered_at = utcnow()
    audit.record(
        session,
        "clarification.answer",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"clarification": clarification.id, "public": public},
    )
    return clarification
