"""A unit's reports that a company contacted it about a contest: the coordinator's list and form, the report's
page, its attachment, and the Sở reviewer's note."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from submissions.media import sniff

from ..authz import me, roles_required, visible_report
from ..extensions import db
from ..models import Role, Unit, User
from ..security_headers import sandbox
from ..service_calls import commit_or_refuse
from ..services.proposals import contact_reports
from ..services.proposals.proposal_labels import PARTY_KIND, label
from ..storage import content_store
from . import bp
from .forms import NoteForm, ReportForm

MIMETYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


@bp.route("/reports/")
@roles_required(Role.COORDINATOR)
def reports() -> str:
    rows = contact_reports.unit_reports(db.session, me())
    return render_template("proposals/reports.html", reports=rows, kinds=PARTY_KIND, label=label)


@bp.route("/reports/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def new_report() -> str | Response:
    form = ReportForm()
    if form.validate_on_submit():
        upload = form.attachment.data or None  # a FileStorage is false when no file was chosen
        details = contact_reports.ReportDetails(
            company_name=form.company_name.data or "",
            company_kind=form.company_kind.data or "",
            contacted_on=form.contacted_on.data,
            contest=form.contest.data or "",
            request=form.request.data or "",
        )
        if sent := commit_or_refuse(
            lambda: contact_reports.create_report(
                db.session,
                me(),
                details,
                upload.stream if upload else None,
                (upload.filename or "") if upload else "",
                content_store(),
            ),
            _("The report is sent to the Department."),
        ):
            return redirect(url_for("proposals.report", report_id=sent.value.id))
    return render_template("proposals/report_form.html", form=form)


@bp.route("/reports/<int:report_id>")
@login_required
def report(report_id: int) -> str:
    found = visible_report(report_id)
    return render_template(
        "proposals/report.html",
        report=found,
        unit=db.session.get(Unit, found.unit_id),
        reporter=db.session.get(User, found.reported_by_id),
        noted_by=db.session.get(User, found.noted_by_id) if found.noted_by_id else None,
        kind=label(PARTY_KIND, found.company_kind),
        form=NoteForm(),
    )


@bp.route("/reports/<int:report_id>/attachment")
@login_required
def attachment(report_id: int) -> Response:
    found = visible_report(report_id)
    if not found.attachment_hash:
        abort(404)
    path = content_store().verify(found.attachment_hash)
    with open(path, "rb") as f:
        kind = sniff(f.read(4096)) or "pdf"
    response = send_file(
        path, mimetype=MIMETYPES.get(kind, "application/octet-stream"), download_name=f"bao-cao-{found.id}.{kind}"
    )
    # a photo opened as a page runs in an opaque origin; a PDF is left to the browser's viewer, which refuses a
    # sandboxed document (as entry files are served, app.entries.files)
    return response if kind == "pdf" else sandbox(response)


@bp.route("/reports/<int:report_id>/note", methods=["POST"])
@roles_required(Role.REVIEWER)
def note(report_id: int) -> Response:
    found = visible_report(report_id)
    form = NoteForm()
    if not form.validate_on_submit():
        flash(_("The form has expired. Please go back, reload it and try again."), "error")
    else:
        commit_or_refuse(
            lambda: contact_reports.note(db.session, me(), found, form.note.data or ""),
            _("The report is marked as dealt with."),
        )
    return redirect(url_for("proposals.report", report_id=found.id))
