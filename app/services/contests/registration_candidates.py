"""The people a coordinator may still register for a contest, filtered by class or grade, for the pick list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import false, func, select

from ...extensions import DbSession
from ...models import AccountStatus, Contest, RegistrationMember, Role, User, UserRole
from ..people import accounts
from .registrations import eligible


def _grade(class_name: str | None) -> str | None:
    match = re.match(r"\s*(\d+)", class_name or "")
    return match.group(1) if match else None


@dataclass
class Candidates:
    """The people a coordinator may still register for a contest, and the classes and grades to filter them by."""

    people: list[User]
    classes: list[str]
    grades: list[str]
    more: bool = False
    """Whether people are left out of ``people`` (past the limit): the page says to filter by class or grade."""


def candidates(
    session: DbSession, actor: User, contest: Contest, *, class_name: str = "", grade: str = "", limit: int = 2000
) -> Candidates:
    """Active people ``actor`` manages who may enter ``contest`` and are not registered for it yet, by class then
    name; optionally only one class ("9A", case ignored: "9a" is the same class, offered once) or grade (the class's
    leading number: "9"). The filters, and the classes and grades offered, cover everyone, however many: only the
    people listed stop at ``limit``."""
    taken = select(RegistrationMember.user_id).where(RegistrationMember.contest_id == contest.id)
    roles = [
        role
        for role, open_ in ((Role.STUDENT, contest.open_to_students), (Role.TEACHER, contest.open_to_teachers))
        if open_
    ]
    may_enter = select(UserRole.user_id).where(UserRole.role.in_(roles))
    query = accounts.people_query(session, actor, status=AccountStatus.ACTIVE).where(
        User.id.not_in(taken), User.id.in_(may_enter)
    )
    typed_classes = session.scalars(query.with_only_columns(User.class_name).order_by(None).distinct()).all()
    spellings: dict[str, str] = {}  # a class typed "6A1" on one list and "6a1" on another is one class
    for typed in sorted({c for c in typed_classes if c}, key=lambda c: (len(c), c)):
        spellings.setdefault(typed.casefold(), typed)
    classes = list(spellings.values())
    grades = sorted({g for c in classes if (g := _grade(c))}, key=int)
    if class_name.strip():
        query = query.where(func.lower(User.class_name) == class_name.strip().lower())
    if grade:
        query = query.where(User.class_name.like(f"{grade}%") if grade.isdigit() else false())
    read = list(session.scalars(query.limit(limit + 1)))
    chosen = [
        p
        for p in read[:limit]
        if eligible(contest, p)
        and (not class_name or (p.class_name or "").casefold() == class_name.strip().casefold())
        and (not grade or _grade(p.class_name) == grade)
    ]
    chosen.sort(key=lambda p: (p.class_name is None, len(p.class_name or ""), p.class_name or "", p.sort_key))
    return Candidates(chosen, classes, grades, more=len(read) > limit)
