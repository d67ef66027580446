"""Forms of the proposals area: the proposal with its repeatable rows, the Sở's decision, a unit's report,
a company's registration."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, ValidationError

from ..form_base import Form, SelectChoice, SubForm
from ..services.people import password_policy
from ..services.proposals.contact_reports import COMPANY_KINDS
from ..services.proposals.proposal_labels import CONTRIBUTION, DECISION, PARTY_KIND, PRIZE_KIND

MAX_ROWS = 30
PARTY_CHOICES = [SelectChoice(k.value, label) for k, label in PARTY_KIND.items()]


class PartyRow(SubForm):
    """An organiser: its name and kind of organisation."""

    name = StringField(_l("Name of the organiser"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind of organisation"), choices=PARTY_CHOICES, default="education_unit")


class SponsorRow(PartyRow):
    name = StringField(_l("Name of the sponsor"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind of organisation"), choices=PARTY_CHOICES, default="business")
    contribution = SelectField(
        _l("Contribution"), choices=[SelectChoice(k.value, label) for k, label in CONTRIBUTION.items()], default="money"
    )
    details = StringField(_l("Details"), validators=[Optional(), Length(max=2000)])


class PrizeRow(SubForm):
    kind = SelectField(
        _l("Kind of prize"),
        choices=[SelectChoice(k.value, label) for k, label in PRIZE_KIND.items()],
        default="certificates",
    )
    description = StringField(_l("The prize"), validators=[Optional(), Length(max=2000)])


class FeeRow(SubForm):
    amount = StringField(_l("Amount"), validators=[Optional(), Length(max=100)])
    collected_by = StringField(_l("Collected by"), validators=[Optional(), Length(max=200)])
    collector_kind = SelectField(_l("Kind of collector"), choices=PARTY_CHOICES, default="business")


class DataRow(SubForm):
    """Personal data of participants handed to someone: which data (``collected``, the content's ``data``), to whom."""

    collected = StringField(_l("Personal data collected"), validators=[Optional(), Length(max=1000)])
    recipient = StringField(_l("Who receives them"), validators=[Optional(), Length(max=200)])
    recipient_kind = SelectField(_l("Kind of recipient"), choices=PARTY_CHOICES, default="business")


def _rows(form_class: type[SubForm]) -> FieldList:
    return FieldList(FormField(form_class), min_entries=1, max_entries=MAX_ROWS)


# Per list: the text that names a row (required once the row has anything in it) and the row's other texts.
ROW_KEYS = {
    "organisers": ("name", ()),
    "sponsors": ("name", ("details",)),
    "prizes": ("description", ()),
    "fees": ("collected_by", ("amount",)),
    "personal_data": ("recipient", ("collected",)),
}


class ProposalForm(Form):
    title = StringField(
        _l("Contest title"), validators=[DataRequired(message=_l("The title is required.")), Length(max=200)]
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20000)])
    rules = TextAreaField(_l("Rules"), validators=[Optional(), Length(max=50000)])
    proposer_name = StringField(
        _l("Proposer"), validators=[DataRequired(message=_l("Name the proposer.")), Length(max=200)]
    )
    proposer_kind = SelectField(_l("Proposer's kind"), choices=PARTY_CHOICES, default="education_unit")
    organisers = _rows(PartyRow)
    sponsors = _rows(SponsorRow)
    prizes = _rows(PrizeRow)
    fees = _rows(FeeRow)
    participant_requirements = TextAreaField(
        _l("Requirements on participants"), validators=[Optional(), Length(max=20000)]
    )
    personal_data = _rows(DataRow)
    letter = FileField(_l("Official letter (PDF)"))

    def _check_rows(self, field: FieldList) -> None:
        named, others = ROW_KEYS[field.name]
        for i, row in enumerate(field, start=1):
            texts = [(row.form[k].data or "").strip() for k in (named, *others)]
            if any(texts) and not texts[0]:
                raise ValidationError(_l("Row %(n)s: “%(what)s” is required.", n=i, what=row.form[named].label.text))
            if field.name == "personal_data" and texts[0] and not texts[1]:
                raise ValidationError(_l("Row %(n)s: say which personal data are collected.", n=i))

    def validate_organisers(self, field: FieldList) -> None:
        self._check_rows(field)

    def validate_sponsors(self, field: FieldList) -> None:
        self._check_rows(field)

    def validate_prizes(self, field: FieldList) -> None:
        self._check_rows(field)

    def validate_fees(self, field: FieldList) -> None:
        self._check_rows(field)

    def validate_personal_data(self, field: FieldList) -> None:
        self._check_rows(field)

    def add_blank_rows(self) -> None:
        """One empty row more at the end of every list (for the next organiser, sponsor, …)."""
        for name in ROW_KEYS:
            rows = self[name]
            if isinstance(rows, FieldList) and len(rows) < MAX_ROWS:  # ROW_KEYS names only FieldLists
                rows.append_entry()

    def content(self) -> dict[str, Any]:
        """The proposal's content (the JSON shape of services.proposals.screening.ProposalText); empty rows left out."""

        def text(value: str | None) -> str:
            return (value or "").strip()

        def filled(rows: FieldList, key: str) -> list[Any]:
            return [row.form for row in rows if text(row.form[key].data)]

        return {
            "title": text(self.title.data),
            "summary": text(self.summary.data),
            "rules": text(self.rules.data),
            "proposer": {"name": text(self.proposer_name.data), "kind": self.proposer_kind.data},
            "organisers": [{"name": text(r.name.data), "kind": r.kind.data} for r in filled(self.organisers, "name")],
            "sponsors": [
                {
                    "name": text(r.name.data),
                    "kind": r.kind.data,
                    "contribution": r.contribution.data,
                    "details": text(r.details.data),
                }
                for r in filled(self.sponsors, "name")
            ],
            "prizes": [
                {"kind": r.kind.data, "description": text(r.description.data)}
                for r in filled(self.prizes, "description")
            ],
            "fees": [
                {
                    "amount": _amount(text(r.amount.data)),
                    "collected_by": {"name": text(r.collected_by.data), "kind": r.collector_kind.data},
                }
                for r in filled(self.fees, "collected_by")
            ],
            "participant_requirements": text(self.participant_requirements.data),
            "personal_data": [
                {
                    "data": text(r.collected.data),
                    "recipient": {"name": text(r.recipient.data), "kind": r.recipient_kind.data},
                }
                for r in filled(self.personal_data, "recipient")
            ],
        }


