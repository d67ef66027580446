"""Forms of the admin area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..form_base import Form


class BrandForm(Form):
    name = StringField(
        _l("Brand"), validators=[InputRequired(message=_l("The brand's name is required.")), Length(max=100)]
    )
    aliases = TextAreaField(_l("Products and other names (one per line)"), validators=[Optional(), Length(max=5000)])
    ambiguous = TextAreaField(
        _l("Names that are also ordinary words: they count only after a cue such as “phần mềm” or “máy”"),
        validators=[Optional(), Length(max=5000)],
    )
