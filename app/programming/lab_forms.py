"""Forms of the lab round page (``app.programming.lab``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..form_base import Form
from ..services.programming.lab.package import DEFAULT_SEATS_PER_ROOM


class LabExportForm(Form):
    seats_per_room = IntegerField(
        _l("Seats per room"), default=DEFAULT_SEATS_PER_ROOM, validators=[InputRequired(), NumberRange(min=1, max=500)]
    )


class LabResultsForm(Form):
    bundle = FileField(_l("Results bundle of the lab (.zip)"), validators=[FileRequired()])
