"""Contests: who is a contest's staff, who may organise one, and who may see one (a draft, an unapproved one)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_

from ..models import Contest, ContestStatus, Proposal, ProposalStatus, Role, User


def is_staff(user: User, contest: Contest) -> bool:
    """The contest's staff: administrators, and the organisers of its organising unit. They edit the contest and
    see everything of it (drafts, entries, sheets, the live scoreboard); they manage its rubrics, panel and
    assignment, its problems and judging."""
    return user.has_role(Role.ADMIN) or (user.has_role(Role.ORGANISER) and user.unit_id == contest.organiser_unit_id)


def may_organise(user: User) -> bool:
    """Organisers and administrators create contests."""
    return user.has_role(Role.ORGANISER, Role.ADMIN)


def may_see(user: User | None, contest: Contest) -> bool:
    """Anyone (``None``: not logged in) sees a published or archived contest whose proposal the Sở has approved; a
    draft only its staff. A contest whose proposal is not approved (flagged and waiting for the Sở, sent back,
    rejected, or none) is seen only by its staff and the Sở's reviewers (Section 8: a contest that may advertise a
    company is shown to no one else before the Sở has reviewed it), as ``public_contests`` lists it."""
    if user is not None and is_staff(user, contest):
        return True
    if contest.status is ContestStatus.DRAFT:
        return False
    approved = contest.proposal is not None and contest.proposal.approved
    return approved or (user is not None and user.has_role(Role.REVIEWER))


def seen_by_everyone() -> ColumnElement[bool]:
    """``may_see`` of a viewer who is neither the contest's staff nor a reviewer, as SQL over ``Contest``: the
    contest is not a draft and its proposal is approved. Staff and reviewers may see more: where this is false,
    ask ``may_see`` of the user."""
    return and_(
        Contest.status != ContestStatus.DRAFT,
        Contest.proposal.has(Proposal.status == ProposalStatus.APPROVED),
    )
