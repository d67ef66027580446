"""Forms of the admin area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..form_base import Form, SelectChoice
from ..models import SchoolLevel, UnitKind


class BrandForm(Form):
    name = StringField(
        _l("Brand"), validators=[InputRequired(message=_l("The brand's name is required.")), Length(max=100)]
    )
    aliases = TextAreaField(_l("Products and other names (one per line)"), validators=[Optional(), Length(max=5000)])
    ambiguous = TextAreaField(
        _l("Names that are also ordinary words: they count only after a cue such as “phần mềm” or “máy”"),
        validators=[Optional(), Length(max=5000)],
    )


class KnownCompanyForm(Form):
    name = StringField(
        _l("Company"), validators=[InputRequired(message=_l("The company's name is required.")), Length(max=100)]
    )
    aliases = TextAreaField(_l("Other names (one per line)"), validators=[Optional(), Length(max=5000)])
    ambiguous = TextAreaField(
        _l("Names that are also ordinary words: they count only after a cue such as “công ty” or “cúp”"),
        validators=[Optional(), Length(max=5000)],
    )
    bank = BooleanField(_l("A bank: named as where an account is kept, it takes no part in the contest"))


# --- the unit tree ----------------------------------------------------------------------------------------------

UNIT_KIND_LABELS = {
    UnitKind.DEPARTMENT: _l("Department of Education and Training"),
    UnitKind.DISTRICT_OFFICE: _l("District education office"),
    UnitKind.SCHOOL: _l("School"),
    UnitKind.GDTX_CENTRE: _l("Continuing-education centre"),
}
SCHOOL_LEVEL_LABELS = {
    SchoolLevel.PRIMARY: _l("Primary"),
    SchoolLevel.LOWER_SECONDARY: _l("Lower secondary"),
    SchoolLevel.UPPER_SECONDARY: _l("Upper secondary"),
    SchoolLevel.GDTX: _l("Continuing education"),
}
CHOOSE_UNIT = _l("Choose a unit from the list.")


class UnitForm(Form):
    name = StringField(
        _l("Name"), validators=[InputRequired(message=_l("The unit's name is required.")), Length(max=200)]
    )
    code = StringField(
        _l("Code"), validators=[InputRequired(message=_l("The unit's code is required.")), Length(max=40)]
    )
    kind = SelectField(
        _l("Kind of unit"),
        choices=[SelectChoice(k.value, label) for k, label in UNIT_KIND_LABELS.items() if k is not UnitKind.DEPARTMENT],
    )
    level = SelectField(
        _l("Level (schools)"),
        choices=[SelectChoice("", "—")] + [SelectChoice(k.value, label) for k, label in SCHOOL_LEVEL_LABELS.items()],
    )
    parent = SelectField(_l("Under"), coerce=int, validate_choice=False)


class RenameUnitForm(Form):
    name = StringField(
        _l("New name"), validators=[InputRequired(message=_l("The unit's name is required.")), Length(max=200)]
    )


class MoveUnitForm(Form):
    parent = SelectField(_l("Move under"), coerce=int, validate_choice=False)


class MergeUnitForm(Form):
    target = SelectField(_l("Merge into"), coerce=int, validate_choice=False)
    confirm = BooleanField(_l("I have read what the merge does and confirm it"))


class DeactivateUnitForm(Form):
    confirm = BooleanField(_l("I have read what deactivation does and confirm it"))


class ReactivateUnitForm(Form):
    """Only the token: reactivating needs no confirmation (it hides nothing and moves nothing)."""


# --- Section 8 attempts the Sở's reviewers see -------------------------------------------------------------------


class AttemptDealtForm(Form):
    note = TextAreaField(
        _l("How the Department dealt with it"),
        validators=[InputRequired(message=_l("Say how it was dealt with.")), Length(max=2000)],
    )


class RescreenForm(Form):
    """Only its CSRF token: re-screening changes what the reviewers' list holds."""
