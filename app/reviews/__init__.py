"""Judging entries by people: rubrics, the panel, assignment, blind score sheets and reopening them.

Views live in one module per audience: ``rubric`` and ``panel`` (organisers: criteria, judges, assignment),
``scoring`` (a judge's queue, the blind entry page, the score sheet, declaring a conflict) and ``head`` (the sheets
of a contest for its head judge and organisers; reopening a sheet).
"""

from flask import Blueprint

bp = Blueprint("reviews", __name__, template_folder="templates")

from . import head, panel, rubric, scoring  # noqa: E402,F401
