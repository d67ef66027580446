"""Views of the auth area."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import me
from ..extensions import db, limiter
from ..models import Unit, UnitKind
from ..service_calls import commit_or_refuse
from ..services import people
from . import bp
from .forms import ChangePasswordForm, LoginForm, StudentRegistrationForm


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("contests.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = people.authenticate(db.session, form.username.data or "", form.password.data or "")
        if user is None:
            flash(_("Wrong login or password, or the account is not active yet."), "error")
        else:
            session.clear()  # a fresh session on login (no fixation)
            login_user(user)
            if user.must_change_password:
                flash(_("Please choose a new password."), "info")
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("contests.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit() and commit_or_refuse(
        lambda: people.change_password(db.session, me(), form.current.data or "", form.new.data or ""),
        _("Your password has been changed."),
    ):
        return redirect(url_for("contests.index"))
    return render_template("auth/password.html", form=form)


def _school_choices() -> list[tuple[int, str]]:
    schools = db.session.scalars(
        select(Unit).where(Unit.kind.in_([UnitKind.SCHOOL, UnitKind.GDTX_CENTRE])).order_by(Unit.name)
    )
    return [(u.id, u.name) for u in schools]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("contests.index"))
    form = StudentRegistrationForm()
    form.school.choices = _school_choices()
    if form.validate_on_submit():
        details = people.PersonDetails(
            full_name=form.full_name.data or "",
            username=form.username.data or "",
            email=form.email.data,
            date_of_birth=form.date_of_birth.data,
            class_name=form.class_name.data,
        )
        if commit_or_refuse(
            lambda: people.register_student(db.session, form.school.data, details, form.password.data or ""),
            _("Your account has been created. You can log in once your school's coordinator confirms it."),
        ):
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/lang/<code>")
def switch_language(code: str) -> Response:
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
