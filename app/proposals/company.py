"""A company's own registration: a pending account that a Sở reviewer activates
(services.proposals.company_accounts)."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import db, limiter
from ..service_calls import commit_or_refuse
from ..services.proposals import company_accounts
from . import bp
from .forms import CompanyRegistrationForm


@bp.route("/company/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def company_register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("contests.index"))
    form = CompanyRegistrationForm()
    if form.validate_on_submit():
        details = company_accounts.CompanyDetails(
            company_name=form.company_name.data or "",
            tax_code=form.tax_code.data or "",
            contact_name=form.contact_name.data or "",
            email=form.email.data or "",
            username=form.username.data or "",
        )
        if commit_or_refuse(
            lambda: company_accounts.register_company(db.session, details, form.password.data or ""),
            _("The account is created. You can log in once the Department has checked and activated it."),
        ):
            return redirect(url_for("auth.login"))
    return render_template("proposals/company_register.html", form=form)
