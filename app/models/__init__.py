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
from .informatics import Problem, Submission, SubmissionStatus, SubmissionTest, job_id_for
from .people import AccountStatus, Role, User, UserRole
from .programming import (
    Announcement,
    ApiToken,
    Clarification,
    ContestProblem,
    Feedback,
    ProgrammingSettings,
    ScoreboardMode,
)
from .proposals import DecisionKind, Proposal, ProposalDecision, ProposalRevision, ProposalStatus
from .units import Organisation, OrganisationKind, SchoolLevel, Unit, UnitKind

__all__ = [
    "AccountStatus",
    "Announcement",
    "ApiToken",
    "AuditEntry",
    "Category",
    "Clarification",
    "Contest",
    "ContestKind",
    "ContestProblem",
    "ContestRound",
    "ContestStatus",
    "DecisionKind",
    "Feedback",
    "Organisation",
    "OrganisationKind",
    "Problem",
    "ProgrammingSettings",
    "Proposal",
    "ProposalDecision",
    "ProposalRevision",
    "ProposalStatus",
    "Registration",
    "RegistrationMember",
    "Role",
    "SchoolLevel",
    "ScoreboardMode",
    "Submission",
    "SubmissionStatus",
    "SubmissionTest",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
    "job_id_for",
]
