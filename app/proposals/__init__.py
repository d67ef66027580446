"""Contest proposals (Section 8): proposers' forms and pages, the Sở's decisions, units' reports of companies'
contests, and companies' own registration."""

from flask import Blueprint

bp = Blueprint("proposals", __name__, template_folder="templates")

from . import company, reports, views  # noqa: E402,F401
