"""The Department's reviewers and the administrator: proposals awaiting approval, the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

from . import views  # noqa: E402,F401
