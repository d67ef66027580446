"""The public page that checks a certificate by its number (``services.results.verification``): no login."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..extensions import db
from ..services.results import verification
from ..services.results.awards import LEVEL_LABELS
from ..timeutil import format_day

bp = Blueprint("certificates", __name__, template_folder="templates")


@bp.route("/certificates/verify")
def verify() -> str:
    typed = request.args.get("code", "")
    code = verification.normalised(typed)
    found = verification.lookup(db.session, code) if code else None
    day = format_day(found.issued_at) if found else ""  # the day printed on it, in Vietnam
    return render_template("results/verify.html", code=code, found=found, day=day, LEVEL_LABELS=LEVEL_LABELS)
