"""The Department's reviewers and the administrator: the queue of proposals and reports, the brand list, the list of
known companies, company accounts, the monthly summary, the audit log, outgoing mail; the unit tree."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

from . import attempts, brands, companies, known_companies, lab, mail, units, views  # noqa: E402,F401
