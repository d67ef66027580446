"""People: validation of a person's details, accounts' life cycle."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from ...extensions import DbSession
from ...models import AccountStatus, Role, Unit, User, UserRole
from ...policies.people import COORDINATED_ROLES, managed_unit_ids, may_manage_account
from ...timeutil import today_local
from ...visible_text import shows_nothing
from ...vnsort import fold, sort_key, title_key
from ..contests import person_fit, registration_moves
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import added_unless_taken, flush_or_refuse
from . import account_access, password_policy, registration_attempts
from .passwords import hash_password, hash_passwords, verify_password

JUST_TAKEN = _l("This login or e-mail address has just been taken by another account. Choose another one.")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
# What makes a spreadsheet take a cell for a formula: a name is never one, whichever program opens an export.
_FORMULA_START = "=+-@"
_ETH_AS_D = str.maketrans("Ðð", "Đđ")


@dataclass
class PersonDetails:
    """What a coordinator (or a student registering) gives about a person."""

    full_name: str
    username: str
    email: str | None = None
    date_of_birth: date | None = None
    class_name: str | None = None


def tidy(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), without invisible characters (zero-width spaces, soft hyphens, a
    byte order mark) and with its words separated by one space: the same name typed in Unikey's composed or
    decomposed mode, or pasted from a web page, is stored, found and compared as one. The Icelandic eth (Ð, ð),
    which Windows-1258 text read as Windows-1252 and some old fonts put where Đ and đ belong, and which looks the
    same, becomes Đ and đ: no Vietnamese name has an eth, and "ÐẶNG" would be found by nobody searching "Đặng".
    A text that shows nothing (``visible_text.shows_nothing``: a Hangul filler, a lone variation selector...) is
    the empty text."""
    visible = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")
    return "" if shows_nothing(visible) else " ".join(visible.translate(_ETH_AS_D).split())


