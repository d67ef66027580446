"""The page where a logged-in user creates, lists and revokes their API tokens (an ordinary HTML page with
the session login and CSRF-protected forms; it lives outside /api/v1, which takes no cookies).

Creating a token asks for the user's password again: a token outlives the session (logging out everywhere does not
end it), so someone at a computer its owner left logged in must not be able to make one. A wrong password counts as
a failed login of the account, as on the password form."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..auth.login_limits import login_limits, refusal_message, wait_after_failures
from ..authz import me
from ..extensions import db
from ..form_base import Form as FlaskForm  # our base: WTForms messages in the user's language
from ..service_calls import commit_or_refuse
from ..services.errors import NotAllowed
from ..services.people import accounts, api_tokens
from ..timeutil import format_datetime, utcnow

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens", template_folder="templates")


def _lifetime(days: int, now: datetime) -> str:
    """A lifetime as the form offers it: "30 ngày (đến 06/01/2027 11:20)"."""
    when = format_datetime(now + timedelta(days=days))
    return ngettext("%(num)d day (until %(when)s)", "%(num)d days (until %(when)s)", days, when=when)


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(), Length(max=api_tokens.NAME_MAX)],
        description=_l("Where you will use it, e.g. “my laptop”."),
    )
    days = SelectField(
        _l("Expires after"),
        coerce=int,
        default=api_tokens.DEFAULT_DAYS,
        description=_l("The API refuses the token from then on; you then create a new one."),
    )
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired()],
        description=_l("Asked again: a token works without your login, so nobody else may make one on a computer "
                       "you left logged in."),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        now = utcnow()
        self.days.choices = [(days, _lifetime(days, now)) for days in api_tokens.LIFETIMES]


def _page(form: TokenForm, new_token: str | None = None) -> str:
    return render_template(
        "api/tokens.html",
        form=form,
        tokens=api_tokens.tokens_of(db.session, me()),
        new_token=new_token,
        now=utcnow(),
    )


@bp.route("")
@login_required
def index() -> str:
    return _page(TokenForm())


@bp.route("", methods=["POST"])
@login_required
def create() -> tuple[str, int]:
    """Create a token, once the user's password is confirmed, and show it on this response only: it is never
    stored, flashed or shown again."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form), 200
    user, address = me(), request.remote_addr or ""
    limits = login_limits()
    if (refusal := limits.check(user.username, address)) is not None:
        flash(refusal_message(refusal), "error")
        return _page(form), 429
    if not accounts.password_confirms(user, form.password.data or ""):
        form.password.errors = [_("The password is not correct.")]
        if delay := limits.failed(user.username, address):
            flash(wait_after_failures(delay), "error")
        return _page(form), 200
    limits.succeeded(user.username)
    created = commit_or_refuse(lambda: api_tokens.create(db.session, user, form.name.data or "", form.days.data))
    if not created:
        return _page(form), 200
    _row, token = created.value
    return _page(TokenForm(formdata=None), new_token=token), 200


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int) -> Response:
    try:
        api_tokens.revoke(db.session, me(), token_id)
    except NotAllowed:
        abort(404)
    db.session.commit()
    flash(_("The token has been revoked. Programs using it can no longer reach the API."), "success")
    return redirect(url_for("api_tokens.index"))
