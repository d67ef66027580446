"""The browser session's own random id, kept in Flask's signed session cookie, for what must end with the session
(preview tokens). Made when first needed; logging in and out clears the session, so every login gets a new one."""

from __future__ import annotations

import secrets

from flask import session
from flask_login import current_user

_KEY = "sid"


def session_id() -> str:
    """This browser session's id, made now if it has none."""
    if _KEY not in session:
        session[_KEY] = secrets.token_urlsafe(24)
    return str(session[_KEY])


def logged_in_session_id() -> str | None:
    """The id of the session a request comes with when someone is logged in to it; None for a request without a
    login (a sandboxed frame's requests carry no cookie)."""
    return session_id() if current_user.is_authenticated else None


def existing_session_id() -> str | None:
    """This browser session's id if it has one (made nothing)."""
    value = session.get(_KEY)
    return str(value) if value else None