def normalise(details: PersonDetails) -> PersonDetails:
    """Checked and tidied details (``tidy``); raises InvalidInput naming the field at fault."""
    full_name = tidy(details.full_name)
    if not full_name:
        raise InvalidInput(_l("Full name is required."), "full_name")
    if full_name[0] in _FORMULA_START or not any(c.isalpha() for c in full_name):
        raise InvalidInput(
            _l(
                "The full name %(name)s is not a name: it must have letters and not begin with =, +, - or @.",
                name=full_name,
            ),
            "full_name",
        )
    if len(full_name) > 120:
        raise InvalidInput(_l("Full name is too long (at most 120 characters)."), "full_name")
    username = details.username.strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput(
            _l("Login must be 3–64 characters: lowercase letters without diacritics, digits, dot, dash."),
            "username",
        )
    email = None
    if details.email and details.email.strip():
        try:
            email = validate_email(details.email.strip(), check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise InvalidInput(_l("The e-mail address %(email)s is not valid.", email=details.email), "email") from None
    dob = details.date_of_birth
    if dob is not None and dob > today_local():
        raise InvalidInput(_l("The date of birth cannot be in the future."), "date_of_birth")
    if dob is not None and dob.year < 1900:
        raise InvalidInput(_l("The date of birth must be after the year 1900: check the year."), "date_of_birth")
    class_name = tidy(details.class_name or "") or None
    if class_name and len(class_name) > 20:
        raise InvalidInput(_l("Class is too long (at most 20 characters)."), "class_name")
    return PersonDetails(full_name, username, email, dob, class_name)


def check_unique(session: DbSession, details: PersonDetails, exclude_id: int | None = None) -> None:
    """Raise InvalidInput when the login or e-mail already belongs to someone else."""
    error = taken_details(session, [details], exclude_id)[0]
    if error is not None:
        raise error


UNIQUE_QUERY_CHUNK = 500
"""Logins (and addresses) looked up per query by ``taken_details``: well under any database's parameter limit."""


def taken_details(
    session: DbSession, people: list[PersonDetails], exclude_id: int | None = None
) -> list[InvalidInput | None]:
    """For each of ``people`` (normalised), why it cannot be created (its login, else its e-mail, already belongs to
    someone else), or None; a sheet's worth in a few queries, not one per person."""
    logins = sorted({d.username for d in people})
    emails = sorted({d.email for d in people if d.email})
    taken_logins: set[str] = set()
    taken_emails: set[str] = set()
    for values, column, taken in ((logins, User.username, taken_logins), (emails, User.email, taken_emails)):
        for start in range(0, len(values), UNIQUE_QUERY_CHUNK):
            query = select(func.lower(column)).where(func.lower(column).in_(values[start : start + UNIQUE_QUERY_CHUNK]))
            if exclude_id is not None:
                query = query.where(User.id != exclude_id)
            taken.update(session.scalars(query))
    errors: list[InvalidInput | None] = []
    for details in people:
        if details.username in taken_logins:
            errors.append(InvalidInput(_l("The login %(login)s is already taken.", login=details.username), "username"))
        elif details.email and details.email in taken_emails:
            errors.append(InvalidInput(_l("The e-mail %(email)s is already used.", email=details.email), "email"))
        else:
            errors.append(None)
    return errors


# --- who manages whom -----------------------------------------------------------------------------------


def manageable_units(
    session: DbSession, actor: User, *, active_only: bool = True, keep: int | None = None
) -> list[Unit]:
    """The units ``actor`` may put people in, for a form's choices: the active ones (a deactivated unit takes
    nobody), and ``keep`` (a person's own unit, even deactivated); every one with ``active_only=False`` (filters)."""
    ids = managed_unit_ids(session, actor)
    query = select(Unit)
    if active_only:
        query = query.where(or_(Unit.active.is_(True), Unit.id == keep))
    if ids is not None:
        query = query.where(Unit.id.in_(ids))
    return sorted(session.scalars(query), key=lambda u: title_key(u.name))


def get_managed(session: DbSession, actor: User, person_id: int) -> User:
    """The person with ``person_id`` if ``actor`` manages their account (``may_manage_account``); NotAllowed
    otherwise (also when absent, so that ids of other units' people cannot be probed)."""
    person = session.get(User, person_id)
    if person is None or not may_manage_account(session, actor, person):
        raise NotAllowed()
    return person


def people_query(
    session: DbSession,
    actor: User,
    *,
    unit_id: int | None = None,
    search: str = "",
    status: AccountStatus | None = None,
) -> Select[User]:
    """The people ``actor`` manages, in Vietnamese name order, optionally filtered."""
    units = managed_unit_ids(session, actor)
    query = select(User).order_by(User.sort_key, User.id)
    if units is not None:
        query = query.where(User.unit_id.in_(units))
    if not actor.has_role(Role.ADMIN):
        powerful = select(UserRole.user_id).where(UserRole.role.not_in(COORDINATED_ROLES))
        query = query.where(User.id.not_in(powerful), User.organisation_id.is_(None), User.company_name.is_(None))
    if unit_id is not None:
        query = query.where(User.unit_id == unit_id)
    if status is not None:
        query = query.where(User.status == status)
    if search.strip():
        query = query.where(search_clause(search))
    return query


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_clause(search: str) -> ColumnElement[bool]:
    """Whether a person matches ``search``, ignoring case and diacritics ("nguyen" finds "Nguyễn", "Ánh" finds
    "Đặng Quốc Ánh", "đ" is "d"): every word of the query begins a word of the name, or the query begins the login.

    A query word matches the start of a name's word, not its inside: "anh" finds "Ánh" and "Anh Thư" but not
    "Khánh" or "Thanh", which would drown a Vietnamese list (and "nguy" still finds "Nguyễn" while typing).
    """
    words = fold(search).split()
    by_name = [
        or_(
            User.search_name.like(f"{_like_escape(w)}%", escape="\\"),
            User.search_name.like(f"% {_like_escape(w)}%", escape="\\"),
        )
        for w in words
    ]
    by_login = func.lower(User.username).like(f"{_like_escape(search.strip().lower())}%", escape="\\")
    return or_(and_(*by_name), by_login)


# --- life cycle -------------------------------------------------------------------------------------------


def _check_unit_allowed(session: DbSession, actor: User, unit_id: int) -> Unit:
    units = managed_unit_ids(session, actor)
    unit = session.get(Unit, unit_id)
    if unit is None or (units is not None and unit_id not in units):
        raise NotAllowed()
    return unit


def _assignable_roles(actor: User, roles: set[Role]) -> set[Role]:
    """Coordinators may make students, teachers and coordinators; only admins give the other roles."""
    allowed = set(Role) if actor.has_role(Role.ADMIN) else {Role.STUDENT, Role.TEACHER, Role.COORDINATOR}
    if not roles <= allowed:
        raise NotAllowed()
    if not roles:
        raise InvalidInput(_l("Choose at least one role."), "roles")
    return roles


def _new_user(details: PersonDetails, unit_id: int, password_hash: str, status: AccountStatus) -> User:
    """An account of ``details`` (already ``normalise``d) in ``unit_id``, not yet added to the session."""
    return User(
        full_name=details.full_name,
        sort_key=sort_key(details.full_name),
        username=details.username,
        email=details.email,
        date_of_birth=details.date_of_birth,
        class_name=details.class_name,
        unit_id=unit_id,
        password_hash=password_hash,
        status=status,
    )


def create_person(
    session: DbSession, actor: User, unit_id: int, details: PersonDetails, roles: set[Role]
) -> tuple[User, str]:
    """A new active account in an active unit ``actor`` manages, and its temporary password (to hand over)."""
    return create_people(session, actor, [(unit_id, details, roles)])[0]


def create_people(
    session: DbSession, actor: User, people: list[tuple[int, PersonDetails, set[Role]]]
) -> list[tuple[User, str]]:
    """New active accounts, each (unit, details, roles) of ``people`` as ``create_person`` makes one, and their
    temporary passwords, in order. Raises InvalidInput or NotAllowed for the first person at fault; the caller's
    transaction keeps it all or nothing. Units and logins are checked once for all, the passwords hashed in
    parallel (``passwords.hash_passwords``) and the accounts written in one flush, each with its audit entry."""
    for unit_id in dict.fromkeys(unit_id for unit_id, _details, _roles in people):
        if not _check_unit_allowed(session, actor, unit_id).active:
            raise InvalidInput(_l("This unit is no longer active: choose another one."), "unit")
    tidied = [normalise(details) for _unit_id, details, _roles in people]
    given = [_assignable_roles(actor, roles) for _unit_id, _details, roles in people]
    error = next((e for e in taken_details(session, tidied) if e is not None), None)
    if error is not None:
        raise error
    passwords = [password_policy.temporary_password(d.username, d.full_name, d.email) for d in tidied]
    created = []
    for (unit_id, _details, _roles), details, roles, password_hash in zip(
        people, tidied, given, hash_passwords(passwords), strict=True
    ):
        person = _new_user(details, unit_id, password_hash, AccountStatus.ACTIVE)
        person.must_change_password = True
        person.set_roles(roles)
        created.append(person)
    session.add_all(created)
    flush_or_refuse(session, JUST_TAKEN, "username")  # the same login or e-mail created at the same moment
    for person in created:
        audit.record(session, "person.create", actor_id=actor.id, object_type="user", object_id=person.id)
    return list(zip(created, passwords, strict=True))


def update_person(
    session: DbSession, actor: User, person: User, unit_id: int, details: PersonDetails, roles: set[Role]
) -> None:
    """Change ``person``'s details, unit and roles. Moved to another unit, their registrations follow
    (``registration_moves.follow_move``): refused, changing nothing, while they are in a team of their present unit
    in a contest still taking registrations. A new class or unit that a registration of theirs still counting would
    not take (its category's grades, a local round's reach: ``person_fit``) is refused, changing nothing."""
    if not may_manage_account(session, actor, person):
        raise NotAllowed()
    unit = _check_unit_allowed(session, actor, unit_id)
    details = normalise(details)
    check_unique(session, details, exclude_id=person.id)
    roles = _assignable_roles(actor, roles) if roles != person.roles else roles
    person_fit.check_change(session, person, details.class_name, unit)
    if unit_id != person.unit_id:
        registration_moves.follow_move(session, actor, person, unit_id)
    person.full_name = details.full_name
    person.sort_key = sort_key(details.full_name)
    person.username = details.username
    person.email = details.email
    person.date_of_birth = details.date_of_birth
    person.class_name = details.class_name
    person.unit_id = unit_id
    person.set_roles(roles)
    flush_or_refuse(session, JUST_TAKEN, "username")
    audit.record(session, "person.update", actor_id=actor.id, object_type="user", object_id=person.id)


def set_status(session: DbSession, actor: User, person: User, status: AccountStatus) -> None:
    """Confirm (activate) or deactivate a person; nobody deactivates themselves. A deactivated person's sessions and
    API tokens end."""
    if not may_manage_account(session, actor, person) or person.id == actor.id:
        raise NotAllowed()
    person.status = status
    if status is AccountStatus.DEACTIVATED:
        account_access.end_all_access(session, person)
    audit.record(session, f"person.{status.value}", actor_id=actor.id, object_type="user", object_id=person.id)


def reset_password(session: DbSession, actor: User, person: User) -> str:
    """A new temporary password for ``person``, who must change it at next login; their sessions and API tokens end."""
    if not may_manage_account(session, actor, person):
        raise NotAllowed()
    password = password_policy.temporary_password(person.username, person.full_name, person.email)
    person.password_hash = hash_password(password)
    person.must_change_password = True
    account_access.end_all_access(session, person)
    audit.record(session, "person.reset_password", actor_id=actor.id, object_type="user", object_id=person.id)
    return password


# --- the person themselves ----------------------------------------------------------------------------------


def authenticate(session: DbSession, username: str, password: str) -> User | None:
    """The user with these credentials whose account is active, else None."""
    user = session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())).first()
    if user is None:
        hash_password(password)  # spend the same time as for a real account
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    return user


