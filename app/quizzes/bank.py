"""The question bank on the organisers' side (staff of the contest only): the list, the .xlsx import and its
template, adding, correcting and removing a question; and a question's image, served to staff and to the pupils
whose sheet holds the question."""

from __future__ import annotations

import io
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest, visible_contest
from ..extensions import db
from ..form_base import required_file
from ..models import Contest, Question, Sheet
from ..policies.contests import is_staff
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.quizzes import bank, bank_xlsx, quiz_settings, scoring, sheets
from ..storage import content_store
from . import bp
from .forms import ImportForm, QuestionForm
from .rendering import HELPERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _question(contest: Contest, question_id: int) -> Question:
    try:
        return bank.question_of(db.session, contest, question_id)
    except LookupError:
        abort(404)


def _drawn(contest: Contest) -> set[int]:
    """The ids of the questions on some pupil's sheet."""
    ids: set[int] = set()
    for quiz in quiz_settings.quizzes(db.session, contest):
        for sheet in db.session.query(Sheet).filter(Sheet.quiz_id == quiz.id):
            ids.update(scoring.item_ids(sheet))
    return ids


def _bank_page(contest: Contest, form: ImportForm, report: bank_xlsx.ImportReport | None = None) -> str:
    return render_template(
        "quizzes/bank.html",
        contest=contest,
        form=form,
        report=report,
        questions=bank.questions(db.session, contest),
        quizzes={q.category_id: q for q in quiz_settings.quizzes(db.session, contest)},
        letters=bank.LETTERS,
        difficulty_labels=bank.DIFFICULTY_LABELS,
        **HELPERS,
    )


@bp.route("/manage/quiz")
@login_required
def manage_bank(contest_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    return _bank_page(contest, ImportForm(formdata=None))


@bp.route("/manage/quiz/template.xlsx")
@login_required
def bank_template(contest_id: int) -> Response:
    staff_contest(contest_id, programming=True)
    return send_file(
        io.BytesIO(bank_xlsx.template()), mimetype=XLSX, as_attachment=True, download_name="mau-ngan-hang-cau-hoi.xlsx"
    )


@bp.route("/manage/quiz/import", methods=["POST"])
@login_required
def import_bank(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    form = ImportForm()
    if not form.validate_on_submit():
        return _bank_page(contest, form)
    try:
        report = bank_xlsx.import_questions(db.session, me(), contest, required_file(form.file).stream)
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _bank_page(contest, form)
    if not report.ok:
        db.session.rollback()
        flash(
            _(
                "Nothing was imported: %(n)d rows have errors. Correct them and import the file again.",
                n=len(report.errors),
            ),
            "error",
        )
        return _bank_page(contest, form, report)
    db.session.commit()
    flash(_("%(n)d questions were added to the bank.", n=len(report.added)), "success")
    return redirect(url_for("quizzes.manage_bank", contest_id=contest.id))


def _spec(form: QuestionForm) -> bank.QuestionSpec:
    return bank.QuestionSpec(
        topic=form.topic.data or "",
        difficulty=form.difficulty.data or 0,
        text=form.text.data or "",
        options=form.option_texts(),
        correct=list(form.correct.data or []),
        multiple=bool(form.multiple.data),
        points=float(form.points.data or Decimal(0)),
    )


def _save_question(contest: Contest, question: Question | None, form: QuestionForm) -> Question:
    """Add or correct the question, then attach or remove its image (one transaction: all or nothing)."""
    if question is None:
        question = bank.add(db.session, me(), contest, _spec(form))
    else:
        bank.change(db.session, me(), contest, question, _spec(form))
    if form.remove_image.data:
        bank.remove_image(db.session, me(), contest, question)
    elif form.image.data:
        bank.attach_image(db.session, content_store(), me(), contest, question, form.image.data.stream)
    return question


@bp.route("/manage/quiz/questions/new", methods=["GET", "POST"])
@bp.route("/manage/quiz/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def edit_question(contest_id: int, question_id: int | None = None) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    question = _question(contest, question_id) if question_id is not None else None
    form = QuestionForm(obj=question)
    if request.method == "GET" and question is not None:
        for letter, text in zip(bank.LETTERS, question.options, strict=False):
            getattr(form, f"option_{letter.lower()}").data = text
    if form.validate_on_submit() and commit_or_refuse(lambda: _save_question(contest, question, form), _("Saved.")):
        return redirect(url_for("quizzes.manage_bank", contest_id=contest.id))
    return render_template("quizzes/question.html", contest=contest, question=question, form=form, **HELPERS)


@bp.route("/manage/quiz/questions/<int:question_id>/remove", methods=["POST"])
@login_required
def remove_question(contest_id: int, question_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    question = _question(contest, question_id)
    commit_or_refuse(lambda: bank.remove(db.session, me(), contest, question, _drawn(contest)), _("Removed."))
    return redirect(url_for("quizzes.manage_bank", contest_id=contest.id))


@bp.route("/quiz/questions/<int:question_id>/image")
@login_required
def question_image(contest_id: int, question_id: int) -> Response:
    """The question's image: for the contest's staff, and for a pupil whose sheet holds the question; 404 for
    anyone else, who may not know the question exists (docs/authorisation.md)."""
    contest = visible_contest(contest_id, programming=True)
    question = _question(contest, question_id)
    if question.image_hash is None or question.image_format is None:
        abort(404)
    if not (is_staff(me(), contest) or sheets.holds(db.session, me(), question)):
        abort(404)
    path = content_store().verify(question.image_hash)  # small: hashed at each read, never served damaged
    return send_file(path, mimetype=bank.IMAGE_TYPES[question.image_format], max_age=0)
