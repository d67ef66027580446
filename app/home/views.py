"""The landing page after login, and the site's icon."""

from __future__ import annotations

from flask import current_app, render_template
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me
from ..extensions import db
from ..services import home
from ..timeutil import utcnow
from . import bp


@bp.route("/home")
@login_required
def index() -> str:
    now = utcnow()
    return render_template(
        "home/index.html",
        home=home.home_for(db.session, me(), now),
        now=now,
        closing_days=home.CLOSING_SOON_DAYS,
    )


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The site's icon, where a browser asks for it by the old name (a PDF or a download names none): a static file,
    so that it neither loads the user nor touches the session."""
    return current_app.send_static_file("favicon.svg")
