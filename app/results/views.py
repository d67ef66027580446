"""Views of the results area.

- The public results page (anyone; awards with authors and units, once published).
- The organisers' pages (``policies.contests.is_staff``): the ranking with flags and sheets, award rules,
  publication, the score export.
- Reconciliation (the head judge and the organisers): flagged entries by code and title only, never authors, since
  judges reach these pages.
- Certificates: an author's own, or any for the organisers.
"""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, require, viewer, visible_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Contest, Entry
from ..policies import entries as policy
from ..policies.contests import is_staff
from ..service_calls import commit_or_refuse
from ..services.results import (
    awards,
    certificates,
    disqualification,
    publication,
    reconciliation,
    score_export,
    short_panels,
)
from ..services.results.aggregation import AGREEMENT_LABELS, Agreement, entry_result
from ..services.results.awards import LEVEL_LABELS
from ..services.results.ranking import ranked_results
from ..services.reviews import panel
from ..services.reviews.rubrics import parse_decimal
from . import bp
from .forms import (
    AwardRulesForm,
    DecisionForm,
    DisqualifyForm,
    FurtherJudgeForm,
    PublishForm,
    ReinstateForm,
    WithdrawForm,
    fill_rule,
    rule_specs,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_context_processor
def labels() -> dict[str, object]:
    return {"LEVEL_LABELS": LEVEL_LABELS, "AGREEMENT_LABELS": AGREEMENT_LABELS}


def _organised(contest_id: int) -> Contest:
    """The contest, if the user may see it (404 otherwise) and is its staff (403 otherwise)."""
    contest = visible_contest(contest_id)
    require(is_staff(me(), contest))
    return contest


def _reconcilable(contest_id: int) -> Contest:
    """The contest, if the user is its head judge or one of its organisers (403 otherwise)."""
    contest = visible_contest(contest_id)
    require(policy.may_reconcile(db.session, me(), contest))
    return contest


def _entry(contest: Contest, entry_id: int) -> Entry:
    """The contest's entry ``entry_id`` (404 if it is another contest's), if the user may settle it (403 for a head
    judge in conflict with it)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        abort(404)
    require(policy.may_reconcile_entry(db.session, me(), entry))
    return entry


@bp.route("")
def public(contest_id: int) -> str:
    contest = visible_contest(contest_id)
    published = publication.published_at(db.session, contest)
    groups = publication.published_awards(db.session, contest) if published else []
    user = viewer()
    return render_template(
        "results/public.html",
        contest=contest,
        published=published,
        groups=groups,
        user=user,
        staff=user is not None and is_staff(user, contest),
        reconciler=user is not None and policy.may_reconcile(db.session, user, contest),
    )


def _disqualify_form(contest: Contest, form: DisqualifyForm | None = None) -> DisqualifyForm:
    """The form that disqualifies an entry, offering the contest's entries not disqualified, by code."""
    form = form or DisqualifyForm(formdata=None)
    form.entry.choices = [(e.id, f"{e.code} · {e.title}") for e in disqualification.candidates(db.session, contest)]
    return form


def _manage_page(
    contest: Contest,
    publish_form: PublishForm,
    withdraw_form: WithdrawForm | None = None,
    disqualify_form: DisqualifyForm | None = None,
) -> str:
    groups = ranked_results(db.session, contest)
    return render_template(
        "results/manage.html",
        contest=contest,
        publish_form=publish_form,
        withdraw_form=withdraw_form or WithdrawForm(formdata=None),
        disqualify_form=_disqualify_form(contest, disqualify_form),
        reinstate_form=ReinstateForm(formdata=None),
        groups=groups,
        planned=publication.planned_awards(db.session, contest, groups),
        published_levels=publication.published_levels(db.session, contest),
        blockers=publication.blockers(groups),
        short=short_panels.short_entries(db.session, contest, groups),
        published=publication.published_at(db.session, contest),
        rules=awards.contest_rules(db.session, contest),
    )


@bp.route("/manage")
@login_required
def manage(contest_id: int) -> str:
    return _manage_page(_organised(contest_id), PublishForm(formdata=None))


@bp.route("/publish", methods=["POST"])
@login_required
def publish(contest_id: int) -> str | Response:
    """Publish (or publish again) once the organiser has ticked the confirmation; without it nothing changes and
    the page says so beside the box."""
    contest = _organised(contest_id)
    form = PublishForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            if isinstance(errors, dict):  # a FormField's errors, by its fields: this form has none
                continue
            flash(str(errors[0]), "error")
        return _manage_page(contest, form)
    confirm_short = bool(form.confirm_short.data)
    if published := commit_or_refuse(
        lambda: publication.publish(db.session, me(), contest, confirm_short=confirm_short)
    ):
        flash(_("The results have been published with %(n)d awards.", n=len(published.value)), "success")
    return redirect(url_for("results.manage", contest_id=contest.id))


@bp.route("/withdraw", methods=["POST"])
@login_required
def withdraw(contest_id: int) -> str | Response:
    """Withdraw the published results, with a reason, once the organiser has ticked the confirmation; without it
    nothing changes and the page says so beside the fields."""
    contest = _organised(contest_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            if isinstance(errors, list) and errors:
                flash(str(errors[0]), "error")
        return _manage_page(contest, PublishForm(formdata=None), form)
    if commit_or_refuse(
        lambda: publication.withdraw(db.session, me(), contest, form.reason.data or ""),
        _(
            "The results have been withdrawn: the public page and the certificates show nothing until they are "
            "published again."
        ),
    ):
        return redirect(url_for("results.manage", contest_id=contest.id))
    return _manage_page(contest, PublishForm(formdata=None), form)


@bp.route("/disqualify", methods=["POST"])
@login_required
def disqualify(contest_id: int) -> str | Response:
    """Disqualify an entry of the contest, with a reason, once the organiser has ticked the confirmation; without
    it, or without a reason, nothing changes and the page says so."""
    contest = _organised(contest_id)
    form = DisqualifyForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            if isinstance(errors, list) and errors:
                flash(str(errors[0]), "error")
        return _manage_page(contest, PublishForm(formdata=None), disqualify_form=form)
    entry = db.session.get(Entry, form.entry.data)
    if entry is None or entry.contest_id != contest.id:
        abort(404)
    if commit_or_refuse(
        lambda: disqualification.disqualify(db.session, me(), entry, form.reason.data or ""),
        _("%(code)s is disqualified: it takes no place and no award.", code=entry.code),
    ):
        return redirect(url_for("results.manage", contest_id=contest.id))
    return _manage_page(contest, PublishForm(formdata=None), disqualify_form=form)


@bp.route("/reinstate/<int:entry_id>", methods=["POST"])
@login_required
def reinstate(contest_id: int, entry_id: int) -> Response:
    contest = _organised(contest_id)
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        abort(404)
    if ReinstateForm().validate_on_submit():
        commit_or_refuse(
            lambda: disqualification.reinstate(db.session, me(), entry),
            _("%(code)s is reinstated: it is ranked again.", code=entry.code),
        )
    return redirect(url_for("results.manage", contest_id=contest.id))


def _scope(contest: Contest) -> int | None:
    """The category whose rules are edited (``?category=``), or None for the contest's own rules."""
    category_id = request.args.get("category", type=int)
    if category_id is None:
        return None
    if category_id not in {c.id for c in contest.categories}:
        abort(404)
    return category_id


@bp.route("/rules", methods=["GET", "POST"])
@login_required
def rules(contest_id: int) -> str | Response:
    contest = _organised(contest_id)
    category_id = _scope(contest)
    form = AwardRulesForm()
    if request.method == "GET":
        for rule in awards.contest_rules(db.session, contest):
            if rule.category_id == category_id:
                fill_rule(getattr(form, rule.level.value), rule)
    if form.validate_on_submit() and commit_or_refuse(
        lambda: awards.set_rules(db.session, me(), contest, category_id, rule_specs(form)), _("Saved.")
    ):
        return redirect(url_for("results.manage", contest_id=contest.id))
    category = next((c for c in contest.categories if c.id == category_id), None)
    return render_template("results/rules.html", contest=contest, form=form, category=category)


@bp.route("/scores.xlsx")
@login_required
def scores_xlsx(contest_id: int) -> Response:
    contest = _organised(contest_id)
    data = score_export.export_scores(db.session, contest)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=f"diem-{contest.id}.xlsx")


@bp.route("/certificates.pdf")
@login_required
def all_certificates(contest_id: int) -> Response:
    contest = _organised(contest_id)
    try:
        pdf = certificates.all_certificates(db.session, me(), contest)
    except LookupError:
        flash(_("There are no certificates: the results are not published, or they give no awards."), "error")
        return redirect(url_for("results.manage", contest_id=contest.id))
    name = f"giay-chung-nhan-{contest.id}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name)


@bp.route("/reconcile")
@login_required
def reconcile_list(contest_id: int) -> str:
    contest = _reconcilable(contest_id)
    hidden = reconciliation.hidden_from(db.session, me(), contest)
    flagged = [
        r
        for g in ranked_results(db.session, contest)
        for r in g.entries
        if r.agreement is not Agreement.AGREED and not r.disqualified and r.entry.id not in hidden
    ]
    return render_template("results/reconcile_list.html", contest=contest, flagged=flagged)


def _entry_page(contest: Contest, entry: Entry, further: FurtherJudgeForm, decision: DecisionForm) -> str:
    user = me()
    further.judge.choices = [
        SelectChoice(u.id, u.full_name) for u in reconciliation.further_judge_choices(db.session, entry)
    ]
    return render_template(
        "results/reconcile_entry.html",
        contest=contest,
        entry=entry,
        result=entry_result(db.session, entry),
        further=further,
        decision=decision,
        is_head=policy.heads_without_conflict(db.session, user, entry),
        judges={m.user_id: m.user for m in panel.members(db.session, contest)},
    )


@bp.route("/reconcile/<int:entry_id>")
@login_required
def reconcile_entry(contest_id: int, entry_id: int) -> str:
    contest = _reconcilable(contest_id)
    entry = _entry(contest, entry_id)
    return _entry_page(contest, entry, FurtherJudgeForm(), DecisionForm())


@bp.route("/reconcile/<int:entry_id>/further", methods=["POST"])
@login_required
def further_judge(contest_id: int, entry_id: int) -> str | Response:
    contest = _reconcilable(contest_id)
    entry = _entry(contest, entry_id)
    form = FurtherJudgeForm()
    form.judge.choices = [
        SelectChoice(u.id, u.full_name) for u in reconciliation.further_judge_choices(db.session, entry)
    ]
    if form.validate_on_submit() and commit_or_refuse(
        lambda: reconciliation.assign_further_judge(db.session, me(), entry, form.judge.data, form.reason.data or ""),
        _("The further judge has been assigned."),
    ):
        return redirect(url_for("results.reconcile_entry", contest_id=contest.id, entry_id=entry.id))
    return _entry_page(contest, entry, form, DecisionForm(formdata=None))


@bp.route("/reconcile/<int:entry_id>/decide", methods=["POST"])
@login_required
def decide(contest_id: int, entry_id: int) -> str | Response:
    contest = _reconcilable(contest_id)
    entry = _entry(contest, entry_id)
    require(policy.heads_without_conflict(db.session, me(), entry))
    form = DecisionForm()
    if form.validate_on_submit() and commit_or_refuse(
        lambda: reconciliation.decide(
            db.session, me(), entry, parse_decimal(form.score.data, "score"), form.reason.data or ""
        ),
        _("The decision has been recorded."),
    ):
        return redirect(url_for("results.reconcile_entry", contest_id=contest.id, entry_id=entry.id))
    return _entry_page(contest, entry, FurtherJudgeForm(formdata=None), form)


@bp.route("/certificates/<int:entry_id>/<int:author_id>.pdf")
@login_required
def certificate(contest_id: int, entry_id: int, author_id: int) -> Response:
    contest = visible_contest(contest_id)
    try:
        pdf = certificates.certificate(db.session, me(), contest, entry_id, author_id)
    except LookupError:
        abort(404)
    entry = db.session.get(Entry, entry_id)
    name = f"giay-chung-nhan-{entry.code if entry else entry_id}-{author_id}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name)
