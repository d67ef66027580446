"""The Sở's brand list: reviewers and administrators add, change and remove brands (services.brand_list)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import ListedBrand, Role
from ..services import brand_list
from ..services.errors import InvalidInput
from . import bp
from .forms import BrandForm


def _save(form: BrandForm, row: ListedBrand | None) -> bool:
    names = (
        form.name.data or "",
        brand_list.split_names(form.aliases.data),
        brand_list.split_names(form.ambiguous.data),
    )
    try:
        if row is None:
            brand_list.add(db.session, me(), *names)
        else:
            brand_list.update(db.session, me(), row, *names)
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    flash(_("The brand list is saved."), "success")
    return True


@bp.route("/brands", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def brands() -> str | Response:
    form = BrandForm()
    if form.validate_on_submit() and _save(form, None):
        return redirect(url_for("admin.brands"))
    rows = brand_list.rows(db.session)
    db.session.commit()  # the list filled from the shipped file on first use is kept
    search = request.args.get("q", "").strip().lower()
    if search:
        rows = [r for r in rows if search in " ".join([r.name, *r.aliases, *r.ambiguous]).lower()]
    return render_template("admin/brands.html", rows=rows, form=form, q=search)


@bp.route("/brands/<int:brand_id>", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def brand(brand_id: int) -> str | Response:
    row = db.session.get(ListedBrand, brand_id)
    if row is None:
        abort(404)
    form = BrandForm()
    if request.method == "GET":
        form.name.data, form.aliases.data, form.ambiguous.data = (
            row.name,
            "\n".join(row.aliases),
            "\n".join(row.ambiguous),
        )
    elif form.validate_on_submit() and _save(form, row):
        return redirect(url_for("admin.brands"))
    return render_template("admin/brand_form.html", form=form, row=row)


@bp.route("/brands/<int:brand_id>/remove", methods=["POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def remove_brand(brand_id: int) -> Response:
    row = db.session.get(ListedBrand, brand_id)
    if row is None:
        abort(404)
    try:
        brand_list.remove(db.session, me(), row)
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The brand is removed from the list."), "success")
    return redirect(url_for("admin.brands"))
