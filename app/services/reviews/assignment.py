"""Assigning judges to entries: the automatic balanced assignment, organisers' changes by hand, judges' loads.

The automatic assignment gives every entry ``judges_per_entry`` judges of the panel, never one with a conflict of
interest (see ``conflicts``) nor one who sits on the panel for another category (``panel.fits``), keeping judges'
loads as even as the conflicts allow (the most loaded and the least loaded judge differ by at most one whenever
some assignment achieves it). Assignments that have a sheet, or that an organiser made by hand, are never moved;
automatic ones without a sheet may be moved to even the loads. Nothing is
assigned while the results are published (``panel.refuse_while_published``).
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import aliased

from ...extensions import DbSession
from ...models import Assignment, AssignmentOrigin, Contest, Entry, PanelMember, ScoreSheet, SheetStatus, Unit, User
from ...policies.contests import is_staff
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import flush_or_refuse
from . import conflicts, panel

_CHUNK = 500


@dataclass
class Plan:
    """The outcome of ``plan``: the judges of each entry, and which pairs are new or dropped."""

    judges: dict[int, set[int]]
    added: set[tuple[int, int]] = field(default_factory=set)
    dropped: set[tuple[int, int]] = field(default_factory=set)
    short: dict[int, int] = field(default_factory=dict)  # entry id -> how many judges it has (fewer than wanted)


def plan(
    eligible: dict[int, set[int]],
    fixed: dict[int, set[int]],
    movable: dict[int, set[int]],
    judges: list[int],
    wanted: int,
) -> Plan:
    """Choose judges for every entry of ``eligible`` (entry id -> the judges who may score it).

    ``fixed`` pairs stay; ``movable`` pairs (existing, without a sheet) stay unless moving them evens the loads.
    Greedy first (most constrained entry first, least loaded judges first), then loads are evened along
    augmenting paths: an entry passes from a judge to another who may take it, possibly through a chain of judges.
    """
    load: Counter[int] = Counter({j: 0 for j in judges})
    current: dict[int, set[int]] = {}
    for entry_id in eligible:
        current[entry_id] = set(fixed.get(entry_id, ())) | set(movable.get(entry_id, ()))
        load.update(current[entry_id])
    movable_pairs = {(e, j) for e, js in movable.items() for j in js}
    for entry_id in sorted(eligible, key=lambda e: (len(eligible[e]), e)):
        need = wanted - len(current[entry_id])
        if need <= 0:
            continue
        free = eligible[entry_id] - current[entry_id]
        for judge in heapq.nsmallest(need, free, key=lambda j: (load[j], j)):
            current[entry_id].add(judge)
            load[judge] += 1
            movable_pairs.add((entry_id, judge))
    holds: dict[int, set[int]] = {j: set() for j in judges}
    for entry_id, judge in movable_pairs:
        holds[judge].add(entry_id)
    while _even_once(eligible, current, holds, load):
        pass
    result = Plan(judges=current)
    before = {(e, j) for source in (fixed, movable) for e, js in source.items() for j in js}
    after = {(e, j) for e, js in current.items() for j in js}
    result.added = after - before
    result.dropped = {(e, j) for e, js in movable.items() for j in js} - after
    result.short = {e: len(js) for e, js in current.items() if len(js) < wanted}
    return result


def _even_once(
    eligible: dict[int, set[int]], current: dict[int, set[int]], holds: dict[int, set[int]], load: Counter[int]
) -> bool:
    """Move one unit of load from a most loaded judge towards a least loaded one, or the reverse; False when no
    move narrows the spread. Each move lowers the sum of squared loads, so repeating it ends."""
    if not load:
        return False
    high, low = max(load.values()), min(load.values())
    if high - low <= 1:
        return False
    sources = [j for j, n in load.items() if n == high]
    if _shift(sources, lambda j: load[j] <= high - 2, eligible, current, holds, load):
        return True
    sources = [j for j, n in load.items() if n >= low + 2]
    return _shift(sources, lambda j: load[j] == low, eligible, current, holds, load)


def _shift(
    sources: list[int],
    is_target: Callable[[int], bool],
    eligible: dict[int, set[int]],
    current: dict[int, set[int]],
    holds: dict[int, set[int]],
    load: Counter[int],
) -> bool:
    """Breadth-first search from ``sources`` for a chain of moves ending at a target judge; apply it if found."""
    came_from: dict[int, tuple[int, int] | None] = {j: None for j in sources}
    queue = deque(sources)
    while queue:
        giver = queue.popleft()
        for entry_id in holds[giver]:
            for taker in (eligible[entry_id] - current[entry_id]) - came_from.keys():
                came_from[taker] = (giver, entry_id)
                if is_target(taker):
                    _apply(came_from, taker, current, holds, load)
                    return True
                queue.append(taker)
    return False


def _apply(
    came_from: dict[int, tuple[int, int] | None],
    taker: int,
    current: dict[int, set[int]],
    holds: dict[int, set[int]],
    load: Counter[int],
) -> None:
    step = came_from[taker]
    load[taker] += 1
    while step is not None:
        giver, entry_id = step
        current[entry_id].discard(giver)
        current[entry_id].add(taker)
        holds[giver].discard(entry_id)
        holds[taker].add(entry_id)
        taker = giver
        step = came_from[giver]
    load[taker] -= 1


@dataclass(frozen=True)
class RunReport:
    added: int
    removed: int
    short: list[tuple[str, int]]  # (entry code, judges it has) for entries with fewer judges than wanted
    wanted: int


def run(session: DbSession, actor: User, contest: Contest) -> RunReport:
    """Assign the contest's panel to its entries, keeping what must stay and filling the gaps; written in a few
    batched statements and one audit entry."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    panel.refuse_while_published(session, contest)
    wanted = panel.settings_for(session, contest).judges_per_entry
    judge_rows = session.execute(
        select(User.id, User.unit_id, Unit.kind, PanelMember.category_id)
        .join(PanelMember, PanelMember.user_id == User.id)
        .join(Unit, Unit.id == User.unit_id)
        .where(PanelMember.contest_id == contest.id)
    ).all()
    judges = [j for j, _u, _k, _c in judge_rows]
    entry_unit = aliased(Unit)
    entry_rows = session.execute(
        select(Entry.id, Entry.unit_id, entry_unit.parent_id, Entry.category_id, Entry.disqualified_reason)
        .join(entry_unit, entry_unit.id == Entry.unit_id)
        .where(Entry.contest_id == contest.id)
    ).all()
    people = conflicts.people_pairs(session, contest.id)
    eligible: dict[int, set[int]] = {}
    # A disqualified entry is scored no more: it gets no judge, and keeps those it had (reinstated, it is theirs).
    disqualified: set[int] = set()
    for entry_id, unit_id, parent_id, category_id, disqualified_reason in entry_rows:
        if disqualified_reason is not None:
            disqualified.add(entry_id)
            continue
        eligible[entry_id] = {
            j
            for j, judge_unit, kind, judge_category in judge_rows
            if panel.fits(judge_category, category_id)
            and (entry_id, j) not in people
            and conflicts.unit_conflict(
                judge_unit, kind, unit_id, parent_id, organiser_unit_id=contest.organiser_unit_id
            )
            is None
        }
    with_sheet = set(
        session.execute(select(ScoreSheet.entry_id, ScoreSheet.judge_id).where(ScoreSheet.contest_id == contest.id))
    )
    fixed: dict[int, set[int]] = {}
    movable: dict[int, set[int]] = {}
    stale: list[int] = []
    existing = session.execute(
        select(Assignment.id, Assignment.entry_id, Assignment.judge_id, Assignment.origin).where(
            Assignment.contest_id == contest.id
        )
    ).all()
    ids = {}
    for assignment_id, entry_id, judge_id, origin in existing:
        if entry_id in disqualified:
            continue
        ids[entry_id, judge_id] = assignment_id
        if (entry_id, judge_id) in with_sheet or origin is not AssignmentOrigin.AUTOMATIC:
            fixed.setdefault(entry_id, set()).add(judge_id)
        elif entry_id in eligible and judge_id in eligible[entry_id]:
            movable.setdefault(entry_id, set()).add(judge_id)
        else:  # the judge left the panel, or a conflict came to light
            stale.append(assignment_id)
    result = plan(eligible, fixed, movable, judges, wanted)
    gone = stale + [ids[pair] for pair in result.dropped]
    for start in range(0, len(gone), _CHUNK):
        session.execute(delete(Assignment).where(Assignment.id.in_(gone[start : start + _CHUNK])))
    now = utcnow()
    rows = [
        {
            "contest_id": contest.id,
            "entry_id": e,
            "judge_id": j,
            "origin": AssignmentOrigin.AUTOMATIC,
            "created_at": now,
        }
        for e, j in sorted(result.added)
    ]
    if rows:
        session.execute(insert(Assignment), rows)
    codes = dict(session.execute(select(Entry.id, Entry.code).where(Entry.id.in_(list(result.short)))).all())
    report = RunReport(
        added=len(rows),
        removed=len(gone),
        short=sorted((codes[e], n) for e, n in result.short.items()),
        wanted=wanted,
    )
    audit.record(
        session,
        "assignment.run",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"added": report.added, "removed": report.removed, "short": len(report.short), "wanted": wanted},
    )
    session.expire_all()
    return report


