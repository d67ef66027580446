"""Who is calling the API: the user of the bearer token in the ``Authorization`` header, and nobody else.

The API never reads the session or its cookie (nor ``flask_login.current_user``): a browser that is logged in
is, to the API, a caller without a token. That is why the blueprint can be exempt from CSRF protection: a
request a third-party page makes the browser send carries the cookie, never the token.
"""

from __future__ import annotations

from typing import cast

from flask import abort, g, jsonify, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import User
from ..services.people import api_tokens
from ..timeutil import format_datetime
from . import bp
from .errors import error

# Endpoints answered without a token: the description of the API itself.
PUBLIC_ENDPOINTS = {"api.openapi"}


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@bp.before_request
def authenticate() -> Response | tuple[Response, int] | None:
    """401 unless the request carries an unexpired token of an active user (public endpoints excepted), saying so
    when the token has expired; 403 while that user must change their password (a temporary one), which they do on
    the web."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    token = bearer_token()
    try:
        user, noted = api_tokens.user_for(db.session, token) if token else (None, False)
    except api_tokens.TokenExpired as expired:
        message = _(
            "This API token expired on %(when)s. Create a new one on the website, on the API tokens page.",
            when=format_datetime(expired.expires_at),
        )
        response = error(401, message)
        # RFC 6750, section 3: the header a client reads to know that the token, not the request, is at fault
        response.headers["WWW-Authenticate"] = (
            'Bearer realm="hoithi", error="invalid_token", error_description="The access token expired"'
        )
        return response
    if user is None:
        abort(401)
    if noted:
        db.session.commit()
    if user.must_change_password:
        return jsonify(error=_("Change your password on the website before using the API.")), 403
    g.api_user = user
    return None


def caller() -> User:
    """The user whose token authenticated this request."""
    return cast(User, g.api_user)
