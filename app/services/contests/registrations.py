"""Registering people (alone or as a team) for contests, and who is registered. Many at once:
``bulk_registration``; the pick list: ``registration_candidates``; cancelling: ``cancelling``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...extensions import DbSession
from ...models import Contest, Registration, RegistrationMember, Role, User
from ...policies.people import may_manage_person
from ..errors import InvalidInput, NotAllowed
from ..people import accounts
from ..proposals import published_texts
from ..records import audit
from . import grade_rules, teams
from .entrant_reach import out_of_reach, within_reach
from .organising import require_registration_open

TEAM_CODE_ATTEMPTS = 10
"""How many times a new team takes the next free code when teams registered at the same instant took its own."""


def eligible(contest: Contest, person: User) -> bool:
    """Whether ``person`` is of a role ``contest`` is open to (a student, a teacher) and of a unit it takes
    (``entrant_reach``: a school's or a district's own round takes its own people)."""
    of_role = (contest.open_to_students and person.has_role(Role.STUDENT)) or (
        contest.open_to_teachers and person.has_role(Role.TEACHER)
    )
    return of_role and within_reach(contest, person.unit)


def can_register_self(contest: Contest, user: User) -> bool:
    """Whether ``user`` may register alone: they may enter, and the contest does not run as teams (a team is
    registered by its unit's coordinator)."""
    return eligible(contest, user) and not teams.runs_as_teams(contest)


def register(
    session: DbSession,
    actor: User,
    contest: Contest,
    *,
    member_ids: list[int],
    category_id: int | None = None,
    supervisor_id: int | None = None,
    team_name: str | None = None,
) -> Registration:
    """Register ``member_ids`` (the actor alone, or people the actor coordinates) for ``contest``.

    Refuses, changing nothing, when registration is not open, the team is too big (or, in a contest that runs
    as teams, not of the team size), its members are of different units, someone is not eligible (of a role the
    contest is not open to, or of a unit a school's or district's own round does not take) or already
    registered, the category is not the contest's, the actor may not register these people, or the team's name
    holds what Section 8 keeps for the Sở (``proposals.published_texts``) or nothing visible, or someone's class is
    not of a grade the category takes (``grade_rules``). The team's name is
    stored as a person's is (``accounts.tidy``: composed, no invisible characters, single spaces). A team gets a
    code unique in the contest (``teams.next_team_code``).
    """
    require_registration_open(session, actor, contest)
    member_ids = list(dict.fromkeys(member_ids))
    if not member_ids:
        raise InvalidInput(_l("Choose at least one person."), "members")
    if len(member_ids) > contest.max_team_size and not teams.runs_as_teams(contest):  # teams: check_team below
        raise InvalidInput(_l("A team has at most %(n)d people in this contest.", n=contest.max_team_size), "members")
    members = list(session.scalars(select(User).where(User.id.in_(member_ids))))
    if len(members) != len(member_ids):
        raise NotAllowed()
    for person in members:
        if person.id != actor.id and not actor.has_role(Role.COORDINATOR):
            raise NotAllowed()
        if person.id != actor.id and not may_manage_person(session, actor, person):
            # not named: the ids of other units' people must not tell their names
            raise InvalidInput(_l("Someone chosen is not one of your unit's people."), "members")
        if not person.is_active:
            raise InvalidInput(_l("%(name)s's account is not active.", name=person.full_name), "members")
        if not within_reach(contest, person.unit):
            raise InvalidInput(out_of_reach(contest, person.full_name), "members")
        if not eligible(contest, person):
            raise InvalidInput(_l("%(name)s cannot enter this contest.", name=person.full_name), "members")
    members.sort(key=lambda p: member_ids.index(p.id))
    teams.check_team(contest, members)
    taken = session.scalars(
        select(RegistrationMember.user_id).where(
            RegistrationMember.contest_id == contest.id, RegistrationMember.user_id.in_(member_ids)
        )
    ).all()
    if taken:
        name = next(p.full_name for p in members if p.id in taken)
        raise InvalidInput(_l("%(name)s is already registered for this contest.", name=name), "members")
    if contest.categories:
        category = next((c for c in contest.categories if c.id == category_id), None)
        if category is None:
            raise InvalidInput(_l("Choose a category."), "category")
        grade_rules.check_members(category, members)
    else:
        category_id = None
    if supervisor_id is not None:
        supervisor = session.get(User, supervisor_id)
        if not contest.allows_supervisor:
            raise InvalidInput(_l("This contest does not take a supervising teacher."), "supervisor")
        if supervisor is None or not supervisor.has_role(Role.TEACHER) or supervisor.unit_id != members[0].unit_id:
            raise InvalidInput(_l("The supervisor must be a teacher of the same unit."), "supervisor")
    # shown to the public (scoreboard, certificates): composed, without invisible characters, as a person's name
    team_name = accounts.tidy(team_name or "")
    if (len(members) > 1 or teams.runs_as_teams(contest)) and not team_name:
        raise InvalidInput(_l("Give the team a name."), "team_name")
    # The scoreboard, the awards and the hand-off show the name to the public: Section 8 screens it.
    published_texts.check(session, contest, [("team_name", team_name)], _l("The team's name"), by=actor)

    is_team = len(members) > 1 or teams.runs_as_teams(contest)
    for attempt in range(1, TEAM_CODE_ATTEMPTS + 1):
        registration = Registration(
            contest_id=contest.id,
            category_id=category_id,
            team_name=team_name or None,
            team_code=teams.next_team_code(session, contest, category_id) if is_team else None,
            unit_id=members[0].unit_id,
            supervisor_id=supervisor_id,
            registered_by_id=actor.id,
            members=[RegistrationMember(contest_id=contest.id, user_id=p.id) for p in members],
        )
        try:
            with session.begin_nested():
                session.add(registration)
                session.flush()
            break
        except IntegrityError:  # a concurrent registration of the same person, or of a team given the same code
            if is_registered_any(session, contest, member_ids):
                raise InvalidInput(_l("Someone in this team is already registered for this contest.")) from None
            if not is_team or attempt == TEAM_CODE_ATTEMPTS:
                raise InvalidInput(_l("Another team was registered at the same moment: register again.")) from None
    audit.record(
        session,
        "registration.create",
        actor_id=actor.id,
        object_type="registration",
        object_id=registration.id,
        data={"contest": contest.id, "members": member_ids},
    )
    return registration


def registrations_of(session: DbSession, contest: Contest, unit_ids: set[int] | None = None) -> list[Registration]:
    """A contest's registrations, optionally only those of some units."""
    query = select(Registration).where(Registration.contest_id == contest.id).order_by(Registration.id)
    if unit_ids is not None:
        query = query.where(Registration.unit_id.in_(unit_ids))
    return list(session.scalars(query))


def is_registered_any(session: DbSession, contest: Contest, user_ids: list[int]) -> bool:
    """Whether any of ``user_ids`` is registered for ``contest``."""
    return (
        session.scalar(
            select(RegistrationMember.id)
            .where(RegistrationMember.contest_id == contest.id, RegistrationMember.user_id.in_(user_ids))
            .limit(1)
        )
        is not None
    )


def is_registered(session: DbSession, contest: Contest, user: User) -> bool:
    return (
        session.scalar(
            select(RegistrationMember.id).where(
                RegistrationMember.contest_id == contest.id, RegistrationMember.user_id == user.id
            )
        )
        is not None
    )


def registration_for(session: DbSession, contest: Contest, user: User) -> Registration | None:
    """``user``'s registration for ``contest``, if any."""
    return session.scalar(
        select(Registration)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .where(RegistrationMember.contest_id == contest.id, RegistrationMember.user_id == user.id)
    )