@dataclass(frozen=True)
class Load:
    member: PanelMember
    assigned: int
    submitted: int


def loads(session: DbSession, contest: Contest) -> list[Load]:
    """Each panel member's number of assigned entries and submitted sheets, in the panel's order; a disqualified
    entry counts in neither (it is scored no more)."""
    assigned = dict(
        session.execute(
            select(Assignment.judge_id, func.count())
            .join(Entry, Entry.id == Assignment.entry_id)
            .where(Assignment.contest_id == contest.id, Entry.disqualified_reason.is_(None))
            .group_by(Assignment.judge_id)
        ).all()
    )
    submitted = dict(
        session.execute(
            select(ScoreSheet.judge_id, func.count())
            .join(Entry, Entry.id == ScoreSheet.entry_id)
            .where(ScoreSheet.contest_id == contest.id, ScoreSheet.status == SheetStatus.SUBMITTED)
            .where(Entry.disqualified_reason.is_(None))
            .group_by(ScoreSheet.judge_id)
        ).all()
    )
    return [Load(m, assigned.get(m.user_id, 0), submitted.get(m.user_id, 0)) for m in panel.members(session, contest)]


def by_entry(session: DbSession, contest: Contest) -> dict[int, list[Assignment]]:
    """The assignments of the contest, by entry id."""
    found: dict[int, list[Assignment]] = {}
    for a in session.scalars(select(Assignment).where(Assignment.contest_id == contest.id).order_by(Assignment.id)):
        found.setdefault(a.entry_id, []).append(a)
    return found


