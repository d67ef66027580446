"""Organisers' pages of a contest's panel: judges, the head judge, judges per entry, the assignment and its loads.

Every view answers 403 to anyone who does not organise the contest (``policies.contests.is_staff``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Assignment, Contest, Entry, PanelMember, ScoreMethod
from ..service_calls import commit_or_refuse
from ..services.reviews import assignment, panel
from . import bp
from .forms import (
    ActionForm,
    AddJudgeForm,
    DiscrepancyForm,
    JudgeCategoryForm,
    ManualAssignmentForm,
    ScoreMethodForm,
    SettingsForm,
)


def _member(contest: Contest, member_id: int) -> PanelMember:
    found = db.session.get(PanelMember, member_id)
    if found is None or found.contest_id != contest.id:
        abort(404)
    return found


@bp.route("/contests/<int:contest_id>/review/panel", methods=["GET", "POST"])
@login_required
def panel_page(contest_id: int) -> str | Response:
    """The panel with each judge's load; the forms that add a judge and set the judges per entry."""
    contest = staff_contest(contest_id)
    form = AddJudgeForm()
    form.judge.choices = [
        SelectChoice(u.id, f"{u.full_name} ({u.unit.name})") for u in panel.candidates(db.session, contest)
    ]
    form.category.choices = [
        SelectChoice(0, _("All categories")),
        *(SelectChoice(c.id, c.name) for c in contest.categories),
    ]
    if form.validate_on_submit():
        added = commit_or_refuse(
            lambda: panel.add_member(db.session, me(), contest, form.judge.data or 0, form.category.data or None),
            _("The judge has joined the panel."),
        )
        if added is not None and (note := panel.blindness_note(added.value.user, contest)) is not None:
            flash(note, "warning")
        return redirect(url_for("reviews.panel_page", contest_id=contest.id))
    settings = panel.settings_for(db.session, contest)
    return render_template(
        "reviews/panel.html",
        contest=contest,
        form=form,
        settings_form=SettingsForm(judges_per_entry=settings.judges_per_entry),
        discrepancy_form=DiscrepancyForm(discrepancy_percent=settings.discrepancy_percent),
        score_method_form=ScoreMethodForm(score_method=settings.score_method.value),
        loads=assignment.loads(db.session, contest),
        blindness_note=lambda user: panel.blindness_note(user, contest),
        category_choices=form.category.choices,
    )


