"""Forms of the lab round page (``app.programming.lab``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from ..form_base import Form
from ..services.programming.lab.package import DEFAULT_SEATS_PER_ROOM
from ..services.programming.lab.withdrawal import MAX_REASON


class LabExportForm(Form):
    # choices: 0 (every contestant), then the contestants' units and districts (services.programming.lab.package)
    unit = SelectField(_l("Contestants of"), coerce=int, default=0)
    seats_per_room = IntegerField(
        _l("Seats per room"), default=DEFAULT_SEATS_PER_ROOM, validators=[InputRequired(), NumberRange(min=1, max=500)]
    )


class LabResultsForm(Form):
    bundle = FileField(_l("Results bundle of the lab (.zip)"), validators=[FileRequired()])


class LabWithdrawForm(Form):
    """Withdrawing one issued package (one form per package on the page, told apart by ``prefix``)."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[
            InputRequired(message=_l("Give the reason for withdrawing the lab package.")),
            Length(max=MAX_REASON),
        ],
    )
    confirm = BooleanField(
        _l("Withdraw it: its contestants may go into a new package and its results bundle will be refused for good"),
        validators=[InputRequired(message=_l("Tick the confirmation to withdraw the lab package. Nothing changed."))],
    )