def add(session: DbSession, actor: User, entry: Entry, judge_id: int) -> Assignment:
    """An organiser gives ``entry`` to a judge of the panel by hand; refused for a conflict of interest, for a
    judge who sits on the panel for another category, and for a disqualified entry (scored no more)."""
    contest = entry.contest
    if not is_staff(actor, contest):
        raise NotAllowed()
    panel.refuse_while_published(session, contest)
    if entry.disqualified_reason is not None:
        raise InvalidInput(_l("This entry is disqualified: it is scored no more. Reinstate it first."))
    member = panel.member(session, contest, judge_id)
    if member is None:
        raise InvalidInput(_l("Choose a judge of this contest's panel."), "judge")
    if not panel.fits(member.category_id, entry.category_id) and member.category is not None:
        raise InvalidInput(
            _l(
                "%(name)s judges the entries of %(category)s only: %(code)s is not one of them.",
                name=member.user.full_name,
                category=member.category.name,
                code=entry.code,
            ),
            "judge",
        )
    reason = conflicts.conflict_of(session, member.user, entry)
    if reason is not None:
        raise InvalidInput(
            _l(
                "%(name)s cannot judge %(code)s: %(reason)s",
                name=member.user.full_name,
                code=entry.code,
                reason=conflicts.CONFLICT_MESSAGES[reason],
            ),
            "judge",
        )
    known = session.scalars(
        select(Assignment).where(Assignment.entry_id == entry.id, Assignment.judge_id == judge_id)
    ).first()
    if known is not None:
        raise InvalidInput(_l("%(name)s already judges %(code)s.", name=member.user.full_name, code=entry.code))
    added = Assignment(contest_id=contest.id, entry_id=entry.id, judge_id=judge_id, origin=AssignmentOrigin.MANUAL)
    session.add(added)
    flush_or_refuse(session, _l("%(name)s already judges %(code)s.", name=member.user.full_name, code=entry.code))
    audit.record(
        session,
        "assignment.add",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"judge": judge_id},
    )
    return added


def remove(session: DbSession, actor: User, assignment: Assignment) -> None:
    """An organiser takes a judge off an entry (and their draft sheet); refused once the sheet is submitted."""
    entry = assignment.entry
    if not is_staff(actor, entry.contest):
        raise NotAllowed()
    judge_id = assignment.judge_id
    if conflicts.release(session, entry.contest_id, judge_id, [entry.id]) == 0:
        raise InvalidInput(
            _l("This judge has submitted a score sheet for this entry: the head judge must reopen it first.")
        )
    audit.record(
        session,
        "assignment.remove",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"judge": judge_id},
    )
