"""Coordinators manage their unit's people: list, add, edit, confirm, deactivate, import, export."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people", template_folder="templates")

from . import views  # noqa: E402,F401
