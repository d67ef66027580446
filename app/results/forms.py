"""Forms of the results area."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..form_base import Form, SelectChoice, SubForm
from ..models import AwardLevel, AwardRule
from ..services.number_text import input_text
from ..services.results import awards
from ..services.results.awards import MAX_COUNT, RuleSpec
from ..services.reviews.rubrics import parse_decimal

QUOTA_KINDS = [
    SelectChoice("", _l("No award")),
    SelectChoice("count", _l("Number of entries")),
    SelectChoice("percent", _l("Percentage of ranked entries")),
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


def fill_rule(sub: Any, rule: AwardRule) -> None:
    """Show a stored rule in its level's part of AwardRulesForm."""
    sub.kind.data = "count" if rule.quota_count is not None else "percent"
    sub.quota.data = rule.quota_count if rule.quota_count is not None else rule.quota_percent
    sub.min_score.data = input_text(rule.min_score)


def rule_specs(form: AwardRulesForm) -> list[RuleSpec]:
    """The rules the form sets, one per level whose kind is chosen (InvalidInput for a minimum score that is not a
    number)."""
    return [spec for level in awards.LEVELS if (spec := _spec(form, level)) is not None]


def _spec(form: AwardRulesForm, level: AwardLevel) -> RuleSpec | None:
    sub = getattr(form, level.value)
    if not sub.kind.data:
        return None
    minimum = parse_decimal(sub.min_score.data, "min_score", required=False) or Decimal(0)
    if sub.kind.data == "count":
        return RuleSpec(level, quota_count=sub.quota.data, min_score=minimum)
    return RuleSpec(level, quota_percent=sub.quota.data, min_score=minimum)


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
    confirm_short = BooleanField(_l("Publish anyway: these entries keep the scores of the judges they have"))


class WithdrawForm(Form):
    """Withdrawing takes the awards and certificates off the public page: the organiser says why and confirms."""

    reason = TextAreaField(_l("Why the results are withdrawn"), validators=[InputRequired(), Length(max=2000)])
    confirm = BooleanField(
        _l("Take the results and the certificates back until they are published again"),
        validators=[InputRequired(message=_l("Tick the confirmation to withdraw the results. Nothing has changed."))],
    )


class DisqualifyForm(Form):
    """Disqualify an entry of the contest (by its id), with a reason, once the organiser has ticked the box."""

    entry = SelectField(_l("Entry"), coerce=int, validate_choice=False)
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=500)])
    confirm = BooleanField(
        _l("I confirm: the entry takes no place and no award"),
        validators=[InputRequired(message=_l("Tick the confirmation to disqualify the entry."))],
    )


class ReinstateForm(Form):
    """A button that reinstates one disqualified entry (its id in the address)."""
