"""The unit tree (Sở → Phòng GD&ĐT → schools): listing it with counts, and adding, renaming, moving, merging,
deactivating and reactivating units. Every change is audit-logged; a refusal changes nothing.

Who may: administrators, and the Sở's own coordinators (who already manage the people of every unit,
policies.people.managed_unit_ids). The Sở itself is the root: it is never moved, merged or deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union, update

from ...extensions import DbSession
from ...models import (
    AccountStatus,
    ContactReport,
    Contest,
    ContestStatus,
    Entry,
    Registration,
    SchoolLevel,
    Unit,
    UnitKind,
    User,
)
from ...policies.people import may_manage_units
from ...timeutil import utcnow
from ...vnsort import title_key
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import flush_or_refuse

SCHOOL_KINDS = (UnitKind.SCHOOL, UnitKind.GDTX_CENTRE)
# Which kinds of unit may sit directly under which: the Sở has no parent.
ALLOWED_PARENTS: dict[UnitKind, tuple[UnitKind, ...]] = {
    UnitKind.DISTRICT_OFFICE: (UnitKind.DEPARTMENT,),
    UnitKind.SCHOOL: (UnitKind.DEPARTMENT, UnitKind.DISTRICT_OFFICE),
    UnitKind.GDTX_CENTRE: (UnitKind.DEPARTMENT, UnitKind.DISTRICT_OFFICE),
}


def _require(actor: User) -> None:
    if not may_manage_units(actor):
        raise NotAllowed()


# --- the tree --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeRow:
    unit: Unit
    depth: int
    people: int  # active accounts of the unit itself
    contests: int  # contests running now that the unit organises or has registrations in


def tree(session: DbSession, now: datetime | None = None) -> list[TreeRow]:
    """Every unit, each under its parent (depth first, by name), with its counts: three statements in all."""
    now = now or utcnow()
    units = sorted(session.scalars(select(Unit).order_by(Unit.id)), key=lambda u: title_key(u.name))
    people = dict(
        session.execute(
            select(User.unit_id, func.count(User.id)).where(User.status == AccountStatus.ACTIVE).group_by(User.unit_id)
        ).all()
    )
    running = (Contest.status == ContestStatus.PUBLISHED, Contest.submission_closes > now)
    taking_part = union(
        select(Contest.organiser_unit_id.label("unit_id"), Contest.id.label("contest_id")).where(*running),
        select(Registration.unit_id, Registration.contest_id)
        .join(Contest, Contest.id == Registration.contest_id)
        .where(*running),
    ).subquery()
    contests: dict[int, int] = dict(
        session.execute(
            select(taking_part.c.unit_id, func.count(taking_part.c.contest_id)).group_by(taking_part.c.unit_id)
        ).all()
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            rows.append(TreeRow(unit, depth, people.get(unit.id, 0), contests.get(unit.id, 0)))
            walk(unit.id, depth + 1)

    walk(None, 0)
    known = {row.unit.id for row in rows}
    for unit in units:  # a unit whose parent is missing (never in a sound tree) is still shown
        if unit.id not in known:
            rows.append(TreeRow(unit, 0, people.get(unit.id, 0), contests.get(unit.id, 0)))
    return rows


def descendant_ids(session: DbSession, unit: Unit) -> set[int]:
    """The ids of every unit below ``unit`` (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for uid, parent_id in session.execute(select(Unit.id, Unit.parent_id)).all():
        if parent_id is not None:
            children.setdefault(parent_id, []).append(uid)
    found: set[int] = set()
    todo = [unit.id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _active_unit(session: DbSession, unit_id: int | None, field: str) -> Unit:
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise InvalidInput(_l("Choose a unit from the list."), field)
    if not unit.active:
        raise InvalidInput(_l("%(name)s is deactivated: choose an active unit.", name=unit.name), field)
    return unit


def _check_parent(kind: UnitKind, parent: Unit) -> None:
    if parent.kind not in ALLOWED_PARENTS[kind]:
        if kind is UnitKind.DISTRICT_OFFICE:
            raise InvalidInput(_l("A district office sits directly under the Department."), "parent")
        raise InvalidInput(_l("A school or centre sits under the Department or a district office."), "parent")


# --- changes ---------------------------------------------------------------------------------------------------


def add_unit(
    session: DbSession,
    actor: User,
    *,
    name: str,
    code: str,
    kind: UnitKind,
    level: SchoolLevel | None,
    parent_id: int | None,
) -> Unit:
    """A new active unit under ``parent_id``. The Sở is the tree's only root: no second one is added."""
    _require(actor)
    name, code = name.strip(), code.strip().upper()
    if not name:
        raise InvalidInput(_l("The unit's name is required."), "name")
    if not code:
        raise InvalidInput(_l("The unit's code is required."), "code")
    if kind not in ALLOWED_PARENTS:
        raise InvalidInput(_l("The Department is the root of the tree: there is only one."), "kind")
    if session.scalar(select(func.count(Unit.id)).where(func.upper(Unit.code) == code)):
        raise InvalidInput(_l("Another unit already has the code %(code)s.", code=code), "code")
    parent = _active_unit(session, parent_id, "parent")
    _check_parent(kind, parent)
    unit = Unit(name=name, code=code, kind=kind, level=level if kind in SCHOOL_KINDS else None, parent=parent)
    session.add(unit)
    flush_or_refuse(session, _l("Another unit already has the code %(code)s.", code=code), "code")
    audit.record(
        session,
        "unit.create",
        actor_id=actor.id,
        object_type="unit",
        object_id=unit.id,
        data={"name": name, "code": code, "parent": parent.id},
    )
    return unit


def rename(session: DbSession, actor: User, unit: Unit, name: str) -> None:
    _require(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(_l("The unit's name is required."), "name")
    if name == unit.name:
        raise InvalidInput(_l("The new name is the same as the current one."), "name")
    audit.record(
        session,
        "unit.rename",
        actor_id=actor.id,
        object_type="unit",
        object_id=unit.id,
        data={"from": unit.name, "to": name},
    )
    unit.name = name


def move(session: DbSession, actor: User, unit: Unit, parent_id: int | None) -> None:
    """Put ``unit`` (and everything under it) under another parent; never under itself or one of its own units."""
    _require(actor)
    if unit.kind is UnitKind.DEPARTMENT:
        raise InvalidInput(_l("The Department is the root of the tree: it cannot be moved."), "parent")
    if parent_id == unit.id or (parent_id is not None and parent_id in descendant_ids(session, unit)):
        raise InvalidInput(_l("A unit cannot be moved under itself or under one of its own units."), "parent")
    parent = _active_unit(session, parent_id, "parent")
    if parent.id == unit.parent_id:
        raise InvalidInput(_l("%(name)s is already there.", name=unit.name), "parent")
    _check_parent(unit.kind, parent)
    audit.record(
        session,
        "unit.move",
        actor_id=actor.id,
        object_type="unit",
        object_id=unit.id,
        data={"from": unit.parent_id, "to": parent.id},
    )
    unit.parent = parent


@dataclass(frozen=True)
class MergeEffect:
    """What a merge moves from the source to the target."""

    people: int
    entries: int
    registrations: int
    contests: int  # contests the source organises
    reports: int  # contact reports it made
    units: int  # units directly under it


# What belongs to a unit, and so moves in a merge: (model, its column naming the unit, the MergeEffect field).
MOVED_IN_MERGE: tuple[tuple[type, str, str], ...] = (
    (User, "unit_id", "people"),
    (Entry, "unit_id", "entries"),
    (Registration, "unit_id", "registrations"),
    (Contest, "organiser_unit_id", "contests"),
    (ContactReport, "unit_id", "reports"),
    (Unit, "parent_id", "units"),
)


def merge_effect(session: DbSession, source: Unit) -> MergeEffect:
    counts = {
        field: session.scalar(select(func.count()).select_from(model).where(getattr(model, column) == source.id)) or 0
        for model, column, field in MOVED_IN_MERGE
    }
    return MergeEffect(**counts)


def check_merge(session: DbSession, actor: User, source: Unit, target_id: int | None) -> Unit:
    """The target of merging ``source`` into ``target_id``, or InvalidInput saying why not."""
    _require(actor)
    if source.kind is UnitKind.DEPARTMENT:
        raise InvalidInput(_l("The Department cannot be merged into another unit."), "target")
    if target_id == source.id:
        raise InvalidInput(_l("A unit cannot be merged into itself."), "target")
    if target_id is not None and target_id in descendant_ids(session, source):
        raise InvalidInput(_l("A unit cannot be merged into one of its own units."), "target")
    target = _active_unit(session, target_id, "target")
    if (source.kind in SCHOOL_KINDS) != (target.kind in SCHOOL_KINDS) or (
        source.kind not in SCHOOL_KINDS and source.kind is not target.kind
    ):
        raise InvalidInput(
            _l("A school or centre merges into a school or centre, a district office into a district office."),
            "target",
        )
    return target


def merge(session: DbSession, actor: User, source: Unit, target_id: int | None) -> MergeEffect:
    """Merge ``source`` into the target: its people, entries, registrations, contests, contact reports and the units
    under it move to the target, and the source is deactivated. Proposals keep the unit that proposed them (the
    record of who asked). Audit-logged with what moved."""
    target = check_merge(session, actor, source, target_id)
    effect = merge_effect(session, source)
    session.flush()
    for model, column, _field in MOVED_IN_MERGE:
        session.execute(
            update(model).where(getattr(model, column) == source.id).values({column: target.id}),
            execution_options={"synchronize_session": False},
        )
    source.active = False
    audit.record(
        session,
        "unit.merge",
        actor_id=actor.id,
        object_type="unit",
        object_id=source.id,
        data={"into": target.id, **effect.__dict__},
    )
    session.expire_all()  # the rows moved under the session's feet
    return effect


@dataclass(frozen=True)
class DeactivationBlockers:
    """What keeps a unit from being deactivated: accounts (active or waiting) and active units under it."""

    people: int
    units: int

    def __bool__(self) -> bool:
        return bool(self.people or self.units)


def deactivation_blockers(session: DbSession, unit: Unit) -> DeactivationBlockers:
    people = session.scalar(
        select(func.count(User.id)).where(
            User.unit_id == unit.id, User.status.in_([AccountStatus.ACTIVE, AccountStatus.PENDING])
        )
    )
    units = session.scalar(select(func.count(Unit.id)).where(Unit.parent_id == unit.id, Unit.active.is_(True)))
    return DeactivationBlockers(people or 0, units or 0)


def check_deactivate(session: DbSession, actor: User, unit: Unit) -> None:
    _require(actor)
    if unit.kind is UnitKind.DEPARTMENT:
        raise InvalidInput(_l("The Department cannot be deactivated."))
    if not unit.active:
        raise InvalidInput(_l("%(name)s is already deactivated.", name=unit.name))
    blockers = deactivation_blockers(session, unit)
    if blockers.people:
        raise InvalidInput(
            _l(
                "%(name)s still has %(n)d active or waiting accounts: deactivate them, move them to another unit, "
                "or merge the unit into another.",
                name=unit.name,
                n=blockers.people,
            )
        )
    if blockers.units:
        raise InvalidInput(
            _l(
                "%(n)d active units are under %(name)s: move or deactivate them first.",
                name=unit.name,
                n=blockers.units,
            )
        )


def deactivate(session: DbSession, actor: User, unit: Unit) -> None:
    """Deactivate ``unit``: it keeps its history (entries, registrations, results) and is no longer offered when
    people are added or register. Refused while it has accounts or active units under it."""
    check_deactivate(session, actor, unit)
    unit.active = False
    audit.record(session, "unit.deactivate", actor_id=actor.id, object_type="unit", object_id=unit.id)


def reactivate(session: DbSession, actor: User, unit: Unit) -> None:
    _require(actor)
    if unit.active:
        raise InvalidInput(_l("%(name)s is already active.", name=unit.name))
    if unit.parent is not None and not unit.parent.active:
        raise InvalidInput(
            _l("%(parent)s, above this unit, is deactivated: reactivate it first.", parent=unit.parent.name)
        )
    unit.active = True
    audit.record(session, "unit.reactivate", actor_id=actor.id, object_type="unit", object_id=unit.id)
