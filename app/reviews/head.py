"""The sheets of a contest, for its head judge and organisers, and reopening a submitted sheet (head judge only).

The page is blind like a judge's: entries by code, judges by name, never authors or units. A head judge does not see
the sheets of the entries they have a conflict of interest with, nor reopen them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import contest_or_404, me, require
from ..extensions import db
from ..models import ScoreSheet
from ..policies.contests import is_staff
from ..service_calls import commit_or_refuse
from ..services.results import reconciliation
from ..services.reviews import panel, score_sheets
from . import bp
from .forms import SHEET_LABELS, ReopenForm


@bp.route("/contests/<int:contest_id>/review/sheets")
@login_required
def sheets(contest_id: int) -> str:
    contest = contest_or_404(contest_id)
    head = panel.is_head(db.session, me(), contest.id)
    require(head or is_staff(me(), contest))
    return render_template(
        "reviews/sheets.html",
        contest=contest,
        sheets=score_sheets.contest_sheets(db.session, contest, reconciliation.hidden_from(db.session, me(), contest)),
        head=head,
        labels=SHEET_LABELS,
        form=ReopenForm(),
    )


@bp.route("/review/sheets/<int:sheet_id>/reopen", methods=["POST"])
@login_required
def reopen(sheet_id: int) -> Response:
    sheet = db.session.get(ScoreSheet, sheet_id)
    if sheet is None:
        abort(404)
    require(panel.is_head(db.session, me(), sheet.contest_id))
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the sheet."), "error")
    else:
        commit_or_refuse(
            lambda: score_sheets.reopen(db.session, me(), sheet, form.reason.data or ""),
            _("The sheet has been reopened; its judge can change it and submit it again."),
        )
    return redirect(url_for("reviews.sheets", contest_id=sheet.contest_id))
