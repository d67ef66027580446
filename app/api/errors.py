"""Errors of the API as JSON: ``{"error": "<translated message>"}`` with the HTTP status, never an HTML page.

A 429 says how long to wait, in its message and in the ``Retry-After`` header (seconds)."""

from __future__ import annotations

import math
import time

from flask import current_app, jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..extensions import db, limiter
from ..services.errors import InvalidInput, NotAllowed, NotFound, TooSoon
from ..services.unique_rows import SIMULTANEOUS
from . import bp

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("A valid API token is required: send it as the header 'Authorization: Bearer <token>'."),
    403: _l("You are not allowed to do this."),
    404: _l("This does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The request is too large."),
    409: SIMULTANEOUS,
    422: _l("The request cannot be carried out."),
    500: _l("Something went wrong on our side. The error has been logged."),
}


def error(status: int, message: object | None = None, **extra: object) -> Response:
    """A JSON error response; ``message`` defaults to the one of the status."""
    response = jsonify(error=str(message or MESSAGES.get(status, MESSAGES[500])), **extra)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hoithi"'
    return response


def too_many(retry_after_s: int, message: object | None = None, **extra: object) -> Response:
    """A 429 that says how long to wait: ``message``, else one naming the seconds, and ``Retry-After``."""
    message = message or _("Too many requests. Please try again in %(s)d seconds.", s=retry_after_s)
    response = error(429, message, **extra)
    response.headers["Retry-After"] = str(retry_after_s)
    return response


def _limiter_wait() -> int:
    """The seconds until the rate limit the request broke lets requests through again (60 if unknown)."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, math.ceil(limit.window[0] - time.time()))


class ApiError(Exception):
    """Answer with ``status`` and ``message`` (translated; the status's own message when None)."""

    def __init__(self, status: int, message: object | None = None) -> None:
        super().__init__(str(message or status))
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def api_error(e: ApiError) -> Response:
    db.session.rollback()
    return error(e.status, e.message)


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException) -> Response:
    if e.code == 429:
        return too_many(_limiter_wait())
    return error(e.code or 500)


@bp.errorhandler(InvalidInput)
def invalid_input(e: InvalidInput) -> Response:
    db.session.rollback()
    if isinstance(e, TooSoon):
        return too_many(e.retry_after_s, e.message, field=e.field)
    return error(422, e.message, field=e.field)


@bp.errorhandler(NotAllowed)
def not_allowed(e: NotAllowed) -> Response:
    db.session.rollback()
    return error(403)


@bp.errorhandler(NotFound)
def not_found(e: NotFound) -> Response:
    db.session.rollback()
    return error(404)


@bp.errorhandler(IntegrityError)
def simultaneous(e: IntegrityError) -> Response:
    """A constraint refused a write that a concurrent request made first: the client may try again."""
    db.session.rollback()
    current_app.logger.warning("API write refused by a constraint (a concurrent request?): %s", e.orig)
    return error(409)


@bp.errorhandler(Exception)
def fault(e: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("API fault")
    return error(500)
