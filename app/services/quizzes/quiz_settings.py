"""A board's theory test as its organisers set it: when pupils may start it, how long it lasts, how many questions
of each topic and difficulty each pupil gets, how multiple-answer questions score, and the weight of theory in
the board's result. A board has at most one test; a contest's boards draw from the contest's one bank."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Category, Contest, Question, Quiz, User
from ...policies.contests import is_staff
from ..contests.teams import runs_as_teams
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from .bank import DIFFICULTIES

MAX_DURATION_MINUTES = 240
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class PlanLine:
    """``count`` questions of ``topic`` at ``difficulty`` on every pupil's sheet."""

    topic: str
    difficulty: int
    count: int


@dataclass(frozen=True)
class QuizSpec:
    opens_at: datetime  # UTC
    closes_at: datetime  # UTC
    duration_minutes: int
    plan: list[PlanLine]
    partial: bool
    theory_weight: int  # percent


def quizzes(session: DbSession, contest: Contest) -> list[Quiz]:
    """The contest's tests, in the order of its boards."""
    order = {c.id: i for i, c in enumerate(contest.categories)}
    found = list(session.scalars(select(Quiz).where(Quiz.contest_id == contest.id)))
    return sorted(found, key=lambda q: order.get(q.category_id, len(order)))


def quiz_for(session: DbSession, contest: Contest, category_id: int | None) -> Quiz | None:
    """The test of the board ``category_id`` of ``contest``, if it has one."""
    if category_id is None:
        return None
    return session.scalars(select(Quiz).where(Quiz.contest_id == contest.id, Quiz.category_id == category_id)).first()


def plan_of(quiz: Quiz) -> list[PlanLine]:
    return [PlanLine(str(line["topic"]), int(str(line["difficulty"])), int(str(line["count"]))) for line in quiz.plan]


def available(session: DbSession, contest: Contest) -> Counter[tuple[str, int]]:
    """How many questions the bank holds of each (topic, difficulty)."""
    return Counter(
        (topic, difficulty)
        for topic, difficulty in session.execute(
            select(Question.topic, Question.difficulty).where(Question.contest_id == contest.id)
        )
    )


def parse_plan(text: str) -> list[PlanLine]:
    """The plan from its written form, one line per topic and difficulty: ``topic | difficulty | count`` (lines
    with a count of 0, and empty lines, are left out). InvalidInput on ``plan`` naming the first bad line."""
    plan = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        try:
            topic, difficulty, count = cells[0], int(cells[1]), int(cells[2])
        except (IndexError, ValueError):
            topic, difficulty, count = "", 0, -1
        if len(cells) != 3 or not topic or count < 0:
            raise InvalidInput(
                _l("Line %(n)d of the plan is not “topic | difficulty | count”, e.g. “Tin học | 1 | 5”.", n=number),
                "plan",
            )
        if count:
            plan.append(PlanLine(topic, difficulty, count))
    return plan


def plan_text(session: DbSession, contest: Contest, quiz: Quiz | None) -> str:
    """The plan as written (``parse_plan``): the test's, followed by every other topic and difficulty the bank
    holds with a count of 0, so the organiser sees what there is to draw from."""
    lines = plan_of(quiz) if quiz else []
    named = {(p.topic, p.difficulty) for p in lines}
    lines += [PlanLine(t, d, 0) for t, d in sorted(available(session, contest)) if (t, d) not in named]
    return "\n".join(f"{p.topic} | {p.difficulty} | {p.count}" for p in lines)


def check_plan(session: DbSession, contest: Contest, plan: list[PlanLine]) -> None:
    """InvalidInput on ``plan`` unless each line asks for at least one question the bank has, at most what it
    has, with no (topic, difficulty) twice and at most ``MAX_QUESTIONS`` in all."""
    if not plan:
        raise InvalidInput(_l("Say how many questions of which topic and difficulty each pupil gets."), "plan")
    bank = available(session, contest)
    seen: set[tuple[str, int]] = set()
    for line in plan:
        key = (line.topic, line.difficulty)
        if key in seen:
            raise InvalidInput(_l("The topic %(topic)s at one difficulty is named twice.", topic=line.topic), "plan")
        seen.add(key)
        if line.difficulty not in DIFFICULTIES or line.count < 1:
            raise InvalidInput(_l("Each line asks for at least one question of difficulty 1, 2 or 3."), "plan")
        if line.count > bank[key]:
            raise InvalidInput(
                _l(
                    "The bank has %(have)d questions of topic %(topic)s at difficulty %(level)d, fewer than the "
                    "%(want)d asked for.",
                    have=bank[key],
                    topic=line.topic,
                    level=line.difficulty,
                    want=line.count,
                ),
                "plan",
            )
    if sum(line.count for line in plan) > MAX_QUESTIONS:
        raise InvalidInput(_l("A test has at most %(n)d questions.", n=MAX_QUESTIONS), "plan")


def refuse_teams(contest: Contest) -> None:
    """InvalidInput for a contest of teams: a sheet is one pupil's and a board's result takes one sheet per
    entrant, so a team's members cannot each take the test (a round that needs both sets up two contests)."""
    if runs_as_teams(contest):
        raise InvalidInput(
            _l("A theory test is taken by each pupil alone: a contest of teams cannot hold one."), "category"
        )


def save(session: DbSession, actor: User, contest: Contest, category: Category, spec: QuizSpec) -> Quiz:
    """Set the test of ``category`` (created on first save). Organisers of the contest only (NotAllowed);
    InvalidInput, nothing changed, for a window that ends before it opens, a length outside 1 to
    ``MAX_DURATION_MINUTES`` minutes, a weight outside 0 to 100 or a plan ``check_plan`` refuses. Sheets already
    drawn keep their questions."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if category.contest_id != contest.id:
        raise InvalidInput(_l("This board is not one of the contest's."), "category")
    refuse_teams(contest)
    if spec.closes_at <= spec.opens_at:
        raise InvalidInput(_l("The test closes after it opens."), "closes_at")
    if not 1 <= spec.duration_minutes <= MAX_DURATION_MINUTES:
        raise InvalidInput(_l("A test lasts 1 to %(n)d minutes.", n=MAX_DURATION_MINUTES), "duration_minutes")
    if not 0 <= spec.theory_weight <= 100:
        raise InvalidInput(_l("The weight of theory is a percentage from 0 to 100."), "theory_weight")
    check_plan(session, contest, spec.plan)
    quiz = quiz_for(session, contest, category.id) or Quiz(contest_id=contest.id, category_id=category.id)
    quiz.opens_at, quiz.closes_at, quiz.duration_minutes = spec.opens_at, spec.closes_at, spec.duration_minutes
    quiz.plan = [{"topic": p.topic, "difficulty": p.difficulty, "count": p.count} for p in spec.plan]
    quiz.partial, quiz.theory_weight = spec.partial, spec.theory_weight
    session.add(quiz)
    session.flush()
    audit.record(
        session,
        "quiz.settings",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"category": category.id, "questions": sum(p.count for p in spec.plan), "theory": spec.theory_weight},
    )
    return quiz
