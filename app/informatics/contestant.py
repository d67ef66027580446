"""Contestants' pages of a programming contest: problems, submitting, their submissions with live status."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from sandbox.languages import UnknownLanguage, language_for

from ..authz import me
from ..extensions import db
from ..models import Contest, ContestKind, Submission
from ..queue import connection, judge_queue
from ..services import live_status, programming
from ..services.errors import InvalidInput
from ..services.judging import MAX_SOURCE_BYTES
from . import bp
from .contestant_forms import SubmitForm, editor_settings


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or contest.kind is not ContestKind.INFORMATICS:
        abort(404)
    return contest


def _best_scores(submissions: list[Submission]) -> dict[int, float]:
    best: dict[int, float] = {}
    for s in submissions:
        if s.score is not None:
            best[s.problem_id] = max(best.get(s.problem_id, 0.0), s.score)
    return best


@bp.route("/problems")
@login_required
def problems(contest_id: int) -> str:
    contest = _contest(contest_id)
    user = me()
    visible = programming.visible_problems(db.session, contest, user)
    mine = programming.own_submissions(db.session, contest, user)
    return render_template(
        "informatics/problems.html",
        contest=contest,
        problems=visible,
        best=_best_scores(mine),
        reason=programming.why_no_problems(db.session, contest, user),
        staff=programming.is_staff(user, contest),
    )


@bp.route("/problems/<label>")
@login_required
def problem(contest_id: int, label: str) -> str:
    from ..services import problem_admin

    contest = _contest(contest_id)
    user = me()
    item = programming.problem_for(db.session, contest, user, label)
    settings = programming.settings_for(db.session, contest)
    form = SubmitForm()
    form.set_languages(settings.language_keys)
    return render_template(
        "informatics/problem.html",
        contest=contest,
        item=item,
        statement=problem_admin.render_statement(item.problem),
        samples=problem_admin.samples(item.problem),
        form=form,
        language_limits=programming.time_limits_by_language(settings, item.problem.time_limit_ms),
        editor=editor_settings(),
        open=programming.in_window(contest),
        max_kib=MAX_SOURCE_BYTES // 1024,
    )


@bp.route("/problems/<label>/submit", methods=["POST"])
@login_required
def submit(contest_id: int, label: str) -> Response:
    contest = _contest(contest_id)
    programming.problem_for(db.session, contest, me(), label)  # 403 before anything else for a hidden problem
    settings = programming.settings_for(db.session, contest)
    form = SubmitForm()
    form.set_languages(settings.language_keys)
    back = redirect(url_for("informatics.problem", contest_id=contest.id, label=label))
    if not form.validate_on_submit():
        flash(_("The source is too long."), "error")
        return back
    upload = form.file.data
    if upload and upload.filename:
        source = upload.stream.read(MAX_SOURCE_BYTES + 1)
        filename = upload.filename
    else:
        source = (form.source.data or "").replace("\r\n", "\n").encode("utf-8")
        filename = None
    language = form.language.data or "auto"
    if language == "auto":
        try:
            language = language_for(filename or "", None).key
        except UnknownLanguage:
            flash(_("Choose the language, or upload a file with a known extension (.c, .cpp, .pas, .py)."), "error")
            return back
    try:
        submission_id = programming.submit(db.session, judge_queue(), contest, me(), label, source, language)
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return back
    return redirect(url_for("informatics.submission", contest_id=contest_id, submission_id=submission_id))


@bp.route("/submissions")
@login_required
def submissions(contest_id: int) -> str:
    contest = _contest(contest_id)
    user = me()
    mine = programming.own_submissions(db.session, contest, user)
    mode = programming.feedback_mode(programming.settings_for(db.session, contest), contest)
    labels = {p.problem_id: p.label for p in programming.visible_problems(db.session, contest, user)}
    views = [(s, labels.get(s.problem_id, "?"), programming.status_view(s, mode)) for s in mine]
    return render_template("informatics/submissions.html", contest=contest, rows=views)


@bp.route("/submissions/<int:submission_id>")
@login_required
def submission(contest_id: int, submission_id: int) -> str:
    contest = _contest(contest_id)
    found = programming.submission_for(db.session, contest, me(), submission_id)
    mode = programming.feedback_mode(programming.settings_for(db.session, contest), contest)
    return render_template(
        "informatics/submission.html",
        contest=contest,
        submission=found,
        view=programming.status_view(found, mode),
        mode=mode.value,
    )


@bp.route("/submissions/<int:submission_id>.json")
@login_required
def submission_status(contest_id: int, submission_id: int) -> Response:
    """The live status the submission page polls. While a contestant's own submission waits or is graded, the
    answer comes from Redis (``live_status``) without a query; a final result always from the database."""
    user = me()
    live = live_status.read(connection(), submission_id)
    if live is not None and live.user_id == user.id:
        view = programming.live_view(live).to_dict()
    else:
        contest = _contest(contest_id)
        found = programming.submission_for(db.session, contest, user, submission_id)
        mode = programming.feedback_mode(programming.settings_for(db.session, contest), contest)
        view = programming.status_view(found, mode).to_dict()
    response = jsonify(view)
    response.headers["Cache-Control"] = "no-store"
    return response
