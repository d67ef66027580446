"""Logging in and out, changing one's password, students registering themselves, the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from . import password_guard, user_loader, views  # noqa: E402,F401
