"""Flask-Login's manager, with session protection kept to sessions that hold a login.

Flask-Login's "basic" session protection marks a session whose address or browser differs from the one it was opened
with by setting ``_fresh`` to False in it. A session without a login has no such record (``_id`` is written at login),
so every request that looks at ``current_user`` with a session holding anything else (the login form's CSRF token,
the chosen language) wrote that mark, and with it the session cookie, once more. That cookie overwrites whatever the
browser was given meanwhile: a request begun before a login (the page's icon, fetched while the form was sent) and
answered after it put back the session as it was before, and the login was lost. A session with no login has
nothing to protect, so nothing is written for it; a session with a login is protected exactly as Flask-Login does.
"""

from __future__ import annotations

import flask_login
from flask import session


class LoginManager(flask_login.LoginManager):
    """``flask_login.LoginManager`` whose session protection leaves a session that holds no login untouched."""

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False  # no login to protect; marking the session would only write the cookie again
        return bool(super()._session_protection_failed())  # type: ignore[misc]  # Flask-Login's own, absent from its stubs
