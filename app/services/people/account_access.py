"""Ending a user's access: every session of theirs, and every API token where their password or their account
changes.

Each session carries the user's session generation at login (``User.get_id``) and the user loader refuses a session
of another generation, so raising the generation ends every session on its next request, wherever its cookie is.
A caller that keeps the current session (a password change) stamps it again after committing (``login_user``).
"""

from __future__ import annotations

from sqlalchemy import delete

from ...extensions import DbSession
from ...models import ApiToken, User


def end_sessions(session: DbSession, user: User) -> None:
    """Every session of ``user`` ends at its next request, the current one included (flushed, not committed)."""
    user.session_generation = User.session_generation + 1  # in SQL: two requests at once both count
    session.flush()


def end_all_access(session: DbSession, user: User) -> None:
    """Every session and every API token of ``user`` end (flushed, not committed): for a password set by a reset or
    a change, and for a deactivated account."""
    end_sessions(session, user)
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
