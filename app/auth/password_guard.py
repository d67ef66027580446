"""A user who must change their password (a temporary one from their coordinator) reaches nothing else until they
have: every page but the change form, logging out, the language switch and static files sends them to the form.

The API, which knows its callers by their token and never by the session, says the same in JSON (``api.auth``).
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from . import bp
from .confirmed_login import confirmed_view

ALLOWED_ENDPOINTS = frozenset({"auth.change_password", "auth.logout", "auth.switch_language", "static", "home.favicon"})


@bp.before_app_request
def require_new_password() -> Response | None:
    """Redirect to the change form while the logged-in user must change their password."""
    if request.blueprint == "api" or request.endpoint in ALLOWED_ENDPOINTS:
        return None
    if confirmed_view(request.endpoint):  # the confirmation has found no password to change, without loading the user
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        flash(_("Please choose a new password before you go on."), "info")
        return redirect(url_for("auth.change_password"))
    return None
