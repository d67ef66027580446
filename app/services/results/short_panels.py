"""Entries scored by fewer judges than the contest asks for (its "judges per entry") because a judge was taken off them.

Taking a judge off the panel (``reviews.panel.remove_member``) or off one entry (``reviews.assignment.remove``) while
they had only a draft drops their assignment: the entry then waits for one sheet fewer, and once the judges left
have submitted, nothing else holds its result back. Each removal names in the audit log the entries it took the
judge off (``panel.remove``: ``data["entries"]``; ``assignment.remove``: the entry itself); such an entry is short
while fewer judges than the contest asks for are assigned to it or have submitted for it. Publishing names the short
entries and goes ahead only when the organiser confirms (``publication.publish``). An entry that never lost a judge
is not named, even with fewer judges than the setting: who judges it was the organiser's choice when assigning.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from ...extensions import DbSession
from ...models import AuditEntry, Contest, Entry
from ..reviews import panel
from .aggregation import Agreement, CategoryResults


@dataclass(frozen=True)
class ShortEntry:
    """An entry that lost a judge: ``judged`` judges assigned or with a counted sheet, of ``required``."""

    entry_id: int
    code: str
    judged: int
    required: int


def entries_that_lost_a_judge(session: DbSession, contest: Contest) -> set[int]:
    """The ids of the entries of ``contest`` a judge was taken off (by removal from the panel or from the entry),
    from the audit log."""
    entries = select(Entry.id).where(Entry.contest_id == contest.id)
    rows = session.execute(
        select(AuditEntry.action, AuditEntry.object_id, AuditEntry.data).where(
            or_(
                (AuditEntry.action == "panel.remove") & (AuditEntry.object_id == contest.id),
                (AuditEntry.action == "assignment.remove") & AuditEntry.object_id.in_(entries),
            )
        )
    )
    left: set[int] = set()
    for action, object_id, data in rows:
        if action == "assignment.remove" and object_id is not None:
            left.add(object_id)
        elif action == "panel.remove":
            left.update(int(e) for e in (data or {}).get("entries", []))
    return left


def short_entries(session: DbSession, contest: Contest, groups: list[CategoryResults]) -> list[ShortEntry]:
    """The entries of ``groups`` that lost a judge and now have fewer judges (assigned, or with a counted sheet)
    than the contest's judges per entry, by code. A disqualified entry, or one whose score the head judge decided,
    is not named: its score does not rest on the judges' number."""
    required = panel.settings_for(session, contest).judges_per_entry
    left = entries_that_lost_a_judge(session, contest)
    short = []
    for group in groups:
        for result in group.entries:
            judged = max(result.assigned, result.submitted)
            if (
                result.entry.id in left
                and judged < required
                and not result.disqualified
                and result.agreement is not Agreement.HEAD_DECIDED
            ):
                short.append(ShortEntry(result.entry.id, result.entry.code, judged, required))
    return sorted(short, key=lambda s: s.code)
