"""Registering people (alone, as a team, or a whole class at once) for contests, and cancelling registrations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, select
from sqlalchemy.exc import IntegrityError

from ...extensions import DbSession
from ...models import (
    AccountStatus,
    Contest,
    Registration,
    RegistrationMember,
    Role,
    User,
    UserRole,
)
from ...policies.people import may_manage_person
from ...timeutil import format_datetime
from ..errors import InvalidInput, NotAllowed
from ..people import accounts
from ..proposals import published_texts
from ..records import audit
from . import grade_rules, registration_moves, teams
from .organising import RegistrationState, registration_state, require_registration_open

TEAM_CODE_ATTEMPTS = 10
"""How many times a new team takes the next free code when teams registered at the same instant took its own."""


def _eligible(contest: Contest, person: User) -> bool:
    return (contest.open_to_students and person.has_role(Role.STUDENT)) or (
        contest.open_to_teachers and person.has_role(Role.TEACHER)
    )


def can_register_self(contest: Contest, user: User) -> bool:
    """Whether ``user`` may register alone: they may enter, and the contest does not run as teams (a team is
    registered by its unit's coordinator)."""
    return _eligible(contest, user) and not teams.runs_as_teams(contest)


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
    as teams, not of the team size), its members are of different units, someone is not eligible or already
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
        if not _eligible(contest, person):
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


# --- a whole class at once ------------------------------------------------------------------------------------


@dataclass
class RefusedRow:
    """A row of a bulk registration that was refused: its place (sheet row, or position in the list), who, why."""

    row: int
    who: str
    message: str


@dataclass
class BulkReport:
    """What a bulk registration did: everyone registered, or nobody and the rows at fault (like the people import)."""

    registered: list[Registration] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


@dataclass
class BulkRow:
    """One person to register alone: ``person`` is None when the sheet's login names nobody the actor manages;
    ``category_id`` is None for the form's category, 0 for a category code the contest does not have."""

    row: int
    who: str
    person: User | None
    category_id: int | None = None


def register_many(
    session: DbSession, actor: User, contest: Contest, rows: list[BulkRow], category_id: int | None
) -> BulkReport:
    """Register each row's person alone, with the same rules as ``register`` (window, category, eligibility, one
    registration per person, the actor's own people). All or nothing: if any row is refused, nothing is saved and
    the report lists every refused row with its reason."""
    require_registration_open(session, actor, contest)
    if not rows:
        raise InvalidInput(_l("Choose at least one person."), "members")
    report = BulkReport()
    codes = ", ".join(c.code for c in contest.categories)
    outer = session.begin_nested()
    first_row: dict[int, int] = {}
    for item in rows:
        if item.person is None:
            report.refused.append(RefusedRow(item.row, item.who, str(_nobody(item.who))))
            continue
        if item.person.id in first_row:
            message = _l("Already on row %(row)d: the same person twice.", row=first_row[item.person.id])
            report.refused.append(RefusedRow(item.row, item.who, str(message)))
            continue
        first_row[item.person.id] = item.row
        if item.category_id == 0:
            message = _l("This contest's categories are %(codes)s.", codes=codes)
            report.refused.append(RefusedRow(item.row, item.who, str(message)))
            continue
        try:
            with session.begin_nested():
                report.registered.append(
                    register(
                        session,
                        actor,
                        contest,
                        member_ids=[item.person.id],
                        category_id=item.category_id or category_id,
                    )
                )
        except InvalidInput as error:
            report.refused.append(RefusedRow(item.row, item.who, str(error.message)))
    if report.refused:
        outer.rollback()
        report.registered = []
    else:
        outer.commit()
    return report


def _nobody(login: str) -> LazyString:
    """Why a sheet's login names nobody the coordinator manages, with the likely cause of a login of digits."""
    if login.isdigit():  # Excel keeps a login of digits as a number, and drops its leading zeros
        return _l(
            "Nobody of your units has this login. If it began with 0, Excel dropped the zero: format the column "
            "“Tên đăng nhập” as Text, type the logins again and upload the sheet again."
        )
    return _l("Nobody of your units has this login.")


