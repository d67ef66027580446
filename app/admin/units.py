"""The unit tree: administrators and the Sở's coordinators add, rename, move, merge, deactivate and reactivate units
(services.people.units). Merging and deactivating say what they will do and ask for a confirmation first."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, require
from ..extensions import db
from ..form_base import SelectChoice
from ..models import SchoolLevel, Unit, UnitKind
from ..policies.people import may_manage_units
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.people import units as service
from . import bp
from .forms import (
    SCHOOL_LEVEL_LABELS,
    UNIT_KIND_LABELS,
    DeactivateUnitForm,
    MergeUnitForm,
    MoveUnitForm,
    ReactivateUnitForm,
    RenameUnitForm,
    UnitForm,
)


def _guard() -> None:
    require(may_manage_units(me()))


def _unit(unit_id: int) -> Unit:
    _guard()
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    return unit


def _label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def _holders(rows: list[service.TreeRow], exclude: frozenset[int] | set[int] = frozenset()) -> list[SelectChoice]:
    """The active units that may have units under them (the Sở and district offices), indented as in the tree."""
    return [
        SelectChoice(r.unit.id, "— " * r.depth + _label(r.unit))
        for r in rows
        if r.unit.active and r.unit.kind in (UnitKind.DEPARTMENT, UnitKind.DISTRICT_OFFICE) and r.unit.id not in exclude
    ]


@bp.route("/units", methods=["GET", "POST"])
@login_required
def units() -> str | Response:
    _guard()
    form = UnitForm()
    rows = service.tree(db.session)
    form.parent.choices = _holders(rows)
    if form.validate_on_submit():
        done = commit_or_refuse(
            lambda: service.add_unit(
                db.session,
                me(),
                name=form.name.data or "",
                code=form.code.data or "",
                kind=UnitKind(form.kind.data),
                level=SchoolLevel(form.level.data) if form.level.data else None,
                parent_id=form.parent.data,
            ),
            _("The unit is added."),
        )
        if done:
            return redirect(url_for("admin.units", _anchor=f"unit-{done.value.id}"))
        rows = service.tree(db.session)
    return render_template("admin/units.html", rows=rows, form=form, kinds=UNIT_KIND_LABELS, levels=SCHOOL_LEVEL_LABELS)


def _unit_page(unit: Unit, status: int = 200, **forms: Any) -> tuple[str, int]:
    """The unit's page, with the forms given (the one just posted keeps what was typed) and fresh ones for the rest."""
    rows = service.tree(db.session)
    row = next(r for r in rows if r.unit.id == unit.id)
    below = service.descendant_ids(db.session, unit)
    move = forms.get("move") or MoveUnitForm(formdata=None, parent=unit.parent_id)
    move.parent.choices = _holders(rows, below | {unit.id})
    merge = forms.get("merge") or MergeUnitForm(formdata=None)
    schools = unit.kind in service.SCHOOL_KINDS
    merge.target.choices = [
        SelectChoice(r.unit.id, "— " * r.depth + _label(r.unit))
        for r in rows
        if r.unit.active
        and r.unit.id not in below | {unit.id}
        and ((r.unit.kind in service.SCHOOL_KINDS) if schools else r.unit.kind is unit.kind)
    ]
    return render_template(
        "admin/unit.html",
        unit=unit,
        row=row,
        rename=forms.get("rename") or RenameUnitForm(formdata=None, name=unit.name),
        move=move,
        merge=merge,
        deactivate=forms.get("deactivate") or DeactivateUnitForm(formdata=None),
        reactivate=ReactivateUnitForm(formdata=None),
        merge_effect=forms.get("merge_effect"),
        merge_target=forms.get("merge_target"),
        confirm_deactivate=forms.get("confirm_deactivate", False),
        kinds=UNIT_KIND_LABELS,
        levels=SCHOOL_LEVEL_LABELS,
        is_root=unit.kind is UnitKind.DEPARTMENT,
    ), status


@bp.route("/units/<int:unit_id>")
@login_required
def unit(unit_id: int) -> tuple[str, int]:
    return _unit_page(_unit(unit_id))


def _back(unit: Unit) -> Response:
    return redirect(url_for("admin.unit", unit_id=unit.id))


@bp.route("/units/<int:unit_id>/rename", methods=["POST"])
@login_required
def rename_unit(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit(unit_id)
    form = RenameUnitForm()
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.rename(db.session, me(), unit, form.name.data or ""), _("The unit is renamed.")
    ):
        return _back(unit)
    return _unit_page(unit, 400, rename=form)


@bp.route("/units/<int:unit_id>/move", methods=["POST"])
@login_required
def move_unit(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit(unit_id)
    form = MoveUnitForm()
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.move(db.session, me(), unit, form.parent.data), _("The unit is moved.")
    ):
        return _back(unit)
    return _unit_page(unit, 400, move=form)


@bp.route("/units/<int:unit_id>/merge", methods=["POST"])
@login_required
def merge_unit(unit_id: int) -> Response | tuple[str, int]:
    """Without the confirmation ticked: the page again saying what the merge would move (or why it cannot be
    done), nothing changed. With it: the merge."""
    unit = _unit(unit_id)
    form = MergeUnitForm()
    if not form.validate_on_submit():
        return _unit_page(unit, 400, merge=form)
    if not form.confirm.data:
        try:
            target = service.check_merge(db.session, me(), unit, form.target.data)
        except InvalidInput as refusal:
            flash(str(refusal.message), "error")
            return _unit_page(unit, 400, merge=form)
        flash(_("Nothing is merged yet: read what the merge does, tick the confirmation and merge again."), "info")
        effect = service.merge_effect(db.session, unit)
        return _unit_page(unit, 200, merge=form, merge_effect=effect, merge_target=target)
    if commit_or_refuse(
        lambda: service.merge(db.session, me(), unit, form.target.data),
        _("The unit is merged and deactivated; its people and entries now belong to the unit it was merged into."),
    ):
        return _back(unit)
    return _unit_page(unit, 400, merge=form)


@bp.route("/units/<int:unit_id>/deactivate", methods=["POST"])
@login_required
def deactivate_unit(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit(unit_id)
    form = DeactivateUnitForm()
    if not form.validate_on_submit():
        return _unit_page(unit, 400, deactivate=form)
    if not form.confirm.data:
        try:
            service.check_deactivate(db.session, me(), unit)
        except InvalidInput as refusal:
            flash(str(refusal.message), "error")
            return _unit_page(unit, 400, deactivate=form)
        flash(
            _("Nothing is deactivated yet: read what deactivation does, tick the confirmation and try again."), "info"
        )
        return _unit_page(unit, 200, deactivate=form, confirm_deactivate=True)
    if commit_or_refuse(lambda: service.deactivate(db.session, me(), unit), _("The unit is deactivated.")):
        return _back(unit)
    return _unit_page(unit, 400, deactivate=form)


@bp.route("/units/<int:unit_id>/reactivate", methods=["POST"])
@login_required
def reactivate_unit(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit(unit_id)
    if ReactivateUnitForm().validate_on_submit() and commit_or_refuse(
        lambda: service.reactivate(db.session, me(), unit), _("The unit is active again.")
    ):
        return _back(unit)
    return _unit_page(unit, 400)
