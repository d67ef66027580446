"""The unit tree the benchmarks build: a Sở, its district offices and their lower secondary schools."""

from __future__ import annotations

from dataclasses import dataclass

from app.extensions import db
from app.models import SchoolLevel, Unit, UnitKind


@dataclass(frozen=True)
class Province:
    """A Sở's unit tree as flushed to the database (ids set)."""

    so: Unit
    offices: list[Unit]
    schools: list[Unit]


def province(districts: int, schools_per_district: int) -> Province:
    """Add and flush the Sở (code ``SO``), ``districts`` district offices under it (``P0``, ``P1`` …) and
    ``schools_per_district`` lower secondary schools under each (``S<district>-<school>``), in that order."""
    so = _unit("SO", "Sở GD&ĐT", UnitKind.DEPARTMENT, None)
    offices = [_unit(f"P{d}", f"Phòng GD&ĐT {d}", UnitKind.DISTRICT_OFFICE, so) for d in range(districts)]
    schools = [
        _unit(f"S{d}-{s}", f"Trường THCS {d}-{s}", UnitKind.SCHOOL, office)
        for d, office in enumerate(offices)
        for s in range(schools_per_district)
    ]
    return Province(so, offices, schools)


def school(code: str, name: str, parent: Unit) -> Unit:
    """Add and flush one lower secondary school under ``parent``."""
    return _unit(code, name, UnitKind.SCHOOL, parent)


def _unit(code: str, name: str, kind: UnitKind, parent: Unit | None) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        level=SchoolLevel.LOWER_SECONDARY if kind is UnitKind.SCHOOL else None,
        parent_id=parent.id if parent else None,
    )
    db.session.add(unit)
    db.session.flush()
    return unit
