"""Entries and their review: who sees an entry (and whether blind), who changes its authors, who settles
flagged entries.

Who sees an entry: its authors and supervisor, the coordinators of its unit (``people.managed_unit_ids``), the
contest's staff (``contests.is_staff``), the judges assigned to it and the head judge of the contest's panel
(unless in conflict with it). Judges see it blind (``sees_authors`` is False for them): no names, no unit, no
original file names. A coordinator who sits on the contest's panel (the Sở's own coordinators manage every unit)
sees its entries blind too, on every page, as long as they are on it: blind review would mean nothing if a judge
could read the authors from their other role's pages.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ..extensions import DbSession
from ..models import Assignment, Contest, Entry, EntryAuthor, PanelMember, Role, User
from ..services.reviews import conflicts, panel
from ..services.session_memo import remembered
from .contests import is_staff
from .people import managed_unit_ids


def is_author(entry: Entry, user: User) -> bool:
    """Whether ``user`` is one of the entry's authors: they edit it and upload its files until the deadline."""
    return any(a.user_id == user.id for a in entry.authors)


def may_change_authors(actor: User, entry: Entry) -> bool:
    """Whether ``actor`` may change who the entry's authors are: the author who created it, or the contest's
    staff. Its other authors edit its other details only, so that none of them can drop the creator."""
    return actor.id == entry.created_by_id or is_staff(actor, entry.contest)


def is_judge_of(session: DbSession, user: User, entry: Entry) -> bool:
    """Whether ``user`` is assigned to judge ``entry``, or is the head judge of its contest's panel, and has no
    conflict of interest with it (``conflicts.conflict_of``): a conflict found while the judge is still assigned
    (declared once their sheet is submitted, their unit corrected) closes the entry and its files to them."""
    if not user.has_role(Role.JUDGE):
        return False
    assigned = select(Assignment.id).where(Assignment.entry_id == entry.id, Assignment.judge_id == user.id)
    head = select(PanelMember.id).where(
        PanelMember.contest_id == entry.contest_id, PanelMember.user_id == user.id, PanelMember.is_head.is_(True)
    )
    judges = session.scalar(select(exists(assigned))) or session.scalar(select(exists(head)))
    return bool(judges) and conflicts.conflict_of(session, user, entry) is None


def coordinates(session: DbSession, user: User, entry: Entry) -> bool:
    """Whether ``user`` is a coordinator of the entry's unit (``people.managed_unit_ids``)."""
    if not user.has_role(Role.COORDINATOR):
        return False
    units = managed_unit_ids(session, user)
    return units is None or entry.unit_id in units


def on_panel(session: DbSession, user: User, contest_id: int) -> bool:
    """Whether ``user`` sits on the contest's panel of judges (read once per request: a list asks it per entry)."""
    member = select(PanelMember.id).where(PanelMember.contest_id == contest_id, PanelMember.user_id == user.id)
    return remembered(session, ("on_panel", contest_id, user.id), lambda: bool(session.scalar(select(exists(member)))))


def sees_authors(session: DbSession, user: User, entry: Entry) -> bool:
    """Whether ``user`` sees who made ``entry``: its authors and supervisor, its contest's staff, and its unit's
    coordinators unless they sit on the contest's panel (a judge is blind whatever other role they hold)."""
    if is_author(entry, user) or entry.supervisor_id == user.id or is_staff(user, entry.contest):
        return True
    return coordinates(session, user, entry) and not on_panel(session, user, entry.contest_id)


def may_view(session: DbSession, user: User, entry: Entry) -> bool:
    """Whether ``user`` may see ``entry`` and open its files (judges, and coordinators on its contest's panel,
    blind: see ``sees_authors``)."""
    return sees_authors(session, user, entry) or is_judge_of(session, user, entry) or coordinates(session, user, entry)


def visible_entries(session: DbSession, contest: Contest, user: User) -> list[Entry]:
    """The entries of ``contest`` that ``user`` sees in its list: all for its staff, their units' for
    coordinators, their own for entrants, those assigned to them for judges; by code."""
    query = select(Entry).where(Entry.contest_id == contest.id).options(selectinload(Entry.files)).order_by(Entry.code)
    if is_staff(user, contest):
        return list(session.scalars(query))
    units = managed_unit_ids(session, user) if user.has_role(Role.COORDINATOR) else set()
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


def may_reconcile(session: DbSession, actor: User, contest: Contest) -> bool:
    """Who settles flagged entries: the head judge, and the contest's staff (who may add a further judge only)."""
    return panel.is_head(session, actor, contest.id) or is_staff(actor, contest)


def heads_without_conflict(session: DbSession, actor: User, entry: Entry) -> bool:
    """Whether ``actor`` is the head judge of the entry's contest and has no conflict of interest with the entry
    (``services.reviews.conflicts``): a head judge neither sees nor settles an entry they may not score; only they
    decide a score."""
    return panel.is_head(session, actor, entry.contest_id) and conflicts.conflict_of(session, actor, entry) is None


def may_reconcile_entry(session: DbSession, actor: User, entry: Entry) -> bool:
    """Who settles this entry: the contest's staff, and its head judge unless in conflict with it."""
    return is_staff(actor, entry.contest) or heads_without_conflict(session, actor, entry)
