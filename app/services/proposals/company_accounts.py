"""Company accounts: a business that proposes contests registers itself; its account stays pending until a Sở
reviewer (or an administrator) has checked who it is and activates it.

Self-registration keeps the Sở from typing in every company, while activation keeps an unknown party from
speaking for a company it is not: a pending account only names its company (``User.company_name`` and
``company_tax_code``), and the company's Organisation is found or created, with that tax code, when a reviewer
activates it. The account belongs to the Sở's unit (every account has a unit) and then to the company's Organisation;
it has no role: it proposes contests and sees its company's proposals, nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import DbSession
from ...models import AccountStatus, Organisation, OrganisationKind, Unit, UnitKind, User
from ...policies.proposals import may_manage_companies
from ...vnsort import sort_key
from ..errors import InvalidInput, NotAllowed
from ..people import account_access, accounts, password_policy, registration_attempts
from ..people.passwords import hash_password
from ..records import audit
from ..records.outbox import mail_locale, send_mail
from ..unique_rows import SIMULTANEOUS, added_unless_taken, flush_or_refuse
from .proposal_mail import reviewer_addresses

# A Vietnamese enterprise code (mã số doanh nghiệp / mã số thuế): 10 digits, or 13 for a branch ("0101234567-001").
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


@dataclass
class CompanyDetails:
    company_name: str
    tax_code: str
    contact_name: str
    email: str
    username: str


def _known(session: DbSession, name: str) -> Organisation | None:
    """The organisation of that name, in any case (SQLite's lower() folds ASCII letters only: the exact name first)."""
    same = (Organisation.name == name) | (func.lower(Organisation.name) == name.lower())
    return session.scalars(select(Organisation).where(same).order_by(Organisation.name != name)).first()


def _check_known(found: Organisation | None, tax_code: str) -> None:
    """InvalidInput when an organisation of the name is known as something else: not a business, or a business
    whose tax code (set when the Sở activated one of its accounts) differs."""
    if found is not None and (
        found.kind is not OrganisationKind.BUSINESS or (found.tax_code and found.tax_code != tax_code)
    ):
        raise InvalidInput(
            _l("An organisation of this name is already known with another tax code: contact the Department."),
            "company_name",
        )


def _attach(session: DbSession, account: User) -> None:
    """Tie an account being activated to the organisation it named, created on first use, with its tax code: the
    only moment an account's word reaches the Organisation, once a reviewer has checked it."""
    name, tax_code = account.company_name or "", account.company_tax_code or ""
    found = _known(session, name)
    _check_known(found, tax_code)
    if found is None:
        found = Organisation(name=name, kind=OrganisationKind.BUSINESS)
        session.add(found)
    found.tax_code = tax_code
    account.organisation = found
    flush_or_refuse(session, SIMULTANEOUS)  # the company's first two accounts activated at the same moment


def register_company(session: DbSession, details: CompanyDetails, password: str) -> User | None:
    """A pending account for a company's contact person, holding the company's name and tax code as given; the
    reviewers are mailed to check and activate it. No organisation is created or changed until then, so that a
    registration nobody has checked cannot claim a company's name or tax code. None when the login or the e-mail
    address is already someone's: nothing is created, the owner is told by mail, and the caller answers as it does
    for a new account (services.people.registration_attempts)."""
    name = " ".join(details.company_name.split())
    if not name:
        raise InvalidInput(_l("The company's name is required."), "company_name")
    if len(name) > 200:
        raise InvalidInput(_l("The company's name is too long (at most 200 characters)."), "company_name")
    tax_code = details.tax_code.strip()
    if not TAX_CODE.match(tax_code):
        raise InvalidInput(_l("The tax code has 10 digits (13 for a branch: 0101234567-001)."), "tax_code")
    if not (details.email or "").strip():
        raise InvalidInput(_l("The e-mail address is required: decisions are sent there."), "email")
    person = accounts.normalise(accounts.PersonDetails(details.contact_name, details.username, details.email))
    password_policy.check(password, person.username, person.full_name, person.email)
    _check_known(_known(session, name), tax_code)  # nothing is written to the organisation before activation
    department = session.scalars(
        select(Unit).where(Unit.kind == UnitKind.DEPARTMENT, Unit.parent_id.is_(None)).order_by(Unit.id)
    ).first()
    if department is None:
        raise InvalidInput(_l("Company registration is not open yet."), "company_name")
    if registration_attempts.already_registered(session, person.username, person.email):
        return None
    user = User(
        full_name=person.full_name,
        sort_key=sort_key(person.full_name),
        username=person.username,
        email=person.email,
        unit_id=department.id,
        company_name=name,
        company_tax_code=tax_code,
        password_hash=hash_password(password),
        status=AccountStatus.PENDING,
    )
    if not added_unless_taken(session, user):  # the same login or e-mail registered at the same moment
        registration_attempts.already_registered(session, person.username, person.email)
        return None
    audit.record(
        session, "company.register", actor_id=user.id, object_type="user", object_id=user.id, data={"company": name}
    )
    with force_locale(mail_locale()):
        subject = _("A company account awaits activation: %(name)s", name=name)
        body = _(
            "%(person)s registered an account for %(name)s (tax code %(tax_code)s, %(email)s). Check who they are "
            "before activating it.\n",
            person=user.full_name,
            name=name,
            tax_code=tax_code,
            email=user.email,
        )
    send_mail(session, reviewer_addresses(session), subject, body)
    return user


def company_accounts(session: DbSession) -> list[User]:
    """Every company account, pending ones first, then by company."""
    return list(
        session.scalars(
            select(User)
            .outerjoin(Organisation, Organisation.id == User.organisation_id)
            .where(User.organisation_id.is_not(None) | User.company_name.is_not(None))
            .order_by(
                User.status != AccountStatus.PENDING,
                func.lower(func.coalesce(Organisation.name, User.company_name)),
                User.id,
            )
        )
    )


def set_status(session: DbSession, actor: User, account: User, status: AccountStatus) -> None:
    """Activate or deactivate a company account; the company is mailed when it becomes active, and a deactivated
    account's sessions and API tokens end. The first activation ties the account to the organisation it named
    (``_attach``): InvalidInput, nothing changed, when that organisation is known with another tax code."""
    if not may_manage_companies(actor) or not account.is_company:
        raise NotAllowed()
    if account.status is status:
        return
    if status is AccountStatus.ACTIVE and account.organisation_id is None:
        _attach(session, account)
    account.status = status
    if status is AccountStatus.DEACTIVATED:
        account_access.end_all_access(session, account)
    audit.record(
        session,
        f"company.{status.value}",
        actor_id=actor.id,
        object_type="user",
        object_id=account.id,
        data={"organisation": account.organisation_id},
    )
    if status is AccountStatus.ACTIVE and account.email:
        with force_locale(mail_locale()):
            subject = _("Your hoithi account is active")
            body = _(
                "The Department has activated the account %(username)s for %(name)s: you can now log in and propose "
                "contests.\n",
                username=account.username,
                name=account.organisation.name if account.organisation else "",
            )
        send_mail(session, [account.email], subject, body)
