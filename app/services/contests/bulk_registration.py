"""Registering many people at once, each alone: a whole class picked from a list, or the logins of a sheet. All or
nothing: every row is checked with the rules of ``registrations.register``, and one refused row saves nobody."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Contest, Registration, RegistrationMember, User
from ...policies.people import may_manage_person
from ..errors import InvalidInput, NotAllowed
from ..people import sheet_cells
from ..people.sheet_duplicates import PersonKey, person_key
from . import teams
from .organising import require_registration_open
from .registrations import register


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
    """One person to register alone: ``person`` is None when the sheet's ``login`` names nobody the actor manages;
    ``category_id`` is None for the form's category, 0 for a category code the contest does not have."""

    row: int
    who: str
    person: User | None
    category_id: int | None = None
    login: str = ""


def register_many(
    session: DbSession, actor: User, contest: Contest, rows: list[BulkRow], category_id: int | None
) -> BulkReport:
    """Register each row's person alone, with the same rules as ``register`` (window, category, eligibility, one
    registration per person, the actor's own people); refused whole for a contest of teams. All or nothing: if any
    row is refused, nothing is saved and the report lists every refused row with its reason."""
    require_registration_open(session, actor, contest)
    if teams.runs_as_teams(contest):  # each row alone would be refused, on a page that lists no refused rows then
        raise InvalidInput(
            _l(
                "This contest takes teams of %(n)d people only, not people one by one: register each team with its "
                "members together, under “One entry: a person or a team”.",
                n=contest.max_team_size,
            ),
            "members",
        )
    if not rows:
        raise InvalidInput(_l("Choose at least one person."), "members")
    report = BulkReport()
    codes = ", ".join(c.code for c in contest.categories)
    outer = session.begin_nested()
    first_row: dict[int, int] = {}
    first_twin: dict[tuple[int | None, PersonKey], int] = {}
    registered = _registered_by_key(session, contest, {r.person.unit_id for r in rows if r.person is not None})
    for item in rows:
        if item.person is None:
            report.refused.append(RefusedRow(item.row, item.who, str(_nobody(item.login))))
            continue
        if item.person.id in first_row:
            message = _l("Already on row %(row)d: the same person twice.", row=first_row[item.person.id])
            report.refused.append(RefusedRow(item.row, item.who, str(message)))
            continue
        first_row[item.person.id] = item.row
        if twin := _twin(item, first_twin, registered):
            report.refused.append(RefusedRow(item.row, item.who, str(twin)))
            continue
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


def _registered_by_key(
    session: DbSession, contest: Contest, unit_ids: set[int | None]
) -> dict[tuple[int | None, PersonKey], User]:
    """The people of ``unit_ids`` registered for ``contest``, by unit and who they are (``person_key``)."""
    people = session.scalars(
        select(User)
        .join(RegistrationMember, RegistrationMember.user_id == User.id)
        .where(RegistrationMember.contest_id == contest.id, User.unit_id.in_(unit_ids))
    )
    return {(p.unit_id, person_key(p.full_name, p.date_of_birth, p.class_name)): p for p in people}


def _twin(
    item: BulkRow,
    first_twin: dict[tuple[int | None, PersonKey], int],
    registered: dict[tuple[int | None, PersonKey], User],
) -> LazyString | None:
    """Why ``item``'s person looks like one pupil with two accounts (``sheet_duplicates``: the same name and date of
    birth, or class without one, in one unit), one on an earlier row or already registered; noting them."""
    assert item.person is not None
    person = item.person
    key = (person.unit_id, person_key(person.full_name, person.date_of_birth, person.class_name))
    if key in first_twin:
        return _l(
            "Row %(row)d has someone of the same name and date of birth (or, without one, class) under another "
            "login: the same pupil with two accounts? Register one of them; namesakes are told apart by their dates "
            "of birth, or registered one by one.",
            row=first_twin[key],
        )
    first_twin[key] = item.row
    twin = registered.get(key)
    if twin is not None and twin.id != person.id:
        return _l(
            "Someone of the same name and date of birth (or, without one, class) is already registered for this "
            "contest under the login %(login)s: the same pupil with two accounts? Register one of them; namesakes are "
            "told apart by their dates of birth, or registered one by one.",
            login=twin.username,
        )
    return None


def _nobody(login: str) -> LazyString:
    """Why a sheet's login names nobody the coordinator manages: none given, an error of Excel in its place, or the
    likely cause of a login of digits."""
    if not login:
        return _l("This row has no login: write the person's login in hoithi in the column “Tên đăng nhập”.")
    if login in sheet_cells.EXCEL_ERRORS:
        return _l(
            "The login shows Excel's error %(error)s: its formula no longer finds its data. Replace it with the "
            "login and upload the sheet again.",
            error=login,
        )
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
    session: DbSession, actor: User, contest: Contest, logins: list[tuple[int, str, str, str]]
) -> list[BulkRow]:
    """Rows for (sheet row, login, category code, full name) read from a sheet: a login names someone the actor
    manages or nobody (the same answer, so that other units' logins cannot be probed); an empty code means the
    form's. A row is shown by its login, or by its name when it has none."""
    by_code = {c.code.lower(): c.id for c in contest.categories}
    wanted = {login.strip().lower() for _r, login, _c, _n in logins}
    found = {
        u.username.lower(): u
        for u in session.scalars(select(User).where(User.username.in_(wanted)))
        if may_manage_person(session, actor, u)
    }
    rows = []
    for number, login, code, name in logins:
        person = found.get(login.strip().lower())
        category_id = by_code.get(code.strip().lower(), 0) if code.strip() else None
        who = f"{person.full_name} ({login})" if person else login or name
        rows.append(BulkRow(number, who, person, category_id, login.strip()))
    return rows
