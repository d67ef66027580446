"""Each user's landing page: what waits for them, per role (services.home)."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
