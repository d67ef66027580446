"""Forms of the entries area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..form_base import Form, SelectChoice
from ..models import Licence
from ..services.entries.entering import LICENCE_LABELS, MAX_UPLOAD_CAP_MB
from ..services.entries.entry_files import SLOT_LABELS


class EntryForm(Form):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    category = SelectField(_l("Category"), coerce=int, validate_choice=False)
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=120)], description="Tin học")
    level = StringField(_l("Grade or level"), validators=[Optional(), Length(max=60)], description="Lớp 8")
    field = StringField(_l("Field"), validators=[Optional(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    licence = SelectField(
        _l("Licence"),
        choices=[
            SelectChoice("", "—"),
            *(SelectChoice(licence.value, label) for licence, label in LICENCE_LABELS.items()),
        ],
        validators=[Optional()],
    )
    coauthors = SelectMultipleField(_l("Co-authors"), coerce=int, validate_choice=False)
    supervisor = SelectField(_l("Supervising teacher"), coerce=int, validate_choice=False)

    def licence_value(self) -> Licence | None:
        return Licence(self.licence.data) if self.licence.data in {item.value for item in Licence} else None


class UploadForm(Form):
    """The upload form; its data comes from the streamed body (see ``uploads``), never from ``request.form``."""

    slot = SelectField(
        _l("Kind of file"), choices=[SelectChoice(slot.value, label) for slot, label in SLOT_LABELS.items()]
    )
    replaces = HiddenField()
    file = FileField(_l("File"))


class SettingsForm(Form):
    upload_cap_mb = IntegerField(
        _l("Largest file (MB)"), validators=[InputRequired(), NumberRange(min=1, max=MAX_UPLOAD_CAP_MB)]
    )
    licence_required = BooleanField(_l("A licence (CC BY or CC BY-SA) is required"))
