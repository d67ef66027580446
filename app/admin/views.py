"""Views of the admin area."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..contests.forms import DecisionForm
from ..extensions import db
from ..models import AuditEntry, Contest, Proposal, ProposalStatus, Role, User
from ..services import contests
from ..services.errors import InvalidInput
from . import bp

AUDIT_PAGE = 100


@bp.route("/proposals")
@roles_required(Role.REVIEWER, Role.ADMIN)
def proposals() -> str:
    rows = db.session.execute(
        select(Proposal, Contest)
        .join(Contest, Contest.proposal_id == Proposal.id, isouter=True)
        .order_by(Proposal.status != ProposalStatus.SUBMITTED, Proposal.created_at.desc())
    ).all()
    return render_template("admin/proposals.html", rows=rows, form=DecisionForm())


@bp.route("/proposals/<int:proposal_id>/approve", methods=["POST"])
@roles_required(Role.REVIEWER)
def approve(proposal_id: int) -> Response:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    form = DecisionForm()
    try:
        if not form.validate_on_submit():
            raise InvalidInput(_("Give the reason for the decision."))
        contests.approve_proposal(db.session, me(), proposal, form.reason.data or "")
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The proposal is approved."), "success")
    return redirect(url_for("admin.proposals"))


@bp.route("/audit")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    before = request.args.get("before", type=int)
    query = select(AuditEntry, User).join(User, User.id == AuditEntry.actor_id, isouter=True)
    if before:
        query = query.where(AuditEntry.id < before)
    rows = db.session.execute(query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)).all()
    return render_template("admin/audit.html", rows=rows, page_size=AUDIT_PAGE)
