"""Forms of the reviews area: criteria, templates, panel, settings, assignment, score sheets, conflicts, reopening."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..form_base import Form, SelectChoice
from ..models import Criterion, FileKind, ScoreMethod, SheetStatus

SHEET_LABELS = {
    None: _l("not started"),
    SheetStatus.DRAFT: _l("draft"),
    SheetStatus.SUBMITTED: _l("submitted"),
}
FILE_KIND_LABELS = {
    FileKind.HTML5: _l("HTML5 package"),
    FileKind.SCORM: _l("SCORM package"),
    FileKind.VIDEO: _l("Video"),
    FileKind.DOCUMENT: _l("Document"),
    FileKind.IMAGE: _l("Photo"),
}


class CriterionForm(Form):
    """Numbers are text here: the service reads them as exact decimals (with a comma or a point)."""

    category = HiddenField()
    name = StringField(_l("Criterion"), validators=[InputRequired(), Length(max=200)])
    guidance = TextAreaField(_l("Guidance for judges"), validators=[Optional(), Length(max=5000)])
    max_points = StringField(_l("Maximum points"), validators=[InputRequired(), Length(max=20)])
    step = StringField(_l("Step"), default="0.5", validators=[InputRequired(), Length(max=20)])
    weight = StringField(_l("Weight"), default="1", validators=[InputRequired(), Length(max=20)])
    tie_break = IntegerField(
        _l("Tie-break order"), validators=[Optional(), NumberRange(min=1, max=50)], description="1, 2, …"
    )


class TemplateForm(Form):
    category = HiddenField()
    template = SelectField(_l("Template"), validate_choice=False)


class ActionForm(Form):
    """A button that posts nothing but its CSRF token."""


class AddJudgeForm(Form):
    judge = SelectField(_l("Judge"), coerce=int, validate_choice=False)
    category = SelectField(_l("Category"), coerce=int, default=0, validate_choice=False)  # 0: every category


class JudgeCategoryForm(Form):
    """A panel member's category (0: every category)."""

    category = SelectField(_l("Category"), coerce=int, default=0, validate_choice=False)


class SettingsForm(Form):
    judges_per_entry = IntegerField(
        _l("Judges per entry"), default=2, validators=[InputRequired(), NumberRange(min=1, max=10)]
    )


class DiscrepancyForm(Form):
    discrepancy_percent = IntegerField(
        _l("Judges' totals may differ by at most (percent of the highest total)"),
        default=10,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
    )


SCORE_METHOD_LABELS = {
    ScoreMethod.MEAN: _l("The mean of the judges' totals"),
    ScoreMethod.TRIMMED: _l("The mean without the highest and the lowest total (with three judges or more)"),
    ScoreMethod.MEDIAN: _l("The median of the judges' totals"),
}


class ScoreMethodForm(Form):
    score_method = SelectField(
        _l("An entry's score"),
        choices=[SelectChoice(m.value, label) for m, label in SCORE_METHOD_LABELS.items()],
        default=ScoreMethod.MEAN.value,
    )


class ManualAssignmentForm(Form):
    entry = IntegerField(validators=[InputRequired()])
    judge = SelectField(_l("Judge"), coerce=int, validate_choice=False)


class ConflictForm(Form):
    reason = TextAreaField(_l("Why you have a conflict of interest"), validators=[InputRequired(), Length(max=2000)])


class ReopenForm(Form):
    reason = TextAreaField(_l("Reason for reopening"), validators=[InputRequired(), Length(max=2000)])


class SheetForm(Form):
    """The fixed part of a score sheet; ``sheet_form`` adds a points and a comment field per criterion. Submitting
    locks the sheet, so it needs ``confirm_lock`` ticked (checked by the view: saving a draft does not). ``seen``
    carries the sheet as the page showed it, so that a save from an old page cannot wipe what was saved since."""

    overall_comment = TextAreaField(_l("Overall comment"), validators=[Optional(), Length(max=5000)])
    seen = HiddenField()  # the sheet's stamp when the form was filled (``score_sheets.save``)
    confirm_lock = BooleanField(_l("I have checked every score: lock the sheet when I submit it"))
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit the sheet"))


def sheet_form(criteria: Iterable[Criterion]) -> SheetForm:
    """A score sheet form for these criteria: ``points_<id>`` and ``comment_<id>`` per criterion."""

    class Sheet(SheetForm):
        pass

    for criterion in criteria:
        setattr(Sheet, f"points_{criterion.id}", StringField(criterion.name, validators=[Length(max=20)]))
        setattr(
            Sheet,
            f"comment_{criterion.id}",
            TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)]),
        )
    return Sheet()