def _amount(text: str) -> int | str:
    """A fee as a number when it is only digits and separators ("50.000" → 50000), else as written; none is 0."""
    if not text:
        return 0
    if re.fullmatch(r"\d[\d.,\s]*", text):
        return int(re.sub(r"\D", "", text))
    return text


def form_data(content: dict[str, Any]) -> dict[str, Any]:
    """A stored proposal's content as the form's data, to edit it."""
    proposer = content.get("proposer") or {}
    return {
        "title": content.get("title", ""),
        "summary": content.get("summary", ""),
        "rules": content.get("rules", ""),
        "participant_requirements": content.get("participant_requirements", ""),
        "proposer_name": proposer.get("name", ""),
        "proposer_kind": "education_unit" if proposer.get("kind") in ("school", "department") else proposer.get("kind"),
        "organisers": content.get("organisers") or [{}],
        "sponsors": content.get("sponsors") or [{}],
        "prizes": content.get("prizes") or [{}],
        "fees": [
            {
                "amount": str(f.get("amount", "")),
                "collected_by": (f.get("collected_by") or {}).get("name", ""),
                "collector_kind": (f.get("collected_by") or {}).get("kind"),
            }
            for f in content.get("fees") or []
        ]
        or [{}],
        "personal_data": [
            {
                "collected": d.get("data", ""),
                "recipient": (d.get("recipient") or {}).get("name", ""),
                "recipient_kind": (d.get("recipient") or {}).get("kind"),
            }
            for d in content.get("personal_data") or []
        ]
        or [{}],
    }


class DecisionForm(Form):
    """The Sở's decision; the answer to flag i comes as ``answer-i`` (the flags vary by proposal)."""

    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice(k.value, label) for k, label in DECISION.items()],
        validators=[InputRequired(message=_l("Choose approve, reject or request changes."))],
    )
    reason = TextAreaField(_l("Reason for the decision"), validators=[Optional(), Length(max=10000)])
    revision = HiddenField()


class ReportForm(Form):
    company_name = StringField(
        _l("Company or organisation"),
        validators=[InputRequired(message=_l("The company's name is required.")), Length(max=200)],
    )
    company_kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, PARTY_KIND[k]) for k in COMPANY_KINDS])
    contacted_on = DateField(_l("Date of the contact"), validators=[Optional()])
    contest = TextAreaField(_l("The contest, as the company described it"), validators=[Optional(), Length(max=10000)])
    request = TextAreaField(_l("What the company asked of the unit"), validators=[Optional(), Length(max=10000)])
    attachment = FileField(_l("Attachment (PDF, PNG or JPEG, optional)"))


class NoteForm(Form):
    note = TextAreaField(_l("What the Department did"), validators=[Optional(), Length(max=10000)])


class CompanyRegistrationForm(Form):
    company_name = StringField(_l("Company name"), validators=[InputRequired(), Length(max=200)])
    tax_code = StringField(_l("Tax code"), validators=[InputRequired(), Length(max=14)], description="0101234567")
    contact_name = StringField(_l("Contact person"), validators=[InputRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Length(max=254)])
    username = StringField(_l("Login"), validators=[InputRequired(), Length(min=3, max=64)])
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(), Length(max=password_policy.MAX_LENGTH)],
        description=password_policy.HINT,
    )
    confirm = PasswordField(
        _l("Password again"), validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
