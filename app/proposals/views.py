"""Proposal pages: a proposer's list, the form (draft, submit, change after approval), the proposal's page with
its flags, decisions, revisions and history, and the Sở reviewer's decision."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, require, roles_required, visible_proposal
from ..extensions import db
from ..input_checks import id_in
from ..models import Proposal, ProposalStatus, Role
from ..policies import proposals as policy
from ..service_calls import commit_or_refuse
from ..services.proposals import proposal_queue, workflow
from ..storage import content_store
from . import bp
from .forms import DecisionForm, ProposalForm, form_data
from .helpers import page_context, submitted_message

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.CHANGES_REQUESTED, ProposalStatus.APPROVED)


def _letter(form: ProposalForm) -> Any:
    upload = form.letter.data
    return upload.stream if upload and upload.filename else None


def _fixed_proposer(form: ProposalForm) -> None:
    """A company account proposes in its organisation's name (the service enforces it; the form shows it)."""
    organisation = me().organisation
    if organisation is not None:
        form.proposer_name.data = organisation.name
        form.proposer_kind.data = "business"


@bp.route("/proposals/")
@login_required
def mine() -> str:
    require(policy.may_propose(me()))
    page = max(request.args.get("page", 1, type=int), 1)
    rows, has_next = proposal_queue.proposals_of(db.session, me(), page)
    return render_template("proposals/list.html", proposals=rows, has_next=has_next, page=page)


@bp.route("/proposals/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    require(policy.may_propose(me()))
    form = ProposalForm()
    if request.method == "GET":
        form.proposer_name.data = me().unit.name
    _fixed_proposer(form)
    if _saving(form) and (created := commit_or_refuse(lambda: _create(form))):
        flash(submitted_message(created.value), "success")
        return redirect(url_for("proposals.detail", proposal_id=created.value.id))
    form.add_blank_rows()
    return render_template("proposals/form.html", form=form, proposal=None)


def _saving(form: ProposalForm) -> bool:
    """The form is posted to be saved (not to get more blank rows) and is valid."""
    return request.form.get("action") != "more" and form.validate_on_submit()


def _create(form: ProposalForm) -> Proposal:
    """A new draft from the form, submitted too if the user asked to submit it."""
    proposal = workflow.create_draft(db.session, me(), form.content(), _letter(form), content_store())
    if request.form.get("action") == "submit":
        workflow.submit(db.session, me(), proposal, require_letter=True)
    return proposal


def _change(proposal: Proposal, form: ProposalForm) -> None:
    """The form's content as a change after approval, or as the new draft (submitted too if the user asked)."""
    if proposal.status is ProposalStatus.APPROVED:
        workflow.change_after_approval(db.session, me(), proposal, form.content(), _letter(form), content_store())
    else:
        workflow.update_draft(db.session, me(), proposal, form.content(), _letter(form), content_store())
        if request.form.get("action") == "submit":
            workflow.submit(db.session, me(), proposal, require_letter=True)


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int) -> str | Response:
    proposal = visible_proposal(proposal_id)
    require(policy.may_edit(me(), proposal))
    if proposal.status not in EDITABLE:
        flash(_("This proposal cannot be changed now."), "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = ProposalForm(data=form_data(proposal.content)) if request.method == "GET" else ProposalForm()
    _fixed_proposer(form)
    if _saving(form) and commit_or_refuse(lambda: _change(proposal, form)):
        flash(submitted_message(proposal) if proposal.revision else _("The draft is saved."), "success")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form.add_blank_rows()
    return render_template("proposals/form.html", form=form, proposal=proposal)


@bp.route("/proposals/<int:proposal_id>/submit", methods=["POST"])
@login_required
def submit(proposal_id: int) -> Response:
    proposal = visible_proposal(proposal_id)
    if commit_or_refuse(lambda: workflow.submit(db.session, me(), proposal, require_letter=True)):
        flash(submitted_message(proposal), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>")
@login_required
def detail(proposal_id: int) -> str:
    proposal = visible_proposal(proposal_id)
    form = DecisionForm(revision=proposal.revision)
    return render_template("proposals/detail.html", **page_context(proposal, form, {}))


@bp.route("/proposals/<int:proposal_id>/letter.pdf")
@login_required
def letter(proposal_id: int) -> Response:
    proposal = visible_proposal(proposal_id)
    if not proposal.letter_hash:
        abort(404)
    path = content_store().verify(proposal.letter_hash)
    return send_file(path, mimetype="application/pdf", download_name=f"cong-van-de-xuat-{proposal.id}.pdf")


@bp.route("/proposals/<int:proposal_id>/decide", methods=["POST"])
@roles_required(Role.REVIEWER)
def decide(proposal_id: int) -> str | Response:
    proposal = visible_proposal(proposal_id)
    form = DecisionForm()
    answers = {i: request.form.get(f"answer-{i}", "") for i in range(len(proposal.flags))}
    if not form.validate_on_submit():
        flash(str(next(iter(e for errors in form.errors.values() for e in errors))), "error")
    elif commit_or_refuse(
        lambda: workflow.decide(
            db.session,
            me(),
            proposal,
            form.decision.data or "",
            form.reason.data or "",
            answers,
            # a revision that is no number is none the proposal had: refused as read from an older page
            revision=id_in(form.revision.data) or (0 if form.revision.data else None),
        ),
        _("The decision is recorded and the proposer has been told."),
    ):
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/detail.html", **page_context(proposal, form, answers))
