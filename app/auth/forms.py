"""Forms of the auth area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from ..form_base import Form
from ..services.people.password_policy import HINT, MAX_LENGTH


class LoginForm(Form):
    username = StringField(_l("Login"), validators=[InputRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[InputRequired()])
    new = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=MAX_LENGTH)], description=HINT)
    confirm = PasswordField(
        _l("New password again"),
        validators=[InputRequired(), EqualTo("new", message=_l("The passwords differ."))],
    )


class StudentRegistrationForm(Form):
    school = SelectField(_l("School"), coerce=int, validators=[InputRequired()])
    full_name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=120)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    class_name = StringField(_l("Class"), validators=[Optional(), Length(max=20)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    username = StringField(_l("Login"), validators=[InputRequired(), Length(min=3, max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=MAX_LENGTH)], description=HINT)
    confirm = PasswordField(
        _l("Password again"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(), Length(max=254), Email()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class ResetPasswordForm(Form):
    new = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=MAX_LENGTH)], description=HINT)
    confirm = PasswordField(
        _l("New password again"),
        validators=[InputRequired(), EqualTo("new", message=_l("The passwords differ."))],
    )
