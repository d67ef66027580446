"""Forms of the contests area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_base import CLOSING_HINT, Form, SelectChoice
from ..models import ContestRound
from ..services.contests.contest_kinds import LABELS

KIND_LABELS = LABELS
ROUND_LABELS = {
    ContestRound.SCHOOL: _l("School round"),
    ContestRound.DISTRICT: _l("District round"),
    ContestRound.PROVINCE: _l("Province round"),
    ContestRound.NATIONAL: _l("National round"),
}


class ContestForm(Form):
    title = StringField(_l("Contest title"), validators=[InputRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()])
    round = SelectField(_l("Round"), choices=[SelectChoice(r.value, label) for r, label in ROUND_LABELS.items()])
    school_year = StringField(
        _l("School year"), validators=[InputRequired(), Length(min=9, max=9)], description="2026-2027"
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    registration_opens = DateTimeLocalField(_l("Registration opens"), validators=[InputRequired()])
    registration_closes = DateTimeLocalField(
        _l("Registration closes"), validators=[InputRequired()], description=CLOSING_HINT
    )
    submission_opens = DateTimeLocalField(_l("Submission opens"), validators=[InputRequired()])
    submission_closes = DateTimeLocalField(
        _l("Submission closes"), validators=[InputRequired()], description=CLOSING_HINT
    )
    max_team_size = IntegerField(
        _l("People per entry (at most)"), default=1, validators=[InputRequired(), NumberRange(min=1, max=10)]
    )
    allows_supervisor = BooleanField(_l("A supervising teacher may be named"))
    open_to_students = BooleanField(_l("Students may enter"), default=True)
    open_to_teachers = BooleanField(_l("Teachers may enter"))
    categories = TextAreaField(
        _l("Categories (one per line: code | name | grades, the grades only for a category of some grades)"),
        validators=[Optional(), Length(max=2000)],
        description="B | Bảng B – THCS | 6-9",
    )


class SelfRegistrationForm(Form):
    category = SelectField(_l("Category"), coerce=int, validate_choice=False)


class RegisterPeopleForm(Form):
    category = SelectField(_l("Category"), coerce=int, validate_choice=False)
    members = SelectMultipleField(_l("People"), coerce=int, validate_choice=False)
    supervisor = SelectField(_l("Supervising teacher"), coerce=int, validate_choice=False)
    team_name = StringField(_l("Team name"), validators=[Optional(), Length(max=120)])


class BulkRegistrationForm(Form):
    """Many people of the coordinator's units, each registered alone, picked with checkboxes."""

    category = SelectField(_l("Category"), coerce=int, validate_choice=False)
    people = SelectMultipleField(
        _l("People"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class SheetRegistrationForm(Form):
    """Many people, each registered alone, listed by login in an .xlsx sheet."""

    category = SelectField(_l("Category of rows without one"), coerce=int, validate_choice=False)
    file = FileField(
        _l("Excel (.xlsx) or CSV file of logins"),
        validators=[FileRequired(), FileAllowed(["xlsx", "csv", "xls"], _l("Choose an .xlsx or .csv file."))],
    )
