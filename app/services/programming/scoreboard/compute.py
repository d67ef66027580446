"""Computing a scoreboard from the database: a fixed handful of SQL statements, then ranking in Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Float, Text, and_, case, cast, func, or_, select, true
from sqlalchemy.orm import aliased

from ....extensions import DbSession
from ....models import (
    AWAITING_JUDGE,
    Category,
    Contest,
    ContestProblem,
    Problem,
    Registration,
    RegistrationMember,
    ScoreboardMode,
    Submission,
    SubmissionStatus,
    Unit,
    UnitKind,
    User,
)
from ....vnsort import title_key
from ..extra_time import contest_minutes, counted_window
from .board import Cell, Column, Row, Scoreboard

PENALTY_MINUTES = 20


@dataclass(slots=True)
class _Entrant:
    registration_id: int
    team_name: str | None
    unit_id: int
    unit_name: str
    district_id: int | None
    district_name: str | None
    board_id: int | None = None
    board_name: str | None = None
    extra_minutes: int | None = None  # extra time (``extra_time``)
    members: list[tuple[str, str]] = field(default_factory=list)  # (sort key, full name)


def compute(
    session: DbSession,
    contest: Contest,
    *,
    mode: ScoreboardMode,
    per_subtask: bool,
    published: bool,
    freeze_at: datetime | None,
    cut: datetime,
    frozen: bool,
    now: datetime,
) -> Scoreboard:
    problems = session.execute(
        select(Problem.id, ContestProblem.label, Problem.title, Problem.max_score)
        .join(ContestProblem, ContestProblem.problem_id == Problem.id)
        .where(ContestProblem.contest_id == contest.id)
        .order_by(ContestProblem.position, ContestProblem.label)
    ).all()
    columns = [Column(p.label, p.title, p.max_score) for p in problems]
    index = {p.id: i for i, p in enumerate(problems)}
    entrants, registration_of = _entrants(session, contest)
    cells: dict[tuple[int, int], Cell] = {}
    if index:
        if mode is ScoreboardMode.ICPC:
            extended = {e.registration_id: e.extra_minutes for e in entrants}
            cells = _icpc_cells(session, contest, list(index), cut, extended)
        else:
            max_scores = {p.id: p.max_score for p in problems}
            cells = _ioi_cells(session, contest, registration_of, max_scores, cut, per_subtask)
    rows = _ranked(entrants, [p.id for p in problems], cells, contest, mode)
    # the filter's choices, the Vietnamese way (numbers by value: "số 9" before "số 10")
    units = sorted({(e.unit_id, e.unit_name) for e in entrants}, key=lambda u: (title_key(u[1]), u[0]))
    districts = sorted(
        {(e.district_id, e.district_name) for e in entrants if e.district_id and e.district_name},
        key=lambda d: (title_key(d[1]), d[0]),
    )
    return Scoreboard(
        contest_id=contest.id,
        mode=mode,
        best_per_subtask=per_subtask,
        problems=columns,
        rows=rows,
        frozen=frozen,
        published=published,
        freeze_at=freeze_at,
        computed_at=now,
        units=units,
        districts=districts,
    )


def _entrants(session: DbSession, contest: Contest) -> tuple[list[_Entrant], dict[int, int]]:
    """Every registration but the disqualified, with its unit, district (the unit's parent when that is a district
    office, or the unit itself when it is one) and members, in one statement; and the registration of each member."""
    parent = aliased(Unit)
    entrants: dict[int, _Entrant] = {}
    registration_of: dict[int, int] = {}
    for r in session.execute(
        select(
            Registration.id,
            Registration.team_name,
            Unit.id.label("unit_id"),
            Unit.name.label("unit_name"),
            Unit.kind.label("unit_kind"),
            parent.id.label("parent_id"),
            parent.name.label("parent_name"),
            parent.kind.label("parent_kind"),
            User.id.label("user_id"),
            User.sort_key,
            User.full_name,
            Category.id.label("board_id"),
            Category.name.label("board_name"),
            Registration.extra_minutes,
        )
        .join(Unit, Unit.id == Registration.unit_id)
        .outerjoin(Category, Category.id == Registration.category_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .join(User, User.id == RegistrationMember.user_id)
        .where(Registration.contest_id == contest.id, Registration.disqualified_reason.is_(None))
        .order_by(Registration.id, User.sort_key)
    ):
        entrant = entrants.get(r.id)
        if entrant is None:
            if r.unit_kind is UnitKind.DISTRICT_OFFICE:
                district: tuple[int | None, str | None] = (r.unit_id, r.unit_name)
            elif r.parent_kind is UnitKind.DISTRICT_OFFICE:
                district = (r.parent_id, r.parent_name)
            else:
                district = (None, None)
            entrant = entrants[r.id] = _Entrant(
                r.id, r.team_name, r.unit_id, r.unit_name, *district, r.board_id, r.board_name, r.extra_minutes
            )
        entrant.members.append((r.sort_key, r.full_name))
        registration_of[r.user_id] = r.id
    return list(entrants.values()), registration_of


def judged() -> ColumnElement[bool]:
    """SQL: a submission's result stands and is not JE: judged, or being judged again while its previous result
    (kept until the new one is written: ``grading_admin.rejudge``) stands."""
    return and_(
        Submission.verdict.is_not(None), Submission.verdict != "JE", Submission.status != SubmissionStatus.ERROR
    )


def counted(contest: Contest, problem_ids: list[int]) -> ColumnElement[bool]:
    """The submissions that count: to the contest's problems, in their entrant's window (``extra_time``), with a
    result that stands (``judged``)."""
    return and_(Submission.problem_id.in_(problem_ids), judged(), counted_window(contest))


def _on_board(contest: Contest, problem_ids: list[int]) -> ColumnElement[bool]:
    """The submissions a board shows: those that count, and as pending those waiting for their first result and
    those the judge gave up on (JE: its own fault, which a rejudge may still turn into a result), as DOMjudge
    shows a submission whose judging has no result (an internal error's included) as pending."""
    waiting = and_(Submission.verdict.is_(None), Submission.status.in_(AWAITING_JUDGE))
    given_up = or_(Submission.verdict == "JE", Submission.status == SubmissionStatus.ERROR)
    return and_(Submission.problem_id.in_(problem_ids), or_(judged(), waiting, given_up), counted_window(contest))


def entrant_best(
    submissions: Iterable[tuple[float | None, dict[str, float] | None]], max_score: float, per_subtask: bool
) -> float:
    """An entrant's IOI score on a problem from its counted submissions' (score, subtask scores), as the board
    gives it (``_ioi_cells`` and ``_subtask_points`` work it out in SQL for everyone at once): the best score, or
    with ``per_subtask`` the sum of each subtask's best when that is more (a submission without subtask scores is
    one subtask of its whole score), never above ``max_score``, to four places."""
    top, parts = 0.0, dict[str, float]()
    for score, subtasks in submissions:
        top = max(top, score or 0.0)
        for key, points in (subtasks if subtasks is not None else {"": score or 0.0}).items():
            parts[key] = max(parts.get(key, 0.0), float(points or 0.0))
    best = max(top, sum(parts.values())) if per_subtask else top
    return round(min(best, max_score), 4)


def entrant_icpc(submissions: Iterable[tuple[datetime, str | None]]) -> Cell:
    """An entrant's ICPC cell on a problem from its counted submissions' (time, verdict), as ``_icpc_cells`` gives
    it (without the minutes): solved when one is AC, and the rejected tries before the first AC (CE is no try)."""
    ordered = sorted(submissions, key=lambda s: s[0])
    first_ac = next((at for at, verdict in ordered if verdict == "AC"), None)
    tries = sum(1 for at, verdict in ordered if verdict not in ("AC", "CE") and (first_ac is None or at < first_ac))
    return Cell(tries=tries, solved=first_ac is not None)


def _by_entrant(contest: Contest) -> ColumnElement[bool]:
    return and_(RegistrationMember.user_id == Submission.user_id, RegistrationMember.contest_id == contest.id)


def _ioi_cells(
    session: DbSession,
    contest: Contest,
    registration_of: dict[int, int],
    max_scores: dict[int, float],
    cut: datetime,
    per_subtask: bool,
) -> dict[tuple[int, int], Cell]:
    """Per (registration, problem): the best visible score, the visible tries, and the pending submissions: made
    after ``cut`` (the freeze), waiting for their first result or given up on by the judge (``_on_board``).

    Aggregated per (problem, author) in SQL, which walks the (problem, user) index without a join; a team's
    members are then combined here (best of bests, sums of counts).
    """
    visible = and_(Submission.created_at < cut, judged())
    best = _subtask_points(session, contest, list(max_scores), cut) if per_subtask else {}
    found: dict[tuple[int, int], list[float]] = {}
    for problem_id, user_id, top, tries, later in session.execute(
        select(
            Submission.problem_id,
            Submission.user_id,
            func.max(case((visible, Submission.score))),
            func.sum(case((visible, 1), else_=0)),
            func.sum(case((visible, 0), else_=1)),
        )
        .where(_on_board(contest, list(max_scores)))
        .group_by(Submission.problem_id, Submission.user_id)
    ):
        registration_id = registration_of.get(user_id)
        if registration_id is None:
            continue  # not a contestant (staff trying the problems)
        values = found.setdefault((registration_id, problem_id), [0.0, 0, 0])
        values[0] = max(values[0], top or 0.0)
        values[1] += tries
        values[2] += later
    cells = {}
    for (registration_id, problem_id), (top, tries, later) in found.items():
        # never above the problem's maximum: a submission graded before subtask scores were kept is one subtask of
        # its whole score, and beside later ones the bests could add up to more than the problem is worth
        score = min(max(top, best.get((registration_id, problem_id), 0.0)), max_scores[problem_id]) if tries else None
        can_change = score is None or score < max_scores[problem_id]
        cells[(registration_id, problem_id)] = Cell(
            None if score is None else round(score, 4), int(tries), int(later) if can_change else 0
        )
    return cells


def _subtask_points(
    session: DbSession, contest: Contest, problem_ids: list[int], cut: datetime
) -> dict[tuple[int, int], float]:
    """Per (registration, problem): the sum over subtasks of the best that any visible submission earned in it,
    from the subtask scores the judge kept with each submission (``judge.scoring.subtask_scores``); one graded
    before they were kept counts with its whole score as one subtask (``_ioi_cells`` caps the cell at the problem's
    maximum, which such a sum may pass). The database unpacks the JSON
    (``json_each``, ``jsonb_each``) and does the sums, so Python sees one row per cell."""
    postgres = session.get_bind().dialect.name == "postgresql"
    whole = (func.jsonb_build_object if postgres else func.json_object)("", Submission.score)
    each = func.jsonb_each if postgres else func.json_each
    parts = each(func.coalesce(Submission.subtask_scores, whole)).table_valued("key", "value")
    points = cast(cast(parts.c.value, Text), Float) if postgres else parts.c.value
    best = (
        select(
            RegistrationMember.registration_id.label("rid"),
            Submission.problem_id.label("pid"),
            func.max(points).label("points"),
        )
        .select_from(Submission)
        .join(parts, true())
        .join(RegistrationMember, _by_entrant(contest))
        .where(counted(contest, problem_ids), Submission.created_at < cut)
        .group_by(RegistrationMember.registration_id, Submission.problem_id, parts.c.key)
        .subquery()
    )
    return {
        (rid, pid): float(total or 0.0)
        for rid, pid, total in session.execute(
            select(best.c.rid, best.c.pid, func.sum(best.c.points)).group_by(best.c.rid, best.c.pid)
        )
    }


def _icpc_cells(
    session: DbSession,
    contest: Contest,
    problem_ids: list[int],
    cut: datetime,
    extended: dict[int, int | None],
) -> dict[tuple[int, int], Cell]:
    """Per (registration, problem): the first visible AC (in the minutes of the registration's contest time, its
    extra time counted: ``extra_time.contest_minutes``), the rejected tries before it, and the pending submissions
    (made after ``cut``, the freeze, waiting for their first result or given up on: ``_on_board``) before it, as
    DOMjudge counts them: one
    waiting before the first AC is pending on the solved cell, its penalty counted once it is judged."""
    visible = and_(Submission.created_at < cut, judged())
    tries = (
        select(
            RegistrationMember.registration_id.label("rid"),
            Submission.problem_id.label("pid"),
            Submission.created_at.label("at"),
            Submission.verdict.label("verdict"),
            visible.label("visible"),
            func.min(case((and_(visible, Submission.verdict == "AC"), Submission.created_at)))
            .over(partition_by=(RegistrationMember.registration_id, Submission.problem_id))
            .label("first_ac"),
        )
        .join(RegistrationMember, _by_entrant(contest))
        .where(_on_board(contest, problem_ids))
        .subquery()
    )
    before_ac = or_(tries.c.first_ac.is_(None), tries.c.at < tries.c.first_ac)
    rejected = and_(tries.c.visible, tries.c.verdict.not_in(("AC", "CE")), before_ac)
    cells = {}
    for rid, pid, first_ac, wrong, waiting in session.execute(
        select(
            tries.c.rid,
            tries.c.pid,
            func.min(tries.c.first_ac),
            func.sum(case((rejected, 1), else_=0)),
            # a try before the first AC whose result is not shown may still add to the penalty: pending, as
            # DOMjudge counts it; after the first AC nothing can change the cell
            func.sum(case((tries.c.visible, 0), (before_ac, 1), else_=0)),
        ).group_by(tries.c.rid, tries.c.pid)
    ):
        minutes = contest_minutes(contest, extended.get(rid), first_ac) if first_ac else None
        cells[(rid, pid)] = Cell(
            tries=int(wrong or 0), pending=int(waiting or 0), solved=first_ac is not None, minutes=minutes
        )
    return cells


def _ranked(
    entrants: list[_Entrant],
    problem_ids: list[int],
    cells: dict[tuple[int, int], Cell],
    contest: Contest,
    mode: ScoreboardMode,
) -> list[Row]:
    """Rows board by board (the contest's categories in order, contestants of none last), each in rank order:
    equal results share the better rank (1, 2, 2, 4), then go by name. ICPC, as DOMjudge and the ICPC rules rank:
    problems solved, then penalty, then the earlier last AC (its minute); equal on all three share a rank."""
    empty = Cell()
    boards = {c.id: i for i, c in enumerate(contest.categories)}
    scored = []
    for e in entrants:
        row_cells = [cells.get((e.registration_id, problem_id), empty) for problem_id in problem_ids]
        if mode is ScoreboardMode.ICPC:
            total = float(sum(1 for c in row_cells if c.solved))
            penalty: int | None = sum((c.minutes or 0) + PENALTY_MINUTES * c.tries for c in row_cells if c.solved)
            last_ac = max((c.minutes or 0 for c in row_cells if c.solved), default=0)
            key: tuple[float, ...] = (-total, float(penalty or 0), float(last_ac))
        else:
            total = round(sum(c.score or 0.0 for c in row_cells), 4)
            penalty = None
            key = (-total,)
        names = [name for _sort, name in e.members]
        order = title_key(e.team_name) if e.team_name else (e.members[0][0] if e.members else "")
        board = boards.get(e.board_id, len(boards)) if e.board_id is not None else len(boards)
        scored.append((board, key, order, e, row_cells, total, penalty, names))
    scored.sort(key=lambda s: (s[0], s[1], s[2], s[3].registration_id))
    rows = []
    rank = position = 0
    previous: tuple[object, ...] | None = None
    for board, key, _name, e, row_cells, total, penalty, names in scored:
        position = position + 1 if previous is not None and previous[0] == board else 1
        if (board, key) != previous:
            rank, previous = position, (board, key)
        rows.append(
            Row(
                rank=rank,
                registration_id=e.registration_id,
                name=e.team_name or ", ".join(names),
                members=names,
                unit_id=e.unit_id,
                unit_name=e.unit_name,
                district_id=e.district_id,
                district_name=e.district_name,
                cells=row_cells,
                total=total,
                penalty=penalty,
                board_id=e.board_id if e.board_id in boards else None,
                board_name=e.board_name if e.board_id in boards else None,
            )
        )
    return rows
