"""Bearer tokens of the JSON API: creating them (the token is shown once and only its SHA-256 is kept),
listing, revoking, and finding the user a presented token belongs to.

Every token expires: its owner chooses the lifetime when creating it (``DEFAULT_DAYS`` unless they choose
otherwise, at most ``MAX_DAYS``, as GitHub and GitLab cap theirs), so that a token copied into a script and
forgotten, or leaked with it, stops working on its own. An expired token is refused with its own message (the
program's owner must learn to make a new one, not suspect a typo); it stays listed, marked, until revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ...extensions import DbSession
from ...models import ApiToken, User
from ...timeutil import utcnow
from ..errors import InvalidInput, NotAllowed
from ..records import audit

PREFIX = "hoithi_"
TOKEN_LENGTH = len(PREFIX) + 40  # 30 random bytes are 40 URL-safe characters
MAX_TOKENS_PER_USER = 10
NAME_MAX = 100
DEFAULT_DAYS = 30
MAX_DAYS = 365
LIFETIMES = (7, 30, 90, 180, 365)  # the lifetimes the tokens page offers, in days
# last_used_at is written at most this often per token, so that reading the API is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenExpired(Exception):
    """A known token of an active user whose lifetime is over (``expires_at``, naive UTC)."""

    def __init__(self, expires_at: datetime) -> None:
        super().__init__(expires_at)
        self.expires_at = expires_at


def is_expired(row: ApiToken, now: datetime) -> bool:
    """Whether ``row`` is refused at ``now``: from its ``expires_at`` on."""
    return now >= row.expires_at


def tokens_of(session: DbSession, user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def create(session: DbSession, user: User, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token of ``user`` named ``name`` that expires ``days`` days from now (flushed and audited, not
    committed) and the token itself, which is not kept anywhere: the caller shows it once. Refuses an empty or
    over-long name, a lifetime outside 1..``MAX_DAYS`` days and more than ``MAX_TOKENS_PER_USER`` tokens per user
    (expired ones count until revoked)."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_l("A token lasts from 1 to %(n)d days.", n=MAX_DAYS), "days")
    name = name.strip()
    if not name:
        raise InvalidInput(_l("Give the token a name."), "name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_l("The name is longer than %(n)d characters.", n=NAME_MAX), "name")
    count = session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id))
    if (count or 0) >= MAX_TOKENS_PER_USER:
        raise InvalidInput(
            _l("You have %(n)d tokens already. Revoke one you no longer use first.", n=MAX_TOKENS_PER_USER)
        )
    token = PREFIX + secrets.token_urlsafe(30)
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), expires_at=utcnow() + timedelta(days=days))
    session.add(row)
    session.flush()
    audit.record(
        session, "api_token.create", actor_id=user.id, object_type="api_token", object_id=row.id, data={"days": days}
    )
    return row, token


def revoke(session: DbSession, user: User, token_id: int) -> None:
    """Delete one of ``user``'s tokens; a revoked token is unknown from then on. NotAllowed for a token that
    is not theirs (or does not exist)."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotAllowed()
    session.delete(row)
    session.flush()
    audit.record(session, "api_token.revoke", actor_id=user.id, object_type="api_token", object_id=token_id)


def user_for(session: DbSession, token: str, now: datetime | None = None) -> tuple[User | None, bool]:
    """The active user whose token ``token`` is, or None (unknown, revoked, malformed, or the account is not
    active); and whether the use was noted in ``last_used_at``, which is written at most once per
    ``LAST_USED_RESOLUTION`` (the caller commits when it was). Raises TokenExpired for an active user's token
    whose lifetime is over, and notes nothing."""
    if len(token) != TOKEN_LENGTH or not token.startswith(PREFIX):
        return None, False
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not row.user.is_active:
        return None, False
    now = now or utcnow()
    if is_expired(row, now):
        raise TokenExpired(row.expires_at)
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_RESOLUTION:
        return row.user, False
    session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    return row.user, True
