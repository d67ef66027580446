"""People and units: whom a coordinator manages, who manages the unit tree."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import DbSession
from ..models import Role, Unit, UnitKind, User

COORDINATED_ROLES = frozenset({Role.STUDENT, Role.TEACHER, Role.COORDINATOR})
"""The roles a coordinator may manage; people with any other role (judges, organisers, reviewers, admins) are
managed by administrators only, so that a coordinator can never take over a more powerful account."""


def managed_unit_ids(session: DbSession, actor: User) -> set[int] | None:
    """The units whose people ``actor`` manages: ``None`` means all (admins, the Sở's coordinators).

    A coordinator manages their own unit and, for a district office, the schools under it.
    """
    if actor.has_role(Role.ADMIN):
        return None
    if not actor.has_role(Role.COORDINATOR):
        return set()
    if actor.unit.kind is UnitKind.DEPARTMENT:
        return None
    ids = {actor.unit_id}
    ids.update(session.scalars(select(Unit.id).where(Unit.parent_id == actor.unit_id)))
    return ids


def may_manage_person(session: DbSession, actor: User, person: User) -> bool:
    """Administrators manage everyone; a coordinator the students, teachers and coordinators of the units they
    manage (``managed_unit_ids``: they see them in their lists and register them in contests), never a company
    account (those are the Sở reviewers'). Their accounts: ``may_manage_account``."""
    if actor.has_role(Role.ADMIN):
        return True
    if not person.roles <= COORDINATED_ROLES or person.is_company:
        return False
    units = managed_unit_ids(session, actor)
    return units is None or person.unit_id in units


def may_manage_account(session: DbSession, actor: User, person: User) -> bool:
    """Whether ``actor`` may edit ``person``'s account, confirm or deactivate it, or give it a new password: whom
    they manage (``may_manage_person``) but a fellow coordinator of their own unit (``is_fellow_coordinator``)."""
    return may_manage_person(session, actor, person) and not is_fellow_coordinator(actor, person)


def is_fellow_coordinator(actor: User, person: User) -> bool:
    """``person`` is another coordinator of ``actor``'s own unit, and ``actor`` no administrator. Fellow coordinators
    do not control each other's accounts: a new password handed to one would let them act as the other. Their
    accounts are managed from the unit above (a district's coordinators for a school's, the Sở's for a district's)
    or by administrators; they may still register each other in contests."""
    return (
        person.id != actor.id
        and person.unit_id == actor.unit_id
        and Role.COORDINATOR in person.roles
        and not actor.has_role(Role.ADMIN)
    )


def may_manage_units(actor: User) -> bool:
    """Administrators, and the coordinators of the Sở (while the Sở's unit is active), manage the unit tree."""
    return actor.has_role(Role.ADMIN) or (
        actor.has_role(Role.COORDINATOR) and actor.unit.kind is UnitKind.DEPARTMENT and actor.unit.active
    )
