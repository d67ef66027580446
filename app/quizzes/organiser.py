"""A board's theory test on the organisers' side (staff of the contest only): its settings, its sheets and each
one printable, the item analysis, and the board's combined result of theory and practice."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import required
from ..models import Category, Contest, Quiz, Sheet
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.programming import awards as programming_awards
from ..services.quizzes import item_analysis, quiz_settings, sheets
from ..services.results.awards import LEVEL_LABELS
from ..timeutil import from_form, to_local
from . import bp
from .forms import QuizForm
from .rendering import HELPERS


def _category(contest: Contest, category_id: int) -> Category:
    category = next((c for c in contest.categories if c.id == category_id), None)
    if category is None:
        abort(404)
    return category


def _quiz(contest: Contest, category_id: int) -> Quiz:
    quiz = quiz_settings.quiz_for(db.session, contest, _category(contest, category_id).id)
    if quiz is None:
        abort(404)
    return quiz


def _spec(form: QuizForm) -> quiz_settings.QuizSpec:
    return quiz_settings.QuizSpec(
        opens_at=from_form(required(form.opens_at)),
        closes_at=from_form(required(form.closes_at)),
        duration_minutes=required(form.duration_minutes),
        plan=quiz_settings.parse_plan(form.plan.data or ""),
        partial=bool(form.partial.data),
        theory_weight=required(form.theory_weight),
    )


@bp.route("/manage/quiz/boards/<int:category_id>", methods=["GET", "POST"])
@login_required
def quiz_settings_page(contest_id: int, category_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    category = _category(contest, category_id)
    quiz = quiz_settings.quiz_for(db.session, contest, category.id)
    form = QuizForm(obj=quiz)
    if request.method == "GET":
        form.plan.data = quiz_settings.plan_text(db.session, contest, quiz)
        form.opens_at.data = to_local(quiz.opens_at if quiz else contest.submission_opens)
        form.closes_at.data = to_local(quiz.closes_at if quiz else contest.submission_closes)
    if form.validate_on_submit():
        try:
            spec = _spec(form)
        except InvalidInput as error:
            form.plan.errors = [str(error.message)]
        else:
            if commit_or_refuse(lambda: quiz_settings.save(db.session, me(), contest, category, spec), _("Saved.")):
                return redirect(url_for("quizzes.quiz_settings_page", contest_id=contest.id, category_id=category.id))
    return render_template(
        "quizzes/settings.html",
        contest=contest,
        category=category,
        quiz=quiz,
        form=form,
        available=sorted(quiz_settings.available(db.session, contest).items()),
    )


@bp.route("/manage/quiz/boards/<int:category_id>/sheets")
@login_required
def quiz_sheets(contest_id: int, category_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    quiz = _quiz(contest, category_id)
    found = sheets.sheets_of(db.session, quiz)
    db.session.commit()  # sheets whose time was over are closed now
    return render_template("quizzes/sheets.html", contest=contest, quiz=quiz, sheets=found)


@bp.route("/manage/quiz/boards/<int:category_id>/analysis")
@login_required
def quiz_analysis(contest_id: int, category_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    quiz = _quiz(contest, category_id)
    stats = item_analysis.analyse(db.session, quiz)
    db.session.commit()
    return render_template("quizzes/analysis.html", contest=contest, quiz=quiz, stats=stats, **HELPERS)


@bp.route("/manage/quiz/sheets/<int:sheet_id>")
@login_required
def staff_sheet(contest_id: int, sheet_id: int) -> str:
    """A pupil's sheet, printable, for the contest's staff."""
    contest = staff_contest(contest_id, programming=True)
    sheet = db.session.get(Sheet, sheet_id)
    if sheet is None or sheet.quiz.contest_id != contest.id:
        abort(404)
    sheets.close_if_due(db.session, sheet)
    db.session.commit()
    return render_template(
        "quizzes/sheet_print.html",
        contest=contest,
        sheet=sheet,
        items=sheets.items(db.session, sheet),
        show_key=True,
        **HELPERS,
    )


@bp.route("/manage/quiz/result")
@login_required
def combined_result(contest_id: int) -> str:
    """Every board with a test: its pupils ranked by the combined result, with both parts and the award each
    would receive (fixed, with the certificates, when the results are published: the awards pages)."""
    contest = staff_contest(contest_id, programming=True)
    quizzes = {q.category_id: q for q in quiz_settings.quizzes(db.session, contest)}
    boards = [b for b in programming_awards.boards(db.session, contest) if b.category and b.category.id in quizzes]
    db.session.commit()
    return render_template(
        "quizzes/result.html", contest=contest, boards=boards, quizzes=quizzes, LEVEL_LABELS=LEVEL_LABELS
    )
