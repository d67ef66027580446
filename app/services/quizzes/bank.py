"""A contest's question bank: checking a question, adding, changing and removing one, and its image.

A question has a topic, a difficulty (1 easy, 2 medium, 3 hard), Markdown text with formulas, 2 to
``MAX_OPTIONS`` options and at least one correct option; a single-answer question has exactly one. A question that
some pupil's sheet holds can be corrected (a typo) but not removed, so that every sheet can still be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from submissions.media import HEAD, sniff
from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import Answer, Contest, Question, User
from ...visible_text import trimmed
from ..errors import InvalidInput
from ..proposals import published_texts
from ..proposals.attachments import store_checked
from ..records import audit
from . import scoring

MIN_OPTIONS = 2
MAX_OPTIONS = 6
MAX_TEXT = 5000
MAX_OPTION_TEXT = 1000
MAX_TOPIC = 80
MAX_POINTS = 100.0
MAX_IMAGE_MB = 2
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
DIFFICULTIES = (1, 2, 3)
DIFFICULTY_LABELS = {1: _l("Easy"), 2: _l("Medium"), 3: _l("Hard")}
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class QuestionSpec:
    """What an organiser typed or a sheet row holds: options as texts (empty ones dropped from the end), the
    correct ones by index."""

    topic: str
    difficulty: int
    text: str
    options: list[str]
    correct: list[int]
    multiple: bool
    points: float = 1.0


def check(spec: QuestionSpec) -> QuestionSpec:
    """The spec with its texts trimmed, or InvalidInput naming the first problem (a field name where one fits)."""
    # a cell pasted from a web page may hold only zero-width spaces: such a text or option is none
    topic, text = trimmed(spec.topic), trimmed(spec.text.replace("\r\n", "\n"))
    options = [trimmed(o.replace("\r\n", "\n")) for o in spec.options]
    while options and not options[-1]:
        options.pop()
    if not topic or len(topic) > MAX_TOPIC:
        raise InvalidInput(_l("A topic is 1 to %(n)d characters.", n=MAX_TOPIC), "topic")
    if spec.difficulty not in DIFFICULTIES:
        raise InvalidInput(_l("The difficulty is 1 (easy), 2 (medium) or 3 (hard)."), "difficulty")
    if not text or len(text) > MAX_TEXT:
        raise InvalidInput(_l("A question's text is 1 to %(n)d characters.", n=MAX_TEXT), "text")
    if len(options) < MIN_OPTIONS or len(options) > MAX_OPTIONS:
        raise InvalidInput(
            _l("A question has %(low)d to %(high)d options.", low=MIN_OPTIONS, high=MAX_OPTIONS), "options"
        )
    if any(not o for o in options):
        raise InvalidInput(_l("An option is empty: options are filled in order, without gaps."), "options")
    if any(len(o) > MAX_OPTION_TEXT for o in options):
        raise InvalidInput(_l("An option is at most %(n)d characters.", n=MAX_OPTION_TEXT), "options")
    correct = sorted(set(spec.correct))
    if not correct:
        raise InvalidInput(_l("The question has no correct answer."), "correct")
    if any(not 0 <= i < len(options) for i in correct):
        raise InvalidInput(_l("A correct answer names an option the question does not have."), "correct")
    if not spec.multiple and len(correct) > 1:
        raise InvalidInput(_l("A single-answer question has exactly one correct answer."), "correct")
    if not 0 < spec.points <= MAX_POINTS:
        raise InvalidInput(_l("A question is worth more than 0 and at most %(n)g points.", n=MAX_POINTS), "points")
    return QuestionSpec(topic, spec.difficulty, text, options, correct, spec.multiple, float(spec.points))


def as_one_text(topic: str, text: str, options: list[str]) -> str:
    """A question's topic, text and options as the one exercise Section 8 screens, each its own paragraph."""
    return "\n\n".join([topic, text, *options])


