"""Teams of a programming contest (Tin học trẻ Bảng C runs as teams of two in some rounds).

A Young Informatics contest whose team size (``Contest.max_team_size``) is more than 1 runs as teams: every
registration is a team of exactly that many people of one unit, with a name and a code unique in the contest.
The team is the entrant: its members share its submissions, its scoreboard row and its award. In the other
kinds of contest the same setting is the most authors an entry may have, and a registration of several people
is not held to it exactly.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Category, Contest, ContestKind, Registration, RegistrationMember, User
from ..errors import InvalidInput

TEAM_CODE_PREFIX = "T"
"""The prefix of a team's code in a contest without categories (in a category it is the category's code)."""


def runs_as_teams(contest: Contest) -> bool:
    """Whether the contest's entrants are teams: a Young Informatics contest whose team size is more than 1."""
    return contest.kind is ContestKind.INFORMATICS and contest.max_team_size > 1


def check_team(contest: Contest, members: list[User]) -> None:
    """Refuse (InvalidInput, on the members field) a team of the wrong size for a contest that runs as teams, and
    a team whose members are not all of one unit."""
    if runs_as_teams(contest) and len(members) != contest.max_team_size:
        raise InvalidInput(
            _l(
                "In this contest every team has exactly %(n)d people, registered together by their unit's coordinator.",
                n=contest.max_team_size,
            ),
            "members",
        )
    first = members[0]
    for person in members[1:]:
        if person.unit_id != first.unit_id:
            raise InvalidInput(
                _l(
                    "A team's members are all of one unit: %(name)s is of %(unit)s, %(first)s of %(first_unit)s.",
                    name=person.full_name,
                    unit=person.unit.name,
                    first=first.full_name,
                    first_unit=first.unit.name,
                ),
                "members",
            )


def check_size_change(session: DbSession, contest: Contest, kind: ContestKind, size: int) -> None:
    """Refuse (InvalidInput) changing a Young Informatics contest's team size, or the kind of a contest of
    teams, once anyone is registered: the teams registered would no longer be of the contest's size."""
    was, will = runs_as_teams(contest), kind is ContestKind.INFORMATICS and size > 1
    if (was, contest.max_team_size) == (will, size) or not (was or will):
        return
    if session.scalar(select(Registration.id).where(Registration.contest_id == contest.id).limit(1)) is not None:
        raise InvalidInput(_l("The team size cannot change once people are registered."), "max_team_size")


def next_team_code(session: DbSession, contest: Contest, category_id: int | None) -> str:
    """The first free code for a new team of the contest: the category's code (or ``T``) and a two-digit number,
    e.g. ``C01``, ``C02``. Teams registered at the same instant may read the same one; the unique constraint then
    refuses all but one, and ``registrations.register`` tries the next free code for the others."""
    category = session.get(Category, category_id) if category_id is not None else None
    prefix = category.code if category is not None else TEAM_CODE_PREFIX
    taken = set(
        session.scalars(
            select(Registration.team_code).where(
                Registration.contest_id == contest.id, Registration.team_code.is_not(None)
            )
        )
    )
    number = 1
    while f"{prefix}{number:02d}" in taken:
        number += 1
    return f"{prefix}{number:02d}"


def member_ids(session: DbSession, registration_id: int) -> list[int]:
    """The ids of a registration's members (one for a contestant alone, all of a team's)."""
    return list(
        session.scalars(select(RegistrationMember.user_id).where(RegistrationMember.registration_id == registration_id))
    )
