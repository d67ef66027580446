"""Registrations that name a login or an e-mail address already in use.

Registering must not tell a stranger which logins and addresses have accounts, so such a registration is answered
as a new one is ("your account is created, it awaits confirmation"), nothing is created, and the owners of the
accounts it named are told by e-mail that someone tried: if it was them, they already have an account.
"""

from __future__ import annotations

import secrets

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ...extensions import DbSession
from ...models import User
from ..records.outbox import mail_locale, send_mail
from .passwords import hash_password


def already_registered(session: DbSession, username: str, email: str | None) -> bool:
    """True when ``username`` or ``email`` (both normalised, lowercase) belongs to an account, whose owner has then
    been mailed; the caller creates nothing and answers as for a new account."""
    clauses = [func.lower(User.username) == username]
    if email:
        clauses.append(func.lower(User.email) == email)
    owners = list(session.scalars(select(User).where(or_(*clauses)).order_by(User.id)))
    if not owners:
        return False
    hash_password(secrets.token_hex(8))  # as long as creating an account takes: the time tells nothing either
    for owner in owners:
        _tell(session, owner)
    return True


def _tell(session: DbSession, owner: User) -> None:
    if not owner.email:
        return  # nobody to tell; the registrant's answer is the same all the same
    with force_locale(mail_locale()):
        subject = _("Someone tried to register a hoithi account with your details")
        body = "\n\n".join(
            [
                _("Hello %(name)s,", name=owner.full_name),
                _(
                    "Someone (perhaps you) tried to register a new hoithi account with your login %(login)s or your "
                    "e-mail address. No account was created: you already have one.",
                    login=owner.username,
                ),
                _(
                    'If it was you, log in as %(login)s; if you forgot your password, choose "Forgot password?" on '
                    "the login page. If it was not you, you need not do anything: your account is unchanged.",
                    login=owner.username,
                ),
            ]
        )
    send_mail(session, [owner.email], subject, body)
