"""The Sở's brand list: reviewers and administrators add, change and remove brands (services.proposals.brand_list)."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import ListedBrand, Role
from ..service_calls import commit_or_refuse
from ..services.proposals import brand_list
from . import bp
from .forms import BrandForm


def _save(form: BrandForm, row: ListedBrand | None) -> bool:
    """Add the form's brand (or change ``row`` to it) and commit; False, with the reason flashed, if refused."""
    names = (
        form.name.data or "",
        brand_list.split_names(form.aliases.data or ""),
        brand_list.split_names(form.ambiguous.data or ""),
    )

    def save() -> None:
        if row is None:
            brand_list.add(db.session, me(), *names)
        else:
            brand_list.update(db.session, me(), row, *names)

    return commit_or_refuse(save, _("The brand list is saved.")) is not None


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
    commit_or_refuse(lambda: brand_list.remove(db.session, me(), row), _("The brand is removed from the list."))
    return redirect(url_for("admin.brands"))
