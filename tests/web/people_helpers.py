"""Shared by the people tests."""

from __future__ import annotations

from app.models import Role, Unit, User

from ..factories import SchoolFactory, UserFactory


def school_coordinator(school: Unit | None = None, username: str = "dp") -> User:
    """A coordinator ``username`` of ``school`` (a new school when None)."""
    school = school or SchoolFactory()
    return UserFactory(username=username, unit=school, roles={Role.COORDINATOR})
