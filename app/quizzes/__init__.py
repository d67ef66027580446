"""The theory test of a programming contest's board (Tin học trẻ Bảng A) on the web, and a board's combined result.

Views live in one module per audience: ``bank`` (the organisers' question bank and its import), ``organiser``
(a board's test settings, its sheets, the item analysis, the combined result), ``pupil`` (taking the test).
"""

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/contests/<int:contest_id>", template_folder="templates")

from . import bank, organiser, pupil  # noqa: E402,F401
