"""Forms of the lab round page (``app.programming.lab``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange

from ..form_base import Form
from ..services.programming.lab.package import DEFAULT_SEATS_PER_ROOM


class LabExportForm(Form):
    # choices: 0 (every contestant), then the contestants' units and districts (services.programming.lab.package)
    unit = SelectField(_l("Contestants of"), coerce=int, default=0)
    seats_per_room = IntegerField(
        _l("Seats per room"), default=DEFAULT_SEATS_PER_ROOM, validators=[InputRequired(), NumberRange(min=1, max=500)]
    )


class LabResultsForm(Form):
    bundle = FileField(_l("Results bundle of the lab (.zip)"), validators=[FileRequired()])
