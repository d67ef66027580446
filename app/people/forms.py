"""Forms of the people area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_base import Form, SelectChoice
from ..models import Role
from ..services import labels

ROLE_LABELS = labels.ROLE


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PersonForm(Form):
    full_name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=120)])
    username = StringField(_l("Login"), validators=[InputRequired(), Length(min=3, max=64)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    class_name = StringField(_l("Class"), validators=[Optional(), Length(max=20)])
    unit = SelectField(_l("Unit"), coerce=int)
    roles = MultiCheckboxField(_l("Roles"), validate_choice=False)


class ImportForm(Form):
    unit = SelectField(_l("Unit"), coerce=int)
    role = SelectField(
        _l("Role of people without one in the sheet"),
        choices=[
            SelectChoice(Role.STUDENT.value, ROLE_LABELS[Role.STUDENT]),
            SelectChoice(Role.TEACHER.value, ROLE_LABELS[Role.TEACHER]),
        ],
    )
    file = FileField(
        _l("Excel (.xlsx) or CSV file"),
        validators=[FileRequired(), FileAllowed(["xlsx", "csv", "xls"], _l("Choose an .xlsx or .csv file."))],
    )


class ResetPasswordConfirmForm(Form):
    """Resetting someone's password locks them out until they get the new one: the coordinator confirms first."""

    confirm = BooleanField(
        _l("Yes, reset this person's password: their current password stops working now."),
        validators=[DataRequired(message=_l("Tick the box to confirm, or go back to the list."))],
    )
