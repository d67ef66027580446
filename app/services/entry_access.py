"""Who may see an entry, and whether they see who made it.

Who sees an entry: its authors and supervisor, the coordinators of its unit (``people.managed_unit_ids``), the
contest's organisers (``contests.can_edit``), the judges assigned to it and the head judge of the contest's panel
(unless in conflict with it).
Judges see it blind (``sees_authors`` is False for them): no names, no unit, no original file names.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from ..models import Assignment, Contest, Entry, EntryAuthor, PanelMember, Role, User
from . import conflicts, contests, people
from .entries import is_author


def is_judge_of(session: Session, user: User, entry: Entry) -> bool:
    """Whether ``user`` is assigned to judge ``entry``, or is the head judge of its contest's panel without a
    conflict of interest with it (``conflicts.conflict_of``)."""
    if not user.has_role(Role.JUDGE):
        return False
    assigned = select(Assignment.id).where(Assignment.entry_id == entry.id, Assignment.judge_id == user.id)
    if session.scalar(select(exists(assigned))):
        return True
    head = select(PanelMember.id).where(
        PanelMember.contest_id == entry.contest_id, PanelMember.user_id == user.id, PanelMember.is_head.is_(True)
    )
    return bool(session.scalar(select(exists(head)))) and conflicts.conflict_of(session, user, entry) is None


def sees_authors(session: Session, user: User, entry: Entry) -> bool:
    """Whether ``user`` sees who made ``entry``: its authors and supervisor, its unit's coordinators, organisers."""
    if is_author(entry, user) or entry.supervisor_id == user.id or contests.can_edit(user, entry.contest):
        return True
    if user.has_role(Role.COORDINATOR):
        units = people.managed_unit_ids(session, user)
        return units is None or entry.unit_id in units
    return False


def can_view(session: Session, user: User, entry: Entry) -> bool:
    """Whether ``user`` may see ``entry`` and open its files (judges blind, see ``sees_authors``)."""
    return sees_authors(session, user, entry) or is_judge_of(session, user, entry)


def visible_entries(session: Session, contest: Contest, user: User) -> list[Entry]:
    """The entries of ``contest`` that ``user`` sees in its list: all for organisers, their units' for
    coordinators, their own for entrants, those assigned to them for judges; by code."""
    query = select(Entry).where(Entry.contest_id == contest.id).options(selectinload(Entry.files)).order_by(Entry.code)
    if contests.can_edit(user, contest):
        return list(session.scalars(query))
    units = people.managed_unit_ids(session, user) if user.has_role(Role.COORDINATOR) else set()
    if units is None:
        return list(session.scalars(query))
    mine = select(EntryAuthor.entry_id).where(EntryAuthor.user_id == user.id)
    assigned = select(Assignment.entry_id).where(Assignment.judge_id == user.id)
    return list(
        session.scalars(
            query.where(
                Entry.unit_id.in_(units)
                | Entry.id.in_(mine)
                | (Entry.supervisor_id == user.id)
                | Entry.id.in_(assigned)
            )
        )
    )
