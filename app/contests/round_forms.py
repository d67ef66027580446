"""Forms of the rounds page: the round a contest feeds, nominating, withdrawing a nomination, the hand-off."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_base import Form, SelectChoice
from ..models import NominationMethod
from ..services.results.awards import LEVEL_LABELS

OUTSIDE = "outside"  # the value that names the round outside hoithi in a form
METHOD_LABELS = {
    NominationMethod.RANK: _l("By rank: the first of each category"),
    NominationMethod.AWARD: _l("By award"),
    NominationMethod.UNIT_QUOTA: _l("By quota per unit: the first of each unit in each category"),
    NominationMethod.HAND: _l("By hand, with a reason"),
}


class NextRoundForm(Form):
    """The round a contest feeds: a contest of hoithi (its id), or ``OUTSIDE`` with the outside round's name."""

    next_contest = SelectField(_l("Next round"), validate_choice=False)
    outside_name = StringField(_l("Round outside hoithi"), validators=[Optional(), Length(max=200)])
    outside_organiser = StringField(
        _l("Who runs it (addressee of the letter)"), validators=[Optional(), Length(max=200)]
    )


class NominateForm(Form):
    target = HiddenField()
    method = SelectField(_l("How"), choices=[SelectChoice(m.value, label) for m, label in METHOD_LABELS.items()])
    count = IntegerField(_l("How many"), validators=[Optional(), NumberRange(min=1, max=1000)])
    levels = SelectMultipleField(
        _l("Awards"),
        choices=[SelectChoice(level.value, label) for level, label in LEVEL_LABELS.items()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    keys = SelectMultipleField(_l("Entrants"), validate_choice=False)
    reason = TextAreaField(_l("Reason (required by hand)"), validators=[Optional(), Length(max=2000)])


class WithdrawForm(Form):
    """Withdrawing one nomination; the service requires the reason (and says so in its own words)."""

    reason = StringField(_l("Reason for withdrawing"), validators=[Optional(), Length(max=2000)])
