"""Views of the auth area."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import me
from ..browser_session import existing_session_id
from ..extensions import db, limiter
from ..form_base import SelectChoice
from ..limit_storage import counters
from ..models import Unit, UnitKind
from ..service_calls import commit_or_refuse
from ..services.entries import entry_preview
from ..services.errors import InvalidInput
from ..services.people import account_access, accounts, password_reset
from ..services.records.outbox import send_mail
from ..timeutil import format_datetime, utcnow
from ..vnsort import title_key
from . import bp
from .forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, ResetPasswordForm, StudentRegistrationForm
from .login_limits import login_limits, refusal_message, wait_after_failures


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login. No backslash: browsers read one as a slash, so that
    ``/\\evil.example`` would be ``//evil.example``, another site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("home.index")  # the landing page: what waits for the user


@bp.route("/login", methods=["GET", "POST"])
def login() -> tuple[str, int] | Response:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        username, address = form.username.data or "", request.remote_addr or ""
        limits = login_limits()
        refusal = limits.check(username, address)
        user = None if refusal else accounts.authenticate(db.session, username, form.password.data or "")
        if refusal is not None:
            flash(refusal_message(refusal), "error")
            status = 429
        elif user is None:
            message = _("Wrong login or password, or the account is not active yet.")
            if delay := limits.failed(username, address):
                message += " " + wait_after_failures(delay)
            flash(message, "error")
        else:
            limits.succeeded(username)
            session.clear()  # a fresh session on login (no fixation)
            login_user(user)
            if user.must_change_password:
                flash(_("Please choose a new password."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Log out here and everywhere: a copy of this session's cookie, wherever it is, no longer works."""
    lang = session.get("lang")
    if ending := existing_session_id():
        entry_preview.end_session(db.session, ending)
    if current_user.is_authenticated:
        account_access.end_sessions(db.session, me())
    db.session.commit()
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("contests.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> tuple[str, int] | Response:
    """Change one's password, giving the current one. A wrong current password counts as a failed login of the
    account (``login_limits``), and the form waits as the login does: a session left open on a lab's computer is
    no way to guess its owner's password."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        user, address = me(), request.remote_addr or ""
        limits = login_limits()
        if (refusal := limits.check(user.username, address)) is not None:
            flash(refusal_message(refusal), "error")
            status = 429
        else:
            try:
                accounts.change_password(db.session, user, form.current.data or "", form.new.data or "")
            except InvalidInput as refused:
                db.session.rollback()
                flash(str(refused.message), "error")
                if refused.field == "current" and (delay := limits.failed(user.username, address)):
                    flash(wait_after_failures(delay), "error")
            else:
                db.session.commit()
                limits.succeeded(user.username)
                flash(_("Your password has been changed. You are logged out everywhere else."), "success")
                login_user(user)  # this session goes on, stamped with the generation that ended the others
                return redirect(url_for("contests.index"))
    return render_template("auth/password.html", form=form), status


def _school_choices() -> list[SelectChoice]:
    schools = db.session.scalars(
        select(Unit).where(Unit.kind.in_([UnitKind.SCHOOL, UnitKind.GDTX_CENTRE]), Unit.active.is_(True))
    )
    return [SelectChoice(u.id, u.name) for u in sorted(schools, key=lambda u: title_key(u.name))]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("contests.index"))
    form = StudentRegistrationForm()
    form.school.choices = _school_choices()
    if form.validate_on_submit():
        details = accounts.PersonDetails(
            full_name=form.full_name.data or "",
            username=form.username.data or "",
            email=form.email.data,
            date_of_birth=form.date_of_birth.data,
            class_name=form.class_name.data,
        )
        if commit_or_refuse(
            lambda: accounts.register_student(db.session, form.school.data, details, form.password.data or ""),
            _("Your account has been created. You can log in once your school's coordinator confirms it."),
        ):
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/lang/<code>")
def switch_language(code: str) -> Response:
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))


# --- forgotten passwords ------------------------------------------------------------------------------------------


def _link(endpoint: str, **values: str) -> str:
    """An absolute link for an e-mail: on HOITHI_PUBLIC_URL. Without it (allowed only while mail is written to files
    on this host, never sent: ``config._public_url``), on the address of the request."""
    base: str | None = current_app.config.get("PUBLIC_URL")
    arguments: dict[str, Any] = values  # the route's; url_for's own (_external…) are not among them
    if base:
        return base + url_for(endpoint, **arguments)
    return url_for(endpoint, _external=True, **arguments)


def _reset_mail_body(mail: password_reset.ResetMail, link: str) -> str:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    until = format_datetime(utcnow() + timedelta(minutes=minutes))
    return "\n\n".join(
        [
            _("Hello %(name)s,", name=mail.full_name),
            _(
                "Someone (we hope it was you) asked to reset the password of the hoithi account %(login)s. "
                "To choose a new password, open this link within %(minutes)d minutes (before %(until)s):",
                login=mail.username,
                minutes=minutes,
                until=until,
            ),
            link,
            _(
                "The link works only once. If you did not ask for it, ignore this message: "
                "your password stays as it is."
            ),
        ]
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("100 per hour", methods=["POST"])
def forgot_password() -> str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        mail = password_reset.request_reset(db.session, current_app.config["SECRET_KEY"], form.email.data or "")
        db.session.rollback()  # nothing was written; the mail goes out after the transaction
        if mail is not None and password_reset.may_send(counters(current_app, limiter.storage), mail.user_id):
            link = _link("auth.reset_password", token=mail.token)
            # Queued, and sent by a worker after the commit: the page says the same, as fast, whether or not the
            # address has an account and whatever the mail server does.
            send_mail(db.session, [mail.to], _("Choose a new hoithi password"), _reset_mail_body(mail, link))
        db.session.commit()
        return render_template(
            "auth/forgot_sent.html", email=form.email.data, minutes=current_app.config["PASSWORD_RESET_MINUTES"]
        )
    return render_template("auth/forgot.html", form=form)


_BAD_LINK = {
    "invalid": _l("This link is not valid. Copy the whole link from the e-mail, or ask for a new one."),
    "expired": _l("This link has expired: a link works for %(minutes)d minutes. Ask for a new one."),
    "used": _l(
        "This link has already been used (or the password was changed since it was sent). "
        "If you need to, ask for a new link."
    ),
}


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    config = current_app.config
    secret, max_age = config["SECRET_KEY"], config["PASSWORD_RESET_MINUTES"] * 60
    try:
        user = password_reset.check_link(db.session, secret, token, max_age)
    except password_reset.BadLink as bad:
        message = str(_BAD_LINK[bad.reason]) % {"minutes": config["PASSWORD_RESET_MINUTES"]}
        return render_template("auth/reset_bad_link.html", message=message)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            done = commit_or_refuse(
                lambda: password_reset.reset_password(db.session, secret, token, max_age, form.new.data or ""),
                _("Your new password is set. Log in with it."),
            )
        except password_reset.BadLink as bad:
            db.session.rollback()
            message = str(_BAD_LINK[bad.reason]) % {"minutes": config["PASSWORD_RESET_MINUTES"]}
            return render_template("auth/reset_bad_link.html", message=message)
        if done:
            login_limits().succeeded(user.username)
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, person=user)
