"""Taking the theory test: the pupil's page (start, then the sheet with its countdown, then the result), each
ticked answer saved at once (JSON, with the form's CSRF token), submitting, and the sheet printable once closed.
The end time is the server's; a sheet whose time is over is closed when it is read. A disqualified pupil reads why
instead of the test (403), as on the problems page."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, visible_contest
from ..extensions import db
from ..models import Contest, Quiz, Sheet
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.programming import contestant, disqualification
from ..services.quizzes import sheets
from ..timeutil import utcnow
from . import bp
from .forms import AnswerForm, ConfirmForm
from .rendering import HELPERS


def _quiz(contest: Contest) -> Quiz:
    """The test of the user's board; 404 when they are in no board with a test."""
    quiz = sheets.quiz_of_pupil(db.session, contest, me())
    if quiz is None:
        abort(404)
    return quiz


def _sheet(quiz: Quiz) -> Sheet:
    sheet = sheets.sheet_of(db.session, quiz, me())
    if sheet is None:
        abort(404)
    return sheet


def _confirmed() -> bool:
    """Whether the posted button's CSRF token is good (else the expired form is said)."""
    if ConfirmForm().validate_on_submit():
        return True
    flash(_("The form has expired. Please go back, reload it and try again."), "error")
    return False


@bp.route("/quiz")
@login_required
def take_quiz(contest_id: int) -> str | tuple[str, int]:
    contest = visible_contest(contest_id, programming=True)
    quiz = _quiz(contest)
    refused = disqualification.refusal(contestant.registration_of(db.session, contest, me()))
    if refused is not None:
        return render_template("quizzes/take.html", contest=contest, quiz=quiz, refused=refused), 403
    sheet = sheets.sheet_of(db.session, quiz, me())
    db.session.commit()  # a sheet whose time was over is closed now
    now = utcnow()
    return render_template(
        "quizzes/take.html",
        contest=contest,
        quiz=quiz,
        sheet=sheet,
        items=sheets.items(db.session, sheet) if sheet else [],
        open_now=quiz.opens_at <= now < quiz.closes_at,
        seconds_left=max(0, int((sheet.ends_at - now).total_seconds())) if sheet else 0,
        form=AnswerForm(formdata=None),
        **HELPERS,
    )


@bp.route("/quiz/start", methods=["POST"])
@login_required
def start_quiz(contest_id: int) -> Response:
    contest = visible_contest(contest_id, programming=True)
    quiz = _quiz(contest)
    if _confirmed():
        commit_or_refuse(lambda: sheets.start(db.session, contest, quiz, me()))
    return redirect(url_for("quizzes.take_quiz", contest_id=contest.id))


@bp.route("/quiz/answer", methods=["POST"])
@login_required
def save_answer(contest_id: int) -> tuple[Response, int]:
    """Save one question's answer; JSON ``{"saved": true}``, or ``{"error": message}`` with 400 (bad form or
    token) or 409 (refused: time over, not on the sheet), nothing changed."""
    contest = visible_contest(contest_id, programming=True)
    sheet = _sheet(_quiz(contest))
    form = AnswerForm()
    if not form.validate_on_submit():
        db.session.commit()
        return jsonify(error=_("The answer could not be read: reload the page and try again.")), 400
    try:
        sheets.save_answer(db.session, sheet, form.question.data or 0, list(form.option.data or []))
    except InvalidInput as error:
        db.session.rollback()
        sheets.close_if_due(db.session, sheet)
        db.session.commit()
        return jsonify(error=str(error.message)), 409
    db.session.commit()
    return jsonify(saved=True), 200


@bp.route("/quiz/submit", methods=["POST"])
@login_required
def submit_quiz(contest_id: int) -> Response:
    contest = visible_contest(contest_id, programming=True)
    sheet = _sheet(_quiz(contest))
    if _confirmed():
        commit_or_refuse(lambda: sheets.submit(db.session, sheet), _("Your sheet has been handed in."))
    return redirect(url_for("quizzes.take_quiz", contest_id=contest.id))


@bp.route("/quiz/print")
@login_required
def print_sheet(contest_id: int) -> str:
    """The pupil's own sheet, printable, once it is closed; the right answers marked once the test has closed."""
    contest = visible_contest(contest_id, programming=True)
    sheet = _sheet(_quiz(contest))
    db.session.commit()
    if sheet.closed_at is None:
        abort(404)
    return render_template(
        "quizzes/sheet_print.html",
        contest=contest,
        sheet=sheet,
        items=sheets.items(db.session, sheet),
        show_key=sheets.key_shown(sheet.quiz),  # not while others may still be answering the same questions
        **HELPERS,
    )