def password_confirms(user: User, password: str) -> bool:
    """Whether ``password`` is ``user``'s: asked again, of someone logged in, before what a session left open must
    not allow (creating an API token)."""
    return verify_password(user.password_hash, password)


def change_password(session: DbSession, user: User, current: str, new: str) -> None:
    """Set the password ``user`` chose (the policy applies, and it must differ from the current one: a temporary
    password from a coordinator, kept, would stay known to them); every session of theirs, the current one included,
    and every API token end: the caller stamps the current session again to keep it."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput(_l("The current password is not correct."), "current")
    if new == current:
        raise InvalidInput(_l("Choose a new password, not the current one."), "new")
    password_policy.check(new, user.username, user.full_name, user.email)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    account_access.end_all_access(session, user)
    audit.record(session, "person.change_password", actor_id=user.id, object_type="user", object_id=user.id)


def register_student(session: DbSession, school_id: int, details: PersonDetails, password: str) -> User | None:
    """A student's own registration: a pending account that their school's coordinator confirms. None when the login
    or the e-mail address is already someone's: nothing is created, the owner is told by mail, and the caller answers
    as it does for a new account (services.people.registration_attempts)."""
    school = session.get(Unit, school_id)
    if school is None or not school.is_school:
        raise InvalidInput(_l("Choose your school from the list."), "school")
    details = normalise(details)
    password_policy.check(password, details.username, details.full_name, details.email)
    if registration_attempts.already_registered(session, details.username, details.email):
        return None
    user = _new_user(details, school.id, hash_password(password), AccountStatus.PENDING)
    user.set_roles({Role.STUDENT})
    if not added_unless_taken(session, user):  # the same login or e-mail registered at the same moment
        registration_attempts.already_registered(session, details.username, details.email)
        return None
    audit.record(session, "person.register", actor_id=user.id, object_type="user", object_id=user.id)
    return user
