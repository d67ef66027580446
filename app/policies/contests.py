"""Contests: who is a contest's staff, who may organise one, and who may see a draft."""

from __future__ import annotations

from ..models import Contest, ContestStatus, Role, User


def is_staff(user: User, contest: Contest) -> bool:
    """The contest's staff: administrators, and the organisers of its organising unit. They edit the contest and
    see everything of it (drafts, entries, sheets, the live scoreboard); they manage its rubrics, panel and
    assignment, its problems and judging."""
    return user.has_role(Role.ADMIN) or (user.has_role(Role.ORGANISER) and user.unit_id == contest.organiser_unit_id)


def may_organise(user: User) -> bool:
    """Organisers and administrators create contests."""
    return user.has_role(Role.ORGANISER, Role.ADMIN)


def may_see(user: User | None, contest: Contest) -> bool:
    """Anyone (``None``: not logged in) sees a published or archived contest; a draft only its staff."""
    return contest.status is not ContestStatus.DRAFT or (user is not None and is_staff(user, contest))
