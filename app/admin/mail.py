"""Outgoing mail for the administrator: the messages not sent yet, each attempt's error, and sending one again."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import Role
from ..service_calls import commit_or_refuse
from ..services.records import outbox
from . import bp


@bp.route("/mail")
@roles_required(Role.ADMIN)
def mail() -> str:
    return render_template("admin/mail.html", messages=outbox.unsent(db.session), attempts=len(outbox.RETRY_DELAYS) + 1)


@bp.route("/mail/<int:mail_id>/send-again", methods=["POST"])
@roles_required(Role.ADMIN)
def mail_send_again(mail_id: int) -> Response:
    commit_or_refuse(
        lambda: outbox.send_again(db.session, me(), mail_id), _("The message will be sent again in a moment.")
    )
    return redirect(url_for("admin.mail"))
