"""Section 8: who proposes contests and sees proposals, who reports a company's contact, who keeps the brand list
and the company accounts."""

from __future__ import annotations

from ..extensions import DbSession
from ..models import ContactReport, Proposal, Role, User


def may_propose(actor: User) -> bool:
    """Unit coordinators, organisers, administrators and company accounts make proposals."""
    return actor.organisation_id is not None or actor.has_role(Role.COORDINATOR, Role.ORGANISER, Role.ADMIN)


def may_edit(actor: User, proposal: Proposal) -> bool:
    """The person who made the proposal, or an administrator."""
    return actor.id == proposal.submitted_by_id or actor.has_role(Role.ADMIN)


def may_view(session: DbSession, actor: User, proposal: Proposal) -> bool:
    """Whoever may edit it, the Sở's reviewers, the accounts of the proposing company, and the coordinators of
    the proposing unit."""
    if may_edit(actor, proposal) or actor.has_role(Role.REVIEWER):
        return True
    if actor.organisation_id is not None:
        submitter = session.get(User, proposal.submitted_by_id) if proposal.submitted_by_id else None
        return submitter is not None and submitter.organisation_id == actor.organisation_id
    return actor.has_role(Role.COORDINATOR) and proposal.proposer_unit_id == actor.unit_id


def may_report_contact(actor: User) -> bool:
    """Unit coordinators report a company's contact to the Sở."""
    return actor.has_role(Role.COORDINATOR)


def may_view_report(actor: User, report: ContactReport) -> bool:
    """The Sở's reviewers, administrators, and the coordinators of the reporting unit."""
    if actor.has_role(Role.REVIEWER, Role.ADMIN):
        return True
    return actor.has_role(Role.COORDINATOR) and actor.unit_id == report.unit_id


def may_edit_brand_list(actor: User) -> bool:
    """The Sở's reviewers and administrators keep the list of brands that screening looks for."""
    return actor.has_role(Role.REVIEWER, Role.ADMIN)


def may_edit_company_list(actor: User) -> bool:
    """The Sở's reviewers and administrators keep the list of known companies that are no products."""
    return actor.has_role(Role.REVIEWER, Role.ADMIN)


def may_manage_companies(actor: User) -> bool:
    """The Sở's reviewers and administrators activate and deactivate company accounts."""
    return actor.has_role(Role.REVIEWER, Role.ADMIN)
