"""A problem's statement from the organisers' side: writing it in Markdown with a preview, attaching images,
putting a new package under the problem; and serving the attached images to whoever may see the problem
(its staff, and contestants while ``services.programming.contestant.problem_for`` lets them see it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from ..authz import me, staff_contest, visible_contest
from ..extensions import csrf, db
from ..form_base import required_file
from ..models import Contest, ContestProblem
from ..policies.contests import is_staff
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.programming import contestant, problem_admin, problem_statements
from ..storage import content_store
from . import bp
from .organiser import _contest_problem, statement_image_url
from .organiser_forms import ImageForm, PackageForm, StatementForm


def _editor_page(
    contest: Contest,
    contest_problem: ContestProblem,
    form: StatementForm,
    image_form: ImageForm | None = None,
    preview: dict[str, Markup] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    problem = contest_problem.problem
    return render_template(
        "programming/organiser/statement.html",
        contest=contest,
        contest_problem=contest_problem,
        problem=problem,
        form=form,
        image_form=image_form or ImageForm(formdata=None),
        preview=preview,
        max_image_mb=problem_statements.MAX_IMAGE_MB,
        image_types=problem_statements.IMAGE_TYPES,
    ), status


@bp.route("/manage/problems/<label>/statement", methods=["GET", "POST"])
@login_required
def edit_statement(contest_id: int, label: str) -> tuple[str, int] | Response:
    """Write the statement; "preview" shows it rendered without saving, "package" goes back to the package's."""
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    problem = contest_problem.problem
    form = StatementForm(obj=problem)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash(_("The form has expired. Please go back, reload it and try again."), "error")
        return _editor_page(contest, contest_problem, form, status=400 if request.method == "POST" else 200)
    action = request.form.get("action", "save")
    if action == "preview":
        images = problem_statements.image_urls(problem, statement_image_url(contest, label))
        preview = {
            lang: problem_statements.render_markdown(text, images)
            for lang, text in (("vi", form.statement_vi.data), ("en", form.statement_en.data))
            if text and text.strip()
        }
        return _editor_page(contest, contest_problem, form, preview=preview)
    try:
        if action == "package":
            problem_statements.use_package_statement(db.session, me(), contest, problem)
            done = _("The statement written here has been removed: contestants see the package's statement.")
        else:
            problem_statements.save_statement(
                db.session, me(), contest, problem, vi=form.statement_vi.data, en=form.statement_en.data
            )
            done = _("The statement has been saved.")
    except InvalidInput as error:
        db.session.rollback()
        getattr(form, error.field or "statement_vi").errors = [str(error.message)]
        return _editor_page(contest, contest_problem, form, status=400)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("programming.edit_statement", contest_id=contest.id, label=label))


@bp.route("/manage/problems/<label>/images", methods=["POST"])
@login_required
def upload_image(contest_id: int, label: str) -> tuple[str, int] | Response:
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    image_form = ImageForm()
    form = StatementForm(formdata=None, obj=contest_problem.problem)
    if not image_form.validate_on_submit():
        return _editor_page(contest, contest_problem, form, image_form, status=400)
    upload = required_file(image_form.image)
    name = (image_form.name.data or "").strip() or secure_filename(upload.filename or "")
    try:
        name = problem_statements.attach_image(
            db.session, content_store(), me(), contest, contest_problem.problem, upload.stream, name
        ).name
    except InvalidInput as error:
        db.session.rollback()
        getattr(image_form, error.field or "image").errors = [str(error.message)]
        return _editor_page(contest, contest_problem, form, image_form, status=400)
    db.session.commit()
    message = _("The image %(name)s has been attached: write ![](%(name)s) in the statement to show it.", name=name)
    flash(message, "success")
    return redirect(url_for("programming.edit_statement", contest_id=contest.id, label=label))


@bp.route("/manage/problems/<label>/images/<name>/remove", methods=["POST"])
@login_required
def remove_image(contest_id: int, label: str, name: str) -> Response:
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    commit_or_refuse(
        lambda: problem_statements.remove_image(db.session, me(), contest, contest_problem.problem, name),
        _("The image %(name)s has been removed.", name=name),
    )
    return redirect(url_for("programming.edit_statement", contest_id=contest.id, label=label))


@bp.route("/problems/<label>/images/<name>")
@login_required
def statement_image(contest_id: int, label: str, name: str) -> Response:
    """An image of the statement, to staff and to contestants who may see the problem now."""
    contest = visible_contest(contest_id)
    if is_staff(me(), contest):
        contest_problem = _contest_problem(contest, label)
    else:
        contest_problem = contestant.problem_for(db.session, contest, me(), label)  # NotAllowed: 403
    image = problem_statements.image_named(contest_problem.problem, name)
    if image is None:
        abort(404)
    path = content_store().verify(image.content_hash)
    response = send_file(path, mimetype=problem_statements.IMAGE_TYPES[image.image_format], max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.route("/manage/problems/<label>/package", methods=["POST"])
@csrf.exempt  # the form checks its token itself, after the upload limit below is set
@login_required
def replace_package(contest_id: int, label: str) -> Response:
    contest = staff_contest(contest_id, programming=True)
    contest_problem = _contest_problem(contest, label)
    request.max_content_length = problem_admin.MAX_PACKAGE_BYTES
    form = PackageForm()
    back = redirect(url_for("programming.manage_problem", contest_id=contest.id, label=label))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash(_("The form has expired. Please go back, reload it and try again."), "error")
        else:
            flash(_("Choose the new package (.zip)."), "error")
        return back
    upload = required_file(form.package)
    fd, tmp = tempfile.mkstemp(suffix=".zip", dir=content_store().staging)  # swept if this process is killed
    os.close(fd)
    try:
        upload.save(tmp)
        commit_or_refuse(
            lambda: problem_admin.replace_package(
                db.session,
                content_store(),
                current_app.config["SANDBOX"],
                contest,
                me(),
                contest_problem,
                Path(tmp),
                upload.filename or "package.zip",
                use_package_statement=bool(form.use_package_statement.data),
            ),
            _(
                "The new package of problem %(label)s is in place. Submissions so far keep their results until "
                "you rejudge them.",
                label=label,
            ),
        )
    finally:
        os.unlink(tmp)
    return back
