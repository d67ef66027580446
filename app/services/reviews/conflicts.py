"""Conflicts of interest between judges and entries, and releasing a judge from entries they may not score.

Computed conflicts are never stored: a judge never scores an entry of their own unit (in a contest of another
unit: a school's own round, cấp trường, is judged by its teachers), an entry of a school under the district office
they work at (in a contest above that office: its own district round is judged by its staff), or an entry they
wrote or supervised. Declared conflicts are stored
(``DeclaredConflict``) when a judge says so themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import aliased

from ...extensions import DbSession
from ...models import (
    Assignment,
    Contest,
    CriterionScore,
    DeclaredConflict,
    Entry,
    EntryAuthor,
    PanelMember,
    ScoreSheet,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from ..errors import InvalidInput, NotAllowed
from ..records import audit


class ConflictReason(enum.StrEnum):
    OWN_UNIT = "own_unit"
    UNDER_OWN_OFFICE = "under_own_office"
    AUTHOR = "author"
    DECLARED = "declared"


CONFLICT_MESSAGES = {
    ConflictReason.OWN_UNIT: _l("This entry comes from the judge's own unit."),
    ConflictReason.UNDER_OWN_OFFICE: _l("This entry comes from a school under the judge's own district office."),
    ConflictReason.AUTHOR: _l("The judge is an author or the supervisor of this entry."),
    ConflictReason.DECLARED: _l("The judge has declared a conflict of interest with this entry."),
}


def unit_conflict(
    judge_unit_id: int,
    judge_unit_kind: UnitKind,
    entry_unit_id: int,
    entry_unit_parent_id: int | None,
    *,
    organiser_unit_id: int,
) -> ConflictReason | None:
    """The conflict between a judge's unit and an entry's unit, if any (plain values, for bulk use), in a contest
    organised by ``organiser_unit_id``. A unit's own round has entries of that unit alone and its own staff are who
    judge them: a school's teachers judge its school round (cấp trường), in conflict with its entries only in a
    contest of another unit; a district office's staff are in conflict with its schools' entries only in a contest
    above the office, not in its own round (cấp huyện)."""
    if judge_unit_id == entry_unit_id:
        return None if organiser_unit_id == judge_unit_id else ConflictReason.OWN_UNIT
    if (
        judge_unit_kind is UnitKind.DISTRICT_OFFICE
        and entry_unit_parent_id == judge_unit_id
        and organiser_unit_id != judge_unit_id
    ):
        return ConflictReason.UNDER_OWN_OFFICE
    return None


def conflict_of(session: DbSession, judge: User, entry: Entry) -> ConflictReason | None:
    """Why ``judge`` may not score ``entry``, or None if they may."""
    by_unit = unit_conflict(
        judge.unit_id,
        judge.unit.kind,
        entry.unit_id,
        entry.unit.parent_id,
        organiser_unit_id=entry.contest.organiser_unit_id,
    )
    if by_unit is not None:
        return by_unit
    if judge.id in {entry.supervisor_id, entry.created_by_id} or judge.id in {a.user_id for a in entry.authors}:
        return ConflictReason.AUTHOR
    declared = session.scalars(
        select(DeclaredConflict.id).where(DeclaredConflict.entry_id == entry.id, DeclaredConflict.judge_id == judge.id)
    ).first()
    return ConflictReason.DECLARED if declared is not None else None


def people_pairs(session: DbSession, contest_id: int) -> set[tuple[int, int]]:
    """Every (entry id, user id) of the contest where the user wrote, supervised or created the entry, or declared
    a conflict with it: the conflicts that are not about units."""
    pairs: set[tuple[int, int]] = set()
    queries = (
        select(EntryAuthor.entry_id, EntryAuthor.user_id).where(EntryAuthor.contest_id == contest_id),
        select(Entry.id, Entry.supervisor_id).where(Entry.contest_id == contest_id, Entry.supervisor_id.is_not(None)),
        select(Entry.id, Entry.created_by_id).where(Entry.contest_id == contest_id),
        select(DeclaredConflict.entry_id, DeclaredConflict.judge_id).where(DeclaredConflict.contest_id == contest_id),
    )
    for query in queries:
        pairs.update((entry_id, user_id) for entry_id, user_id in session.execute(query) if user_id is not None)
    return pairs


def conflicted_entry_ids(session: DbSession, judge: User, contest_id: int) -> set[int]:
    """The ids of the entries of the contest that ``judge`` has a conflict of interest with (``conflict_of`` for
    every entry at once, in a few queries)."""
    found = {entry_id for entry_id, user_id in people_pairs(session, contest_id) if user_id == judge.id}
    entry_unit = aliased(Unit)
    rows = session.execute(
        select(Entry.id, Entry.unit_id, entry_unit.parent_id, Contest.organiser_unit_id)
        .join(entry_unit, entry_unit.id == Entry.unit_id)
        .join(Contest, Contest.id == Entry.contest_id)
        .where(Entry.contest_id == contest_id)
    )
    kind = judge.unit.kind
    for entry_id, unit_id, parent_id, organiser_unit_id in rows:
        if unit_conflict(judge.unit_id, kind, unit_id, parent_id, organiser_unit_id=organiser_unit_id) is not None:
            found.add(entry_id)
    return found


def release(session: DbSession, contest_id: int, judge_id: int, entry_ids: Iterable[int] | None = None) -> int:
    """Take ``judge_id`` off the entries (all of the contest's when None) where they have not submitted a sheet:
    their assignments and draft sheets go. Returns how many assignments went."""
    submitted = select(ScoreSheet.entry_id).where(
        ScoreSheet.contest_id == contest_id,
        ScoreSheet.judge_id == judge_id,
        ScoreSheet.status == SheetStatus.SUBMITTED,
    )
    drafts = select(ScoreSheet.id).where(
        ScoreSheet.contest_id == contest_id,
        ScoreSheet.judge_id == judge_id,
        ScoreSheet.status == SheetStatus.DRAFT,
    )
    assignments = select(Assignment.id).where(
        Assignment.contest_id == contest_id, Assignment.judge_id == judge_id, Assignment.entry_id.not_in(submitted)
    )
    if entry_ids is not None:
        wanted = list(entry_ids)
        drafts = drafts.where(ScoreSheet.entry_id.in_(wanted))
        assignments = assignments.where(Assignment.entry_id.in_(wanted))
    draft_ids = list(session.scalars(drafts))
    assignment_ids = list(session.scalars(assignments))
    if draft_ids:
        # Deleted by hand: SQLite does not cascade without its foreign-key pragma.
        session.execute(delete(CriterionScore).where(CriterionScore.sheet_id.in_(draft_ids)))
        session.execute(delete(ScoreSheet).where(ScoreSheet.id.in_(draft_ids)))
    if assignment_ids:
        session.execute(delete(Assignment).where(Assignment.id.in_(assignment_ids)))
    session.expire_all()
    return len(assignment_ids)


def declare(session: DbSession, judge: User, entry: Entry, reason: str) -> bool:
    """Record that ``judge`` has a conflict of interest with ``entry`` and release them from it unless their sheet
    is already submitted (a head judge can reopen it). Returns whether the assignment went. Only judges on the
    contest's panel declare."""
    on_panel = session.scalars(
        select(PanelMember.id).where(PanelMember.contest_id == entry.contest_id, PanelMember.user_id == judge.id)
    ).first()
    if on_panel is None:
        raise NotAllowed()
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_l("Say briefly why you have a conflict of interest."), "reason")
    if len(reason) > 2000:
        raise InvalidInput(_l("The reason has at most 2,000 characters."), "reason")
    known = session.scalars(
        select(DeclaredConflict).where(DeclaredConflict.entry_id == entry.id, DeclaredConflict.judge_id == judge.id)
    ).first()
    if known is not None:
        raise InvalidInput(_l("You have already declared a conflict with this entry."))
    session.add(DeclaredConflict(contest_id=entry.contest_id, entry_id=entry.id, judge_id=judge.id, reason=reason))
    session.flush()
    released = release(session, entry.contest_id, judge.id, [entry.id]) > 0
    audit.record(
        session,
        "conflict.declare",
        actor_id=judge.id,
        object_type="entry",
        object_id=entry.id,
        reason=reason,
        data={"released": released},
    )
    return released
