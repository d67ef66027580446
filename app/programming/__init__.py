"""Programming contests on the web (Tin học trẻ): problems, submissions, live status, scoreboard, organisers'
tools.

Views live in one module per audience: ``contestant`` (problems, submitting, own submissions), ``scoreboard``,
``organiser`` (problems, settings, rejudging, judging, announcements and clarifications), ``statements``
(writing a statement, its images, a new package), ``themis`` (Themis contest folders in and out).
"""

from flask import Blueprint

bp = Blueprint("programming", __name__, url_prefix="/contests/<int:contest_id>", template_folder="templates")

from . import awards, clarify, contestant, disqualify, extra_time, lab, organiser  # noqa: E402,F401,I001
from . import scoreboard, statements, test_runs, themis  # noqa: E402,F401
