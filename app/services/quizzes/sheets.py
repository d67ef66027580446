"""Pupils' sheets: starting a test (drawing and shuffling its questions), saving answers as they are ticked,
submitting, and closing sheets whose time is over.

- A pupil registered in the test's board starts it once, while it is open; the sheet then fixes their questions
  (per the test's plan, drawn at random), the order of the questions and of each question's options. The draw
  is seeded by the test and the pupil, so drawing again would give the same sheet; it is stored anyway, so that
  a later change of the bank never changes a sheet.
- The end time is the server's: the start plus the test's length, and never later than the test's close. Answers
  are taken until then plus ``GRACE_SECONDS`` (a click sent in the last second still counts); after that an
  answer is refused with a message and changes nothing.
- A disqualified pupil (``programming.disqualification``: the combined result leaves them out) starts no sheet
  and saves no more answers; they are told why, as on the problems page.
- A sheet is closed and scored when the pupil submits it, or once its time (and the grace) is over: when anyone
  reads it (``close_if_due``) or by the worker's sweep (``close_due``), whichever comes first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import DbSession
from ...models import Answer, Contest, Question, Quiz, Registration, Sheet, User
from ...timeutil import utcnow
from ..errors import InvalidInput
from ..programming import disqualification
from ..programming.contestant import registration_of
from ..session_memo import remembered
from .quiz_settings import plan_of, quiz_for, refuse_teams
from .scoring import item_ids, score_sheet

GRACE_SECONDS = 15


def quiz_of_pupil(session: DbSession, contest: Contest, user: User) -> Quiz | None:
    """The test of the board the user is registered in, if that board has one."""
    return quiz_of_registration(session, contest, registration_of(session, contest, user))


def quiz_of_registration(session: DbSession, contest: Contest, registration: Registration | None) -> Quiz | None:
    """The test of the registration's board, if it has one (None for no registration); once per request
    (``session_memo``: ``services.programming.kept_contests`` tells it at a contest's start)."""
    if registration is None or registration.category_id is None:
        return None
    category_id = registration.category_id
    return remembered(session, quiz_key(contest.id, category_id), lambda: quiz_for(session, contest, category_id))


def quiz_key(contest_id: int, category_id: int) -> tuple[str, int, int]:
    """Where ``quiz_of_registration`` finds the board's test in the request's ``session_memo``."""
    return ("board quiz", contest_id, category_id)


def sheet_of(session: DbSession, quiz: Quiz, user: User, now: datetime | None = None) -> Sheet | None:
    """The user's sheet of ``quiz``, closed first if its time is over."""
    sheet = session.scalars(select(Sheet).where(Sheet.quiz_id == quiz.id, Sheet.user_id == user.id)).first()
    if sheet is not None:
        close_if_due(session, sheet, now)
    return sheet


def draw(quiz: Quiz, user_id: int, bank: list[Question]) -> list[dict[str, object]]:
    """The items of the pupil's sheet: for each line of the plan, that many questions drawn from the bank's of
    that topic and difficulty; then all of them, and each one's options, shuffled. The same test, pupil and bank
    give the same items."""
    rng = random.Random(f"quiz:{quiz.id}:pupil:{user_id}")
    picked: list[Question] = []
    for line in plan_of(quiz):
        pool = sorted(
            (q for q in bank if q.topic == line.topic and q.difficulty == line.difficulty), key=lambda q: q.id
        )
        if len(pool) < line.count:
            raise InvalidInput(
                _l("The test is not ready: its question bank is short of questions. Tell the organisers.")
            )
        picked.extend(rng.sample(pool, line.count))
    rng.shuffle(picked)
    return [{"q": q.id, "o": rng.sample(range(len(q.options)), len(q.options))} for q in picked]


def start(session: DbSession, contest: Contest, quiz: Quiz, user: User, now: datetime | None = None) -> Sheet:
    """The user's sheet, drawn now if they have none (see the module's docstring). InvalidInput for a user not
    registered in the test's board, a disqualified one (the problems page's message), or a test not open."""
    now = now or utcnow()
    existing = sheet_of(session, quiz, user, now)
    if existing is not None:
        return existing
    refuse_teams(contest)
    registration = registration_of(session, contest, user)
    if registration is None or registration.category_id != quiz.category_id:
        raise InvalidInput(_l("Only pupils registered in this board take its test."))
    if (disqualified := disqualification.refusal(registration)) is not None:
        raise InvalidInput(disqualified)
    if now < quiz.opens_at:
        raise InvalidInput(_l("The test has not opened yet."))
    if now >= quiz.closes_at:
        raise InvalidInput(_l("The test is closed."))
    topics = {line.topic for line in plan_of(quiz)}
    bank = list(session.scalars(select(Question).where(Question.contest_id == contest.id, Question.topic.in_(topics))))
    items = draw(quiz, user.id, bank)
    by_id = {q.id: q for q in bank}
    sheet = Sheet(
        quiz_id=quiz.id,
        user_id=user.id,
        registration_id=registration.id,
        items=items,
        started_at=now,
        ends_at=min(now + timedelta(minutes=quiz.duration_minutes), quiz.closes_at),
        max_score=sum(by_id[int(str(i["q"]))].points for i in items),
    )
    session.add(sheet)
    session.flush()
    return sheet


def key_shown(quiz: Quiz, now: datetime | None = None) -> bool:
    """Whether pupils may see the right answers on their printed sheet: once the test has closed for everyone,
    the grace included (a sheet ends by the test's close, and takes answers for ``GRACE_SECONDS`` more)."""
    return (now or utcnow()) >= quiz.closes_at + timedelta(seconds=GRACE_SECONDS)


def accepts_answers(sheet: Sheet, now: datetime | None = None) -> bool:
    return sheet.closed_at is None and (now or utcnow()) <= sheet.ends_at + timedelta(seconds=GRACE_SECONDS)


def _lock(session: DbSession, sheet: Sheet, *, shared: bool = False) -> None:
    """Read the sheet (and its answers) again, its row locked until the transaction ends: shared by answers (tabs
    answering at once do not wait for one another), exclusive for closing. A hand-in and an answer sent from two
    tabs at once then happen one after the other, so an answer is never kept on a sheet closed (and scored)
    without it."""
    session.execute(select(Sheet.id).where(Sheet.id == sheet.id).with_for_update(read=shared))
    session.refresh(sheet)


def save_answer(
    session: DbSession, sheet: Sheet, question_id: int, chosen: list[int], now: datetime | None = None
) -> Answer:
    """Keep ``chosen`` (option indexes as stored; none: the answer is cleared) as the answer to the sheet's
    question ``question_id``. InvalidInput, nothing changed, once the sheet takes no more answers, for a pupil
    disqualified since they started, for a question
    not on the sheet, an option the question does not have, or several options on a single-answer question (the
    caller, rolling back, then closes a sheet whose time is over: ``close_if_due``)."""
    now = now or utcnow()
    _lock(session, sheet, shared=True)
    if not accepts_answers(sheet, now):
        raise InvalidInput(_l("The time is over: the sheet is closed and this answer was not saved."))
    if (disqualified := disqualification.refusal(session.get(Registration, sheet.registration_id))) is not None:
        raise InvalidInput(disqualified)
    if question_id not in item_ids(sheet):
        raise InvalidInput(_l("This question is not on your sheet."))
    question = session.get(Question, question_id)
    assert question is not None  # a sheet's questions are never removed (bank.remove)
    picked = sorted(set(chosen))
    if any(not 0 <= i < len(question.options) for i in picked):
        raise InvalidInput(_l("This option is not one of the question's."))
    if not question.multiple and len(picked) > 1:
        raise InvalidInput(_l("This question takes one answer."))
    for _attempt in range(2):  # a concurrent first answer (another tab) may insert the row first: then update it
        answer = session.scalars(
            select(Answer).where(Answer.sheet_id == sheet.id, Answer.question_id == question_id)
        ).first()
        if answer is not None:
            answer.chosen, answer.saved_at = picked, now
            session.flush()
            return answer
        try:
            with session.begin_nested():
                answer = Answer(sheet_id=sheet.id, question_id=question_id, chosen=picked, saved_at=now)
                session.add(answer)
        except IntegrityError:
            continue
        session.expire(sheet, ["answers"])
        return answer
    raise RuntimeError(f"the answer to question {question_id} of sheet {sheet.id} could not be saved")


def _close(session: DbSession, sheet: Sheet, now: datetime, *, submitted: bool) -> None:
    sheet.closed_at, sheet.submitted = now, submitted
    score_sheet(session, sheet, sheet.quiz)
    session.flush()


def submit(session: DbSession, sheet: Sheet, now: datetime | None = None) -> None:
    """The pupil hands the sheet in: closed and scored (a sheet already closed stays as it is)."""
    now = now or utcnow()
    if sheet.closed_at is None:
        _lock(session, sheet)
    if sheet.closed_at is None:
        _close(session, sheet, min(now, sheet.ends_at + timedelta(seconds=GRACE_SECONDS)), submitted=True)


def close_if_due(session: DbSession, sheet: Sheet, now: datetime | None = None) -> bool:
    """Close and score the sheet if its time and the grace are over; whether it was closed now."""
    now = now or utcnow()
    if sheet.closed_at is not None or accepts_answers(sheet, now):
        return False
    _lock(session, sheet)
    if sheet.closed_at is not None:
        return False
    _close(session, sheet, sheet.ends_at, submitted=False)
    return True


def close_due(session: DbSession, now: datetime | None = None) -> int:
    """Close and score every sheet whose time and grace are over (the worker's sweep); how many. The caller
    commits."""
    now = now or utcnow()
    due = session.scalars(
        select(Sheet)
        .where(Sheet.closed_at.is_(None), Sheet.ends_at < now - timedelta(seconds=GRACE_SECONDS))
        .with_for_update(skip_locked=True, of=Sheet)
    )
    return sum(1 for sheet in due if close_if_due(session, sheet, now))


@dataclass(frozen=True)
class Item:
    """A question as the pupil sees it: its number on the sheet, its options in the pupil's order (index as
    stored, text), and what they ticked."""

    number: int
    question: Question
    options: list[tuple[int, str]]
    chosen: list[int]


def items(session: DbSession, sheet: Sheet) -> list[Item]:
    """The sheet's questions in the pupil's order, with their saved answers."""
    ids = item_ids(sheet)
    questions = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
    chosen = {a.question_id: a.chosen for a in sheet.answers}
    shown = []
    for number, (question_id, item) in enumerate(zip(ids, sheet.items, strict=True), start=1):
        question = questions[question_id]
        order = [int(i) for i in item["o"]]  # type: ignore[attr-defined]  # a list of ints, as ``draw`` stored it
        shown.append(Item(number, question, [(i, question.options[i]) for i in order], chosen.get(question_id, [])))
    return shown


def holds(session: DbSession, user: User, question: Question) -> bool:
    """Whether one of the user's sheets holds ``question`` (they may then see its image)."""
    own = session.scalars(
        select(Sheet)
        .join(Quiz, Quiz.id == Sheet.quiz_id)
        .where(Sheet.user_id == user.id, Quiz.contest_id == question.contest_id)
    )
    return any(question.id in item_ids(sheet) for sheet in own)


def sheets_of(session: DbSession, quiz: Quiz) -> list[Sheet]:
    """Every sheet of the test, closing those whose time is over."""
    found = list(session.scalars(select(Sheet).where(Sheet.quiz_id == quiz.id).order_by(Sheet.id)))
    for sheet in found:
        close_if_due(session, sheet)
    return found