def rows_from_ids(session: DbSession, actor: User, person_ids: list[int]) -> list[BulkRow]:
    """Rows for people picked in a list; NotAllowed if one of them is not the actor's to register."""
    rows = []
    for number, person_id in enumerate(dict.fromkeys(person_ids), start=1):
        person = session.get(User, person_id)
        if person is None or not may_manage_person(session, actor, person):
            raise NotAllowed()
        rows.append(BulkRow(number, person.full_name, person))
    return rows


def rows_from_logins(
    session: DbSession, actor: User, contest: Contest, logins: list[tuple[int, str, str]]
) -> list[BulkRow]:
    """Rows for (sheet row, login, category code) read from a sheet: a login names someone the actor manages or
    nobody (the same answer, so that other units' logins cannot be probed); an empty code means the form's."""
    by_code = {c.code.lower(): c.id for c in contest.categories}
    wanted = {login.strip().lower() for _r, login, _c in logins}
    found = {
        u.username.lower(): u
        for u in session.scalars(select(User).where(User.username.in_(wanted)))
        if may_manage_person(session, actor, u)
    }
    rows = []
    for number, login, code in logins:
        person = found.get(login.strip().lower())
        category_id = by_code.get(code.strip().lower(), 0) if code.strip() else None
        rows.append(BulkRow(number, f"{person.full_name} ({login})" if person else login, person, category_id))
    return rows


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
        if _eligible(contest, p)
        and (not class_name or (p.class_name or "").casefold() == class_name.strip().casefold())
        and (not grade or _grade(p.class_name) == grade)
    ]
    chosen.sort(key=lambda p: (p.class_name is None, len(p.class_name or ""), p.class_name or "", p.sort_key))
    return Candidates(chosen, classes, grades, more=len(read) > limit)


# --- cancelling -------------------------------------------------------------------------------------------------


def can_cancel(session: DbSession, actor: User, registration: Registration) -> bool:
    """Whether ``actor`` may cancel ``registration`` while registration is open: its only member, or a coordinator
    who manages every member."""
    members = [m.user for m in registration.members]
    if [m.id for m in members] == [actor.id]:
        return True
    return actor.has_role(Role.COORDINATOR) and all(may_manage_person(session, actor, m) for m in members)


def cancel(session: DbSession, actor: User, registration: Registration) -> None:
    """Cancel ``registration`` until the registration deadline, by its only member or their coordinator.

    Refused once registration has closed, or when a member has already sent work (a submission or an entry),
    which only the organisers may deal with.
    """
    if not can_cancel(session, actor, registration):
        if actor.id in {m.user_id for m in registration.members}:
            raise InvalidInput(_l("A team's registration is cancelled by the coordinator of its unit."))
        raise NotAllowed()
    contest = registration.contest
    if registration_state(contest) is not RegistrationState.OPEN:
        raise InvalidInput(
            _l(
                "Registration closed on %(deadline)s: a registration can no longer be cancelled.",
                deadline=format_datetime(contest.registration_closes),
            )
        )
    member_ids = [m.user_id for m in registration.members]
    if registration_moves.work_sent(session, registration):
        raise InvalidInput(_l("Work has already been sent under this registration: ask the organisers to withdraw it."))
    audit.record(
        session,
        "registration.cancel",
        actor_id=actor.id,
        object_type="registration",
        object_id=registration.id,
        data={"contest": contest.id, "members": member_ids},
    )
    session.delete(registration)
    session.flush()


def registration_for(session: DbSession, contest: Contest, user: User) -> Registration | None:
    """``user``'s registration for ``contest``, if any."""
    return session.scalar(
        select(Registration)
        .join(RegistrationMember, RegistrationMember.registration_id == Registration.id)
        .where(RegistrationMember.contest_id == contest.id, RegistrationMember.user_id == user.id)
    )
