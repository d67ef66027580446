"""Units of the education system (a tree) and organisations outside it."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model


class UnitKind(enum.StrEnum):
    DEPARTMENT = "department"  # the Sở GD&ĐT, root of the tree
    DISTRICT_OFFICE = "district_office"  # Phòng GD&ĐT
    SCHOOL = "school"
    GDTX_CENTRE = "gdtx_centre"  # continuing-education centre


class SchoolLevel(enum.StrEnum):
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    GDTX = "gdtx"


class Unit(Model):
    """A node of the tree: the Sở, its district offices, and the schools and centres under either.

    A deactivated unit (closed, or merged into another: services.people.units) keeps its history but is no longer
    offered when people are added or register themselves."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[UnitKind] = mapped_column(Enum(UnitKind, native_enum=False, length=20))
    level: Mapped[SchoolLevel | None] = mapped_column(Enum(SchoolLevel, native_enum=False, length=20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def is_school(self) -> bool:
        return self.kind in (UnitKind.SCHOOL, UnitKind.GDTX_CENTRE)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name!r}>"


class OrganisationKind(enum.StrEnum):
    BUSINESS = "business"
    ASSOCIATION = "association"
    STATE_AGENCY = "state_agency"
    FOREIGN = "foreign"


class Organisation(Model):
    """An organisation outside the education tree: only ever a proposer or sponsor of contests."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(Enum(OrganisationKind, native_enum=False, length=20))
    tax_code: Mapped[str | None] = mapped_column(String(20))
