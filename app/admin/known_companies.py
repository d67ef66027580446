"""The Sở's list of known companies that are no products: reviewers and administrators add, change and remove
companies (services.proposals.company_list)."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import KnownCompany, Role
from ..service_calls import commit_or_refuse
from ..services.proposals import company_list
from ..services.proposals.brand_list import split_names
from . import bp
from .forms import KnownCompanyForm


def _save(form: KnownCompanyForm, row: KnownCompany | None) -> bool:
    """Add the form's company (or change ``row`` to it) and commit; False, with the reason flashed, if refused."""
    name = form.name.data or ""
    aliases, ambiguous = split_names(form.aliases.data or ""), split_names(form.ambiguous.data or "")
    bank = bool(form.bank.data)

    def save() -> None:
        if row is None:
            company_list.add(db.session, me(), name, aliases, ambiguous, bank)
        else:
            company_list.update(db.session, me(), row, name, aliases, ambiguous, bank)

    return commit_or_refuse(save, _("The list of known companies is saved.")) is not None


@bp.route("/known-companies", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def known_companies() -> str | Response:
    form = KnownCompanyForm()
    if form.validate_on_submit() and _save(form, None):
        return redirect(url_for("admin.known_companies"))
    # An empty table (a database made without the migrations) reads as the shipped list: shown, not written.
    rows = company_list.rows(db.session) or [KnownCompany(**row) for row in company_list.shipped_rows()]
    search = request.args.get("q", "").strip().lower()
    if search:
        rows = [r for r in rows if search in " ".join([r.name, *r.aliases, *r.ambiguous]).lower()]
    return render_template("admin/known_companies.html", rows=rows, form=form, q=search)


@bp.route("/known-companies/<int:company_id>", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def known_company(company_id: int) -> str | Response:
    row = db.session.get(KnownCompany, company_id)
    if row is None:
        abort(404)
    form = KnownCompanyForm()
    if request.method == "GET":
        form.name.data, form.aliases.data, form.ambiguous.data, form.bank.data = (
            row.name,
            "\n".join(row.aliases),
            "\n".join(row.ambiguous),
            row.bank,
        )
    elif form.validate_on_submit() and _save(form, row):
        return redirect(url_for("admin.known_companies"))
    return render_template("admin/known_company_form.html", form=form, row=row)


@bp.route("/known-companies/<int:company_id>/remove", methods=["POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def remove_known_company(company_id: int) -> Response:
    row = db.session.get(KnownCompany, company_id)
    if row is None:
        abort(404)
    commit_or_refuse(
        lambda: company_list.remove(db.session, me(), row),
        _("The company is removed from the list of known companies."),
    )
    return redirect(url_for("admin.known_companies"))
