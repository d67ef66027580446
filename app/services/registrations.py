"""Registering people (alone or as a team) for contests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Contest, Registration, RegistrationMember, Role, User
from . import audit, people
from .contests import STATE_MESSAGES, RegistrationState, registration_state
from .errors import InvalidInput, NotAllowed


def _eligible(contest: Contest, person: User) -> bool:
    return (contest.open_to_students and person.has_role(Role.STUDENT)) or (
        contest.open_to_teachers and person.has_role(Role.TEACHER)
    )


def can_register_self(contest: Contest, user: User) -> bool:
    return _eligible(contest, user)


def register(
    session: Session,
    actor: User,
    contest: Contest,
    *,
    member_ids: list[int],
    category_id: int | None = None,
    supervisor_id: int | None = None,
    team_name: str | None = None,
) -> Registration:
    """Register ``member_ids`` (the actor alone, or people the actor coordinates) for ``contest``.

    Refuses, changing nothing, when registration is not open, the team is too big, someone is not eligible or
    already registered, the category is not the contest's, or the actor may not register these people.
    """
    state = registration_state(contest)
    if state is not RegistrationState.OPEN:
        raise InvalidInput(STATE_MESSAGES[state])
    member_ids = list(dict.fromkeys(member_ids))
    if not member_ids:
        raise InvalidInput(_l("Choose at least one person."), "members")
    if len(member_ids) > contest.max_team_size:
        raise InvalidInput(_l("A team has at most %(n)d people in this contest.", n=contest.max_team_size), "members")
    members = list(session.scalars(select(User).where(User.id.in_(member_ids))))
    if len(members) != len(member_ids):
        raise NotAllowed()
    for person in members:
        if person.id != actor.id and not (
            actor.has_role(Role.COORDINATOR) and people.can_manage(session, actor, person)
        ):
            raise NotAllowed()
        if not person.is_active:
            raise InvalidInput(_l("%(name)s's account is not active.", name=person.full_name), "members")
        if not _eligible(contest, person):
            raise InvalidInput(_l("%(name)s cannot enter this contest.", name=person.full_name), "members")
    taken = session.scalars(
        select(RegistrationMember.user_id).where(
            RegistrationMember.contest_id == contest.id, RegistrationMember.user_id.in_(member_ids)
        )
    ).all()
    if taken:
        name = next(p.full_name for p in members if p.id in taken)
        raise InvalidInput(_l("%(name)s is already registered for this contest.", name=name), "members")
    if contest.categories:
        if category_id not in {c.id for c in contest.categories}:
            raise InvalidInput(_l("Choose a category."), "category")
    else:
        category_id = None
    if supervisor_id is not None:
        supervisor = session.get(User, supervisor_id)
        if not contest.allows_supervisor:
            raise InvalidInput(_l("This contest does not take a supervising teacher."), "supervisor")
        if supervisor is None or not supervisor.has_role(Role.TEACHER) or supervisor.unit_id != members[0].unit_id:
            raise InvalidInput(_l("The supervisor must be a teacher of the same unit."), "supervisor")
    if len(members) > 1 and not (team_name or "").strip():
        raise InvalidInput(_l("Give the team a name."), "team_name")

    registration = Registration(
        contest_id=contest.id,
        category_id=category_id,
        team_name=(team_name or "").strip() or None,
        unit_id=members[0].unit_id,
        supervisor_id=supervisor_id,
        registered_by_id=actor.id,
        members=[RegistrationMember(contest_id=contest.id, user_id=p.id) for p in members],
    )
    session.add(registration)
    try:
        session.flush()
    except IntegrityError:  # a concurrent registration of the same person won the race
        session.rollback()
        raise InvalidInput(_l("Someone in this team is already registered for this contest.")) from None
    audit.record(
        session,
        "registration.create",
        actor_id=actor.id,
        object_type="registration",
        object_id=registration.id,
        data={"contest": contest.id, "members": member_ids},
    )
    return registration


def registrations_of(session: Session, contest: Contest, unit_ids: set[int] | None = None) -> list[Registration]:
    """A contest's registrations, optionally only those of some units."""
    query = select(Registration).where(Registration.contest_id == contest.id).order_by(Registration.id)
    if unit_ids is not None:
        query = query.where(Registration.unit_id.in_(unit_ids))
    return list(session.scalars(query))


def is_registered(session: Session, contest: Contest, user: User) -> bool:
    return (
        session.scalar(
            select(RegistrationMember.id).where(
                RegistrationMember.contest_id == contest.id, RegistrationMember.user_id == user.id
            )
        )
        is not None
    )
