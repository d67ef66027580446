"""Organisers' pages of a rubric: its criteria (add, edit, remove, reorder) and the templates to start from.

Every view answers 403 to anyone who does not organise the contest (``policies.contests.is_staff``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Contest, Criterion
from ..service_calls import commit_or_refuse
from ..services.reviews import rubrics
from . import bp
from .common import category_of, points
from .forms import ActionForm, CriterionForm, TemplateForm


def _spec(form: CriterionForm) -> rubrics.CriterionSpec:
    return rubrics.CriterionSpec(
        name=form.name.data or "",
        guidance=form.guidance.data or "",
        max_points=rubrics.parse_decimal(form.max_points.data, "max_points"),
        step=rubrics.parse_decimal(form.step.data, "step"),
        weight=rubrics.parse_decimal(form.weight.data, "weight"),
        tie_break=form.tie_break.data,
    )


def _template_form(category_id: int | None) -> TemplateForm:
    form = TemplateForm(category=category_id or "")
    # the labels are lazy strings, which WTForms renders as it does a str
    form.template.choices = [SelectChoice(key, label) for key, (label, _specs) in rubrics.TEMPLATES.items()]
    return form


def _criterion(contest: Contest, criterion_id: int) -> Criterion:
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.rubric.contest_id != contest.id:
        abort(404)
    return criterion


def _back(contest: Contest, category_id: int | None) -> Response:
    return redirect(url_for("reviews.rubric", contest_id=contest.id, category=category_id))


def _render(contest: Contest, category_id: int | None, form: CriterionForm) -> str:
    rubric = rubrics.rubric_for(db.session, contest, category_id)
    return render_template(
        "reviews/rubric.html",
        contest=contest,
        category_id=category_id,
        rubric=rubric,
        inherited=rubric is None and category_id is not None,
        contest_rubric=rubrics.rubric_for(db.session, contest, None),
        locked=rubrics.is_locked(db.session, contest, category_id),
        max_total=rubrics.max_total(rubric) if rubric else 0,
        form=form,
        template_form=_template_form(category_id),
    )


@bp.route("/contests/<int:contest_id>/review/rubric", methods=["GET", "POST"])
@login_required
def rubric(contest_id: int) -> str | Response:
    """The criteria of the contest (or of ``?category=``) and the form that adds one."""
    contest = staff_contest(contest_id)
    form = CriterionForm()
    source = form.category.data if request.method == "POST" else request.args.get("category")
    category_id = category_of(contest, source)
    if form.validate_on_submit():
        if commit_or_refuse(
            lambda: rubrics.add_criterion(db.session, me(), contest, category_id, _spec(form)),
            _("The criterion has been added."),
        ):
            return _back(contest, category_id)
    elif request.method == "POST":
        flash(_("Check the fields marked in red."), "error")
    form.category.data = str(category_id) if category_id else ""
    return _render(contest, category_id, form)


@bp.route("/contests/<int:contest_id>/review/criteria/<int:criterion_id>", methods=["GET", "POST"])
@login_required
def edit_criterion(contest_id: int, criterion_id: int) -> str | Response:
    contest = staff_contest(contest_id)
    criterion = _criterion(contest, criterion_id)
    category_id = criterion.rubric.category_id
    form = CriterionForm(obj=criterion)
    if request.method == "GET":
        for name in ("max_points", "step", "weight"):
            getattr(form, name).data = points(getattr(criterion, name))
    if form.validate_on_submit() and commit_or_refuse(
        lambda: rubrics.update_criterion(db.session, me(), criterion, _spec(form)), _("Saved.")
    ):
        return _back(contest, category_id)
    return render_template(
        "reviews/criterion.html",
        contest=contest,
        criterion=criterion,
        category_id=category_id,
        form=form,
        locked=rubrics.is_locked(db.session, contest, category_id),
    )


@bp.route("/contests/<int:contest_id>/review/criteria/<int:criterion_id>/remove", methods=["POST"])
@login_required
def remove_criterion(contest_id: int, criterion_id: int) -> Response:
    contest = staff_contest(contest_id)
    criterion = _criterion(contest, criterion_id)
    category_id = criterion.rubric.category_id
    if ActionForm().validate_on_submit():
        commit_or_refuse(
            lambda: rubrics.remove_criterion(db.session, me(), criterion), _("The criterion has been removed.")
        )
    return _back(contest, category_id)


@bp.route(
    "/contests/<int:contest_id>/review/criteria/<int:criterion_id>/move/<any(up, down):direction>", methods=["POST"]
)
@login_required
def move_criterion(contest_id: int, criterion_id: int, direction: str) -> Response:
    contest = staff_contest(contest_id)
    criterion = _criterion(contest, criterion_id)
    category_id = criterion.rubric.category_id
    if ActionForm().validate_on_submit():
        commit_or_refuse(lambda: rubrics.move_criterion(db.session, me(), criterion, -1 if direction == "up" else 1))
    return _back(contest, category_id)


@bp.route("/contests/<int:contest_id>/review/rubric/template", methods=["POST"])
@login_required
def apply_template(contest_id: int) -> Response:
    """Replace the scope's criteria with a template's."""
    contest = staff_contest(contest_id)
    form = _template_form(None)
    category_id = category_of(contest, form.category.data)
    if form.validate_on_submit():
        commit_or_refuse(
            lambda: rubrics.apply_template(db.session, me(), contest, category_id, form.template.data or ""),
            _("The template's criteria are in place; change them as you need."),
        )
    return _back(contest, category_id)