def screen(session: DbSession, actor: User, contest: Contest, spec: QuestionSpec) -> None:
    """InvalidInput (field "text") when the question, its topic, text and options read as one exercise, holds what
    Section 8 keeps for the Sở (``proposals.published_texts``): pupils read it, after the proposal's approval."""
    whole = as_one_text(spec.topic, spec.text, spec.options)
    published_texts.check(session, contest, [("text", whole)], _l("The question"), by=actor, exercise=True)


def _fill(question: Question, spec: QuestionSpec) -> None:
    question.topic, question.difficulty, question.text = spec.topic, spec.difficulty, spec.text
    question.options, question.correct = list(spec.options), list(spec.correct)
    question.multiple, question.points = spec.multiple, spec.points


def questions(session: DbSession, contest: Contest) -> list[Question]:
    """The contest's bank by topic, difficulty and order of entry."""
    return list(
        session.scalars(
            select(Question)
            .where(Question.contest_id == contest.id)
            .order_by(Question.topic, Question.difficulty, Question.id)
        )
    )


def question_of(session: DbSession, contest: Contest, question_id: int) -> Question:
    """The question ``question_id`` of the contest's bank; LookupError if there is none."""
    question = session.get(Question, question_id)
    if question is None or question.contest_id != contest.id:
        raise LookupError(question_id)
    return question


def add(session: DbSession, actor: User, contest: Contest, spec: QuestionSpec) -> Question:
    """A new question in the bank (InvalidInput, nothing added, when ``spec`` does not pass ``check`` or
    ``screen``)."""
    spec = check(spec)
    screen(session, actor, contest, spec)
    question = Question(contest_id=contest.id)
    _fill(question, spec)
    session.add(question)
    session.flush()
    audit.record(
        session,
        "quiz.question.add",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"question": question.id},
    )
    return question


def change(session: DbSession, actor: User, contest: Contest, question: Question, spec: QuestionSpec) -> None:
    """Correct a question (InvalidInput, nothing changed, when ``spec`` does not pass ``check`` or ``screen``); the
    closed sheets that hold it are scored again."""
    spec = check(spec)
    screen(session, actor, contest, spec)
    _fill(question, spec)
    session.flush()
    scoring.rescore(session, question)
    audit.record(
        session,
        "quiz.question.change",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"question": question.id},
    )


def in_use(session: DbSession, question: Question) -> bool:
    """Whether a pupil has answered the question (its sheets then keep it)."""
    return bool(session.scalar(select(func.count()).select_from(Answer).where(Answer.question_id == question.id)))


def remove(session: DbSession, actor: User, contest: Contest, question: Question, drawn: set[int]) -> None:
    """Remove a question no sheet holds (``drawn``: the ids on sheets); InvalidInput otherwise."""
    if question.id in drawn or in_use(session, question):
        raise InvalidInput(_l("This question is on pupils' sheets: correct it instead of removing it."))
    session.delete(question)
    session.flush()
    audit.record(
        session,
        "quiz.question.remove",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"question": question.id},
    )


def attach_image(
    session: DbSession, store: ContentStore, actor: User, contest: Contest, question: Question, stream: IO[bytes]
) -> None:
    """Show the image read from ``stream`` with the question (replacing any). InvalidInput on ``image``, nothing
    changed, for a file that is not a PNG, JPEG, GIF or WebP image by its content or is over ``MAX_IMAGE_MB``."""
    wrong = _l("The file is not a PNG, JPEG, GIF or WebP image.")
    digest = store_checked(stream, store, frozenset(IMAGE_TYPES), wrong, "image", max_mb=MAX_IMAGE_MB)
    with store.path(digest).open("rb") as f:
        question.image_format = sniff(f.read(HEAD))
    question.image_hash = digest
    _record_image(session, actor, contest, question)


def remove_image(session: DbSession, actor: User, contest: Contest, question: Question) -> None:
    question.image_hash = question.image_format = None
    _record_image(session, actor, contest, question)


def _record_image(session: DbSession, actor: User, contest: Contest, question: Question) -> None:
    """Audit the question's image as it now is (its hash, or None when removed)."""
    audit.record(
        session,
        "quiz.question.image",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"question": question.id, "hash": question.image_hash},
    )
