"""The JSON API under /api/v1, authenticated by bearer tokens, described by an OpenAPI document.

The API takes no cookies (see ``auth``), so it is exempt from CSRF protection. The page where people manage
their tokens is an ordinary session page outside /api/v1 (``tokens_views``), registered by the app factory.
"""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from . import auth, contests, errors, openapi, scoreboard, submissions  # noqa: E402,F401
