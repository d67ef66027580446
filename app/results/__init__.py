"""Results of contests judged by people: reconciliation, ranking, award rules, publication, certificates, export."""

from flask import Blueprint

bp = Blueprint("results", __name__, template_folder="templates", url_prefix="/contests/<int:contest_id>/results")

from . import views  # noqa: E402,F401
