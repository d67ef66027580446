"""Contests: the public list and pages, organisers' setup, registration."""

from flask import Blueprint

bp = Blueprint("contests", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