@bp.route("/contests/<int:contest_id>/review/panel/<int:member_id>/head", methods=["POST"])
@login_required
def toggle_head(contest_id: int, member_id: int) -> Response:
    contest = staff_contest(contest_id)
    member = _member(contest, member_id)
    if ActionForm().validate_on_submit():
        panel.set_head(db.session, me(), member, not member.is_head)
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/panel/<int:member_id>/remove", methods=["POST"])
@login_required
def remove_member(contest_id: int, member_id: int) -> Response:
    contest = staff_contest(contest_id)
    member = _member(contest, member_id)
    if ActionForm().validate_on_submit():
        commit_or_refuse(lambda: panel.remove_member(db.session, me(), member), _("The judge has left the panel."))
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/panel/<int:member_id>/category", methods=["POST"])
@login_required
def change_category(contest_id: int, member_id: int) -> Response:
    contest = staff_contest(contest_id)
    member = _member(contest, member_id)
    form = JudgeCategoryForm()
    if form.validate_on_submit():
        commit_or_refuse(lambda: panel.set_category(db.session, me(), member, form.category.data or None), _("Saved."))
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/settings", methods=["POST"])
@login_required
def settings(contest_id: int) -> Response:
    contest = staff_contest(contest_id)
    form = SettingsForm()
    if form.validate_on_submit():
        commit_or_refuse(
            lambda: panel.set_judges_per_entry(db.session, me(), contest, form.judges_per_entry.data or 0), _("Saved.")
        )
    else:
        flash(_("Each entry has from 1 to %(n)d judges.", n=panel.MAX_JUDGES_PER_ENTRY), "error")
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/discrepancy", methods=["POST"])
@login_required
def discrepancy(contest_id: int) -> Response:
    contest = staff_contest(contest_id)
    form = DiscrepancyForm()
    if form.validate_on_submit():
        commit_or_refuse(
            lambda: panel.set_discrepancy_percent(db.session, me(), contest, form.discrepancy_percent.data or 0),
            _("Saved."),
        )
    else:
        flash(_("The threshold is a percentage from 0 to 100."), "error")
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/score-method", methods=["POST"])
@login_required
def score_method(contest_id: int) -> Response:
    """How an entry's score is made of its judges' totals, as the contest's rules say."""
    contest = staff_contest(contest_id)
    form = ScoreMethodForm()
    if form.validate_on_submit():
        method = ScoreMethod(form.score_method.data)
        commit_or_refuse(lambda: panel.set_score_method(db.session, me(), contest, method), _("Saved."))
    else:
        flash(_("Choose how an entry's score is made."), "error")
    return redirect(url_for("reviews.panel_page", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/assignments")
@login_required
def assignments(contest_id: int) -> str:
    """Every entry with its judges (short ones first), the judges' loads, and the forms that change them."""
    contest = staff_contest(contest_id)
    entries = list(
        db.session.scalars(
            select(Entry).options(selectinload(Entry.unit)).where(Entry.contest_id == contest.id).order_by(Entry.code)
        )
    )
    by_entry = assignment.by_entry(db.session, contest)
    wanted = panel.settings_for(db.session, contest).judges_per_entry
    entries.sort(key=lambda e: len(by_entry.get(e.id, [])) >= wanted)
    members = panel.members(db.session, contest)
    form = ManualAssignmentForm()
    form.judge.choices = [SelectChoice(m.user_id, m.user.full_name) for m in members]
    return render_template(
        "reviews/assignments.html",
        contest=contest,
        entries=entries,
        by_entry=by_entry,
        wanted=wanted,
        short=sum(1 for e in entries if len(by_entry.get(e.id, [])) < wanted),
        loads=assignment.loads(db.session, contest),
        form=form,
    )


@bp.route("/contests/<int:contest_id>/review/assignments/run", methods=["POST"])
@login_required
def run_assignment(contest_id: int) -> Response:
    contest = staff_contest(contest_id)
    if ActionForm().validate_on_submit() and (
        ran := commit_or_refuse(lambda: assignment.run(db.session, me(), contest))
    ):
        report = ran.value
        flash(
            _(
                "Assignment done: %(added)d added, %(removed)d moved or removed.",
                added=report.added,
                removed=report.removed,
            ),
            "success",
        )
        if report.short:
            codes = ", ".join(code for code, _n in report.short[:50])
            more = "…" if len(report.short) > 50 else ""
            flash(
                ngettext(
                    "%(num)d entry could not get %(wanted)d judges without a conflict of interest: %(codes)s",
                    "%(num)d entries could not get %(wanted)d judges without a conflict of interest: %(codes)s",
                    len(report.short),
                    wanted=report.wanted,
                    codes=codes + more,
                ),
                "error",
            )
    return redirect(url_for("reviews.assignments", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/assignments/add", methods=["POST"])
@login_required
def add_assignment(contest_id: int) -> Response:
    contest = staff_contest(contest_id)
    form = ManualAssignmentForm()
    if form.validate_on_submit():
        entry = db.session.get(Entry, form.entry.data)
        if entry is None or entry.contest_id != contest.id:
            abort(404)
        commit_or_refuse(
            lambda: assignment.add(db.session, me(), entry, form.judge.data or 0),
            _("The judge has been given %(code)s.", code=entry.code),
        )
    else:
        flash(_("Choose an entry and a judge."), "error")
    return redirect(url_for("reviews.assignments", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/review/assignments/<int:assignment_id>/remove", methods=["POST"])
@login_required
def remove_assignment(contest_id: int, assignment_id: int) -> Response:
    contest = staff_contest(contest_id)
    found = db.session.get(Assignment, assignment_id)
    if found is None or found.contest_id != contest.id:
        abort(404)
    if ActionForm().validate_on_submit():
        commit_or_refuse(
            lambda: assignment.remove(db.session, me(), found),
            _("The judge no longer scores %(code)s.", code=found.entry.code),
        )
    return redirect(url_for("reviews.assignments", contest_id=contest.id))
