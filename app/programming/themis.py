"""The organisers' page of Themis contest folders: import a zipped contest folder (judged as ordinary
submissions), export the results sheet and the contest folder. Staff of the contest only (403 otherwise)."""

from __future__ import annotations

import io
import os
import tempfile

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import csrf, db
from ..form_base import required_file
from ..models import Contest
from ..queue import judge_queue
from ..services.programming.themis_folders import exporting, importing, reading
from ..storage import content_store
from . import bp
from .themis_forms import ThemisFolderForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/manage/themis", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token itself, after the upload limit below is set
@login_required
def themis_folders(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    request.max_content_length = reading.MAX_ZIP_BYTES
    form = ThemisFolderForm()
    problems: list[str] = []
    if form.validate_on_submit():
        problems = _import(contest, form)
        if not problems:
            return redirect(url_for("programming.judging", contest_id=contest.id))
    elif "csrf_token" in form.errors:  # the global check is off for this view (see above): say so here
        flash(_("The form has expired. Please go back, reload it and try again."), "error")
    return render_template(
        "programming/organiser/themis.html",
        contest=contest,
        form=form,
        problems=problems,
        codes=exporting.task_codes(db.session, contest),
        max_mb=reading.MAX_ZIP_BYTES >> 20,
    )


def _import(contest: Contest, form: ThemisFolderForm) -> list[str]:
    """Stream the uploaded zip to a temporary file, import it and queue its submissions; the problems found (none
    when it was imported)."""
    store = content_store()
    fd, tmp = tempfile.mkstemp(suffix=".zip", dir=store.staging)  # swept if this process is killed
    os.close(fd)
    try:
        required_file(form.folder).save(tmp)
        with open(tmp, "rb") as f:
            listing = reading.read_zip(f)
    finally:
        os.unlink(tmp)
    try:
        imported = importing.import_listing(db.session, me().id, contest, listing)
    except importing.FolderRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return refused.problems
    db.session.commit()
    importing.queue_imported(judge_queue(), imported.submission_ids)
    n = len(imported.submission_ids)
    flash(_("%(n)d submissions have been imported from the Themis folder and will be judged.", n=n), "success")
    if imported.unchanged:
        flash(_("%(n)d files had been imported before and were left alone.", n=imported.unchanged), "success")
    return []


@bp.route("/manage/themis/results.xlsx")
@login_required
def themis_results(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    data = exporting.results_workbook(db.session, contest)
    return _download(data, XLSX, f"themis-results-{contest.id}.xlsx")


@bp.route("/manage/themis/folder.zip")
@login_required
def themis_folder(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    data = exporting.folder_zip(db.session, contest)
    return _download(data, "application/zip", f"themis-folder-{contest.id}.zip")


def _download(data: bytes, mimetype: str, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
