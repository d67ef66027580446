"""The database models, one module per domain."""

from .audit import AuditEntry
from .contests import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Registration,
    RegistrationMember,
)
from .people import AccountStatus, Role, User, UserRole
from .proposals import Proposal, ProposalStatus
from .units import Organisation, OrganisationKind, SchoolLevel, Unit, UnitKind

__all__ = [
    "AccountStatus",
    "AuditEntry",
    "Category",
    "Contest",
    "ContestKind",
    "ContestRound",
    "ContestStatus",
    "Organisation",
    "OrganisationKind",
    "Proposal",
    "ProposalStatus",
    "Registration",
    "RegistrationMember",
    "Role",
    "SchoolLevel",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
]
