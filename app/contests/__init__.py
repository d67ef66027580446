"""Contests: the public list and pages, organisers' setup, registration, rounds that feed one another."""

from flask import Blueprint

bp = Blueprint("contests", __name__, template_folder="templates")

from . import rounds, views  # noqa: E402,F401
