"""Organisers' pages of a programming contest: problems (upload, report, edit, remove), the PDF statement,
judging settings, the judge's state and rejudging. Every view answers 403 to anyone who is not staff of the
contest (``policies.contests.is_staff``), except the PDF statement, which contestants who may see the
problem get too."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from redis.exceptions import RedisError
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from ..authz import me, staff_contest, visible_contest
from ..extensions import csrf, db
from ..form_base import SelectChoice, required_file
from ..models import Contest, ContestProblem, Submission
from ..policies.contests import is_staff
from ..queue import judge_queue
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.programming import (
    contestant,
    grading_admin,
    judge_activity,
    judge_languages,
    judging_settings,
    problem_admin,
    problem_display,
)
from ..services.programming.problem_statements import ImageUrl
from ..services.programming.program_files import program_files
from ..storage import content_store
from ..timeutil import utcnow
from . import bp
from .organiser_forms import (
    FEEDBACK_LABELS,
    MODE_LABELS,
    PackageForm,
    ProblemEditForm,
    PublishForm,
    SettingsForm,
    UploadForm,
)


def _contest_problem(contest: Contest, label: str) -> ContestProblem:
    found = db.session.scalars(
        select(ContestProblem).where(ContestProblem.contest_id == contest.id, ContestProblem.label == label)
    ).first()
    if found is None:
        abort(404)
    return found


def _category_choices(contest: Contest) -> list[SelectChoice]:
    return [SelectChoice(0, _("All categories")), *(SelectChoice(c.id, c.name) for c in contest.categories)]


def statement_image_url(contest: Contest, label: str) -> ImageUrl:
    """The URL of an image attached to the problem, by its name."""
    return lambda name: url_for("programming.statement_image", contest_id=contest.id, label=label, name=name)


@bp.route("/manage/problems", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token itself, after the upload limit below is set
@login_required
def manage_problems(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    request.max_content_length = problem_admin.MAX_PACKAGE_BYTES
    form = UploadForm()
    form.category.choices = _category_choices(contest)
    if form.validate_on_submit():
        added = _import(contest, form)
        if added is not None:
            return redirect(url_for("programming.manage_problem", contest_id=contest.id, label=added.label))
    elif "csrf_token" in form.errors:  # the global check is off for this view (see above): say so here
        flash(_("The form has expired. Please go back, reload it and try again."), "error")
    problems = db.session.scalars(
        select(ContestProblem)
        .where(ContestProblem.contest_id == contest.id)
        .order_by(ContestProblem.position, ContestProblem.label)
    ).all()
    counts = dict(
        db.session.execute(
            select(Submission.problem_id, func.count())
            .where(Submission.problem_id.in_([p.problem_id for p in problems]))
            .group_by(Submission.problem_id)
        ).all()
    )
    accepted = judging_settings.settings_for(db.session, contest).language_keys
    unavailable = judge_languages.unavailable_everywhere(judge_queue())
    return render_template(
        "programming/organiser/problems.html",
        contest=contest,
        form=form,
        problems=problems,
        counts=counts,
        max_mb=problem_admin.MAX_PACKAGE_BYTES >> 20,
        unavailable={key: why for key, why in unavailable.items() if key in accepted},
    )


def _import(contest: Contest, form: UploadForm) -> ContestProblem | None:
    """Stream the uploaded zip to a temporary file and import it; flashes the outcome."""
    upload = required_file(form.package)
    fd, tmp = tempfile.mkstemp(suffix=".zip", dir=content_store().staging)  # swept if this process is killed
    os.close(fd)
    try:
        upload.save(tmp)
        added = commit_or_refuse(
            lambda: problem_admin.add_problem(
                db.session,
                content_store(),
                current_app.config["SANDBOX"],
                contest,
                me(),
                Path(tmp),
                problem_admin.ProblemUpload(
                    label=form.label.data or "",
                    filename=upload.filename or "package.zip",
                    code=form.code.data or "",
                    title=form.title.data or "",
                    category_id=form.category.data or None,
                    time_limit_s=float(form.time_limit.data) if form.time_limit.data else None,
                    memory_limit_mib=form.memory_limit.data or None,
                    total_points=float(form.total_points.data) if form.total_points.data else None,
                ),
            )
        )
    finally:
        os.unlink(tmp)
    if added is None:
        return None
    flash(_("Problem %(label)s has been imported. Check the import report below.", label=added.value.label), "success")
    return added.value


@bp.route("/manage/problems/<label>", methods=["GET", "POST"])
@login_required
def manage_problem(contest_id: int, label: str) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    form = ProblemEditForm(obj=contest_problem)
    form.category.choices = _category_choices(contest)
    if request.method == "GET":
        form.category.data = contest_problem.category_id or 0
    if form.validate_on_submit() and commit_or_refuse(
        lambda: problem_admin.update_problem(
            db.session,
            me(),
            contest,
            contest_problem,
            label=form.label.data or "",
            category_id=form.category.data or None,
            position=form.position.data or 0,
        ),
        _("Saved."),
    ):
        return redirect(url_for("programming.manage_problem", contest_id=contest.id, label=contest_problem.label))
    problem = contest_problem.problem
    return render_template(
        "programming/organiser/problem.html",
        contest=contest,
        contest_problem=contest_problem,
        problem=problem,
        report=problem.import_report or {},
        form=form,
        statement=problem_display.render_statement(problem, str(get_locale()), statement_image_url(contest, label)),
        package_form=PackageForm(formdata=None),
        samples=problem_display.samples(problem, content_store()),
        files=program_files(problem, content_store()),
    )


@bp.route("/manage/problems/<label>/remove", methods=["POST"])
@login_required
def remove_problem(contest_id: int, label: str) -> Response:
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    if not commit_or_refuse(
        lambda: problem_admin.remove_problem(db.session, me(), contest, contest_problem),
        _("Problem %(label)s has been removed.", label=label),
    ):
        return redirect(url_for("programming.manage_problem", contest_id=contest.id, label=label))
    return redirect(url_for("programming.manage_problems", contest_id=contest.id))


@bp.route("/problems/<label>/statement.pdf")
@login_required
def statement_pdf(contest_id: int, label: str) -> Response:
    """The PDF statement, to staff and to contestants who may see the problem now."""
    contest = visible_contest(contest_id)
    if is_staff(me(), contest):
        contest_problem = _contest_problem(contest, label)
    else:
        contest_problem = contestant.problem_for(db.session, contest, me(), label)  # NotAllowed: 403
    path = problem_display.statement_pdf(contest_problem.problem, content_store())
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", download_name=f"{label}.pdf", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"  # the problem page may show it in a frame
    response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'self'"
    return response


@bp.route("/manage/settings", methods=["GET", "POST"])
@login_required
def manage_settings(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    settings = judging_settings.settings_for(db.session, contest)
    form = SettingsForm()
    if request.method == "GET":
        form.fill(judging_settings.SettingsChange.from_settings(settings, contest))
    if form.validate_on_submit() and commit_or_refuse(
        lambda: grading_admin.update_settings(db.session, me(), contest, form.change()),
        _("Saved."),
        beside={"confirm_window": form.confirm_window},
    ):
        return redirect(url_for("programming.manage_settings", contest_id=contest.id))
    return render_template(
        "programming/organiser/settings.html",
        contest=contest,
        form=form,
        settings=settings,
        publish_form=PublishForm(formdata=None),
        given_up=grading_admin.given_up(db.session, contest) if not settings.results_published else [],
        closed=utcnow() >= contest.submission_closes,
        FEEDBACK_LABELS=FEEDBACK_LABELS,
        MODE_LABELS=MODE_LABELS,
        max_multiplier=judging_settings.MAX_TIME_MULTIPLIER,
    )


@bp.route("/manage/publish", methods=["POST"])
@login_required
def publish_results(contest_id: int) -> Response:
    """Publish the results, once the organiser has ticked the confirmation."""
    contest = staff_contest(contest_id, programming=True)
    form = PublishForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            if isinstance(errors, dict):  # a FormField's errors, by its fields: this form has none
                continue
            flash(str(errors[0]), "error")
    else:
        commit_or_refuse(
            lambda: grading_admin.publish_results(
                db.session, me(), contest, confirm_given_up=bool(form.confirm_given_up.data)
            ),
            _("The results have been published."),
        )
    return redirect(url_for("programming.manage_settings", contest_id=contest.id) + "#publication")


@bp.route("/manage/withdraw", methods=["POST"])
@login_required
def withdraw_results(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    commit_or_refuse(
        lambda: grading_admin.withdraw_results(db.session, me(), contest), _("The results are no longer published.")
    )
    return redirect(url_for("programming.manage_settings", contest_id=contest.id) + "#publication")


@bp.route("/manage/judging")
@login_required
def judging(contest_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    try:
        queue = judge_activity.queue_view(db.session, judge_queue(), contest)
    except RedisError:
        current_app.logger.exception("the judge queue cannot be reached")
        queue = None
    return render_template(
        "programming/organiser/judging.html",
        contest=contest,
        queue=queue,
        counts=judge_activity.status_counts(db.session, contest),
        rejudging=judge_activity.being_rejudged(db.session, contest),
        submissions=judge_activity.recent_submissions(db.session, contest),
    )


def _rejudge(contest: Contest, submission_id: int | None = None, problem_id: int | None = None) -> None:
    try:
        ids = grading_admin.rejudge(
            db.session, judge_queue(), me(), contest, submission_id=submission_id, problem_id=problem_id
        )
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
    except RedisError:  # the submissions are reset and committed: the reconciler queues them once Redis is back
        current_app.logger.exception("rejudge: the judge queue cannot be reached")
        flash(_("The judge queue cannot be reached; the submissions will be queued when it is back."), "error")
    else:
        flash(_("%(n)d submissions will be judged again.", n=len(ids)), "success")


@bp.route("/manage/rejudge/submission/<int:submission_id>", methods=["POST"])
@login_required
def rejudge_submission(contest_id: int, submission_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    _rejudge(contest, submission_id=submission_id)
    return redirect(url_for("programming.judging", contest_id=contest.id))


@bp.route("/manage/rejudge/problem/<label>", methods=["POST"])
@login_required
def rejudge_problem(contest_id: int, label: str) -> Response:
    contest = staff_contest(contest_id, programming=True)
    _rejudge(contest, problem_id=_contest_problem(contest, label).problem_id)
    return redirect(url_for("programming.judging", contest_id=contest.id))


@bp.route("/manage/rejudge", methods=["POST"])
@login_required
def rejudge_all(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    _rejudge(contest)
    return redirect(url_for("programming.judging", contest_id=contest.id))
