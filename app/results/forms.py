"""Forms of the results area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..form_base import Form, SubForm
from ..services.awards import MAX_COUNT

QUOTA_KINDS = [
    ("", _l("No award")),
    ("count", _l("Number of entries")),
    ("percent", _l("Percentage of ranked entries")),
]


class RuleForm(SubForm):
    """One award level's rule (a part of AwardRulesForm, whose token covers it)."""

    kind = SelectField(_l("Quota"), choices=QUOTA_KINDS)
    quota = IntegerField(_l("Number or percentage"), validators=[Optional(), NumberRange(min=0, max=MAX_COUNT)])
    min_score = StringField(_l("Minimum score"), validators=[Optional(), Length(max=12)])


class AwardRulesForm(Form):
    first = FormField(RuleForm)
    second = FormField(RuleForm)
    third = FormField(RuleForm)
    consolation = FormField(RuleForm)


class FurtherJudgeForm(Form):
    judge = SelectField(_l("Further judge"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class DecisionForm(Form):
    score = StringField(_l("Score decided by the head judge"), validators=[InputRequired(), Length(max=12)])
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=2000)])


class PublishForm(Form):
    """Publishing shows the awards to everyone and issues certificates: the organiser confirms first."""

    confirm = BooleanField(
        _l("I have checked the ranking and the awards: publish them to everyone"),
        validators=[
            InputRequired(message=_l("Tick the confirmation to publish the results. Nothing has been published."))
        ],
    )
