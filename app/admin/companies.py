"""Company accounts: the Sở's reviewers and administrators check who registered and activate or deactivate."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import AccountStatus, Role, User
from ..service_calls import commit_or_refuse
from ..services.proposals import company_accounts
from . import bp


@bp.route("/companies")
@roles_required(Role.REVIEWER, Role.ADMIN)
def companies() -> str:
    return render_template("admin/companies.html", accounts=company_accounts.company_accounts(db.session))


@bp.route("/companies/<int:user_id>/status/<status>", methods=["POST"])
@roles_required(Role.REVIEWER, Role.ADMIN)
def company_status(user_id: int, status: str) -> Response:
    account = db.session.get(User, user_id)
    if account is None or not account.is_company or status not in ("active", "deactivated"):
        abort(404)
    commit_or_refuse(
        lambda: company_accounts.set_status(db.session, me(), account, AccountStatus(status)),
        _("Saved."),
    )
    return redirect(url_for("admin.companies"))
