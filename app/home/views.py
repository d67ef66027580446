"""The landing page after login."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

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
