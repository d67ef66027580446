"""Forgotten passwords: a signed link, valid for a short time, that sets a new password once.

The link carries the account's id and a fingerprint of its current password hash, signed with the app's secret key
and timestamped (itsdangerous). Setting the password changes the hash, so the same link (and any other sent before)
no longer matches: single use is enforced here, on the server, and by a compare-and-set of the hash, so that two
submissions of one link cannot both win. Nothing is stored for a request, and whether an address belongs to an
account is never revealed: the caller says the same thing either way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits.storage import Storage
from sqlalchemy import func, select, update

from ...extensions import DbSession
from ...models import User
from ..records import audit
from . import account_access, password_policy
from .passwords import hash_password

SALT = "hoithi.password-reset"
MAILS_PER_ACCOUNT_PER_HOUR = 5


class BadLink(Exception):
    """A reset link that cannot be used: ``reason`` is "invalid", "expired" or "used"."""

    def __init__(self, reason: Literal["invalid", "expired", "used"]) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ResetMail:
    """What the caller sends, once the transaction is over: the token goes into the link."""

    to: str
    full_name: str
    username: str
    user_id: int
    token: str


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:20]


def request_reset(session: DbSession, secret_key: str, email: str) -> ResetMail | None:
    """The mail to send for ``email``, or None when no active account has that address."""
    address = email.strip().lower()
    if not address:
        return None
    user = session.scalars(select(User).where(func.lower(User.email) == address)).first()
    if user is None or not user.is_active or not user.email:
        return None
    token = _serializer(secret_key).dumps({"u": user.id, "p": _fingerprint(user.password_hash)})
    return ResetMail(user.email, user.full_name, user.username, user.id, token)


def may_send(storage: Storage, user_id: int) -> bool:
    """Count one more mail to this account; False past a few an hour (nobody's mailbox is flooded through us)."""
    return storage.incr(f"hoithi/password-reset/{user_id}", 3600) <= MAILS_PER_ACCOUNT_PER_HOUR


def check_link(session: DbSession, secret_key: str, token: str, max_age_seconds: int) -> User:
    """The account whose password the link may set; BadLink says why it cannot."""
    try:
        data = _serializer(secret_key).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        raise BadLink("expired") from None
    except BadSignature:
        raise BadLink("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise BadLink("invalid")
    user = session.get(User, data["u"])
    if user is None or not user.is_active:
        raise BadLink("invalid")
    if data.get("p") != _fingerprint(user.password_hash):
        raise BadLink("used")
    return user


def reset_password(session: DbSession, secret_key: str, token: str, max_age_seconds: int, new_password: str) -> User:
    """Set the password the link's owner chose (the policy applies); the link stops working, and so do every session
    and API token of the account."""
    user = check_link(session, secret_key, token, max_age_seconds)
    password_policy.check(new_password, user.username, user.full_name, user.email)
    changed = session.execute(
        update(User)
        .where(User.id == user.id, User.password_hash == user.password_hash)
        .values(password_hash=hash_password(new_password), must_change_password=False)
        .execution_options(synchronize_session="fetch")
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        raise BadLink("used")  # another submission of the same link won the race
    account_access.end_all_access(session, user)
    audit.record(session, "person.reset_password_by_mail", actor_id=user.id, object_type="user", object_id=user.id)
    return user
