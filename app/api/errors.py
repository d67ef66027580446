"""Errors of the API as JSON: ``{"error": "<translated message>"}`` with the HTTP status, never an HTML page."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..extensions import db
from ..services.errors import InvalidInput, NotAllowed, TooSoon
from . import bp

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("A valid API token is required: send it as the header 'Authorization: Bearer <token>'."),
    403: _l("You are not allowed to do this."),
    404: _l("This does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The request is too large."),
    422: _l("The request cannot be carried out."),
    429: _l("Too many requests. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. The error has been logged."),
}


def error(status: int, message: object | None = None, **extra: object) -> Response:
    """A JSON error response; ``message`` defaults to the one of the status."""
    response = jsonify(error=str(message or MESSAGES.get(status, MESSAGES[500])), **extra)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hoithi"'
    return response


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
    return error(e.code or 500)


@bp.errorhandler(InvalidInput)
def invalid_input(e: InvalidInput) -> Response:
    db.session.rollback()
    return error(429 if isinstance(e, TooSoon) else 422, e.message, field=e.field)


@bp.errorhandler(NotAllowed)
def not_allowed(e: NotAllowed) -> Response:
    db.session.rollback()
    return error(403)


@bp.errorhandler(Exception)
def fault(e: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("API fault")
    return error(500)
