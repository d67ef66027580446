"""Forms of the organisers' pages of a programming contest, and of asking a question."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from sandbox.languages import LANGUAGES

from ..form_base import CLOSING_HINT, Form, SelectChoice, SubForm, required
from ..models import Feedback, ScoreboardMode
from ..services.programming.judging_settings import SettingsChange
from ..timeutil import from_form, to_local

FEEDBACK_LABELS = {
    Feedback.FULL: _l("Every test: verdict, time, memory, score"),
    Feedback.VERDICTS: _l("Every test's verdict only"),
    Feedback.SCORE: _l("The total score only"),
}
MODE_LABELS = {
    ScoreboardMode.IOI: _l("IOI (points)"),
    ScoreboardMode.ICPC: _l("ICPC (problems solved, penalty time)"),
}


class ProblemFieldsMixin:
    """The label, category and order of a problem in a contest."""

    label = StringField(_l("Label"), validators=[InputRequired(), Length(max=10)], description="A")
    category = SelectField(_l("Category"), coerce=int, validate_choice=False)


class UploadForm(ProblemFieldsMixin, Form):
    package = FileField(_l("Problem package (.zip, Kattis or Themis)"), validators=[FileRequired()])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    time_limit = DecimalField(_l("Time limit (s)"), places=None, validators=[Optional(), NumberRange(min=0.1, max=60)])
    memory_limit = IntegerField(_l("Memory limit (MiB)"), validators=[Optional(), NumberRange(min=16, max=4096)])
    total_points = DecimalField(_l("Total points"), places=None, validators=[Optional(), NumberRange(min=1, max=10000)])


class ProblemEditForm(ProblemFieldsMixin, Form):
    position = IntegerField(_l("Order"), validators=[InputRequired(), NumberRange(min=0, max=1000)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TimeMultipliersForm(SubForm):
    """A part of SettingsForm: one multiplier of the problems' time limit per language, each field named by its
    language's key (added below from the judge's list of languages). Empty means 1; the range is the service's."""


for _key, _language in LANGUAGES.items():
    setattr(TimeMultipliersForm, _key, DecimalField(_language.name, places=None, validators=[Optional()]))


class SettingsForm(Form):
    scoreboard_mode = SelectField(
        _l("Scoreboard"), choices=[SelectChoice(m.value, label) for m, label in MODE_LABELS.items()]
    )
    best_per_subtask = BooleanField(_l("IOI: count the best result of each subtask over all submissions"))
    freeze_minutes = IntegerField(
        _l("Freeze the scoreboard for the last minutes"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=1440)],
    )
    scoreboard_public = BooleanField(
        _l("Show the scoreboard to contestants and the public before the results are published")
    )
    problems_after_end = BooleanField(_l("Contestants may still read the problems after the window closes"))
    feedback_during = SelectField(
        _l("Feedback during the contest"),
        choices=[SelectChoice(f.value, label) for f, label in FEEDBACK_LABELS.items()],
    )
    feedback_after = SelectField(
        _l("Feedback after the contest"),
        choices=[SelectChoice(f.value, label) for f, label in FEEDBACK_LABELS.items()],
    )
    languages = MultiCheckboxField(
        _l("Languages"),
        choices=[SelectChoice(key, lang.name) for key, lang in LANGUAGES.items()],
        validate_choice=True,
    )
    time_multipliers = FormField(TimeMultipliersForm, _l("Time limit multiplier per language"))
    submission_opens = DateTimeLocalField(_l("Submission opens"), validators=[InputRequired()])
    submission_closes = DateTimeLocalField(
        _l("Submission closes"), validators=[InputRequired()], description=CLOSING_HINT
    )
    confirm_window = BooleanField(_l("Change the window anyway, knowing what it does to the scores"))

    def fill(self, current: SettingsChange) -> None:
        """Show ``current`` (the settings as they stand: ``SettingsChange.from_settings``), times in Vietnam's."""
        self.scoreboard_mode.data = current.scoreboard_mode.value
        self.best_per_subtask.data = current.best_per_subtask
        self.freeze_minutes.data = current.freeze_minutes
        self.scoreboard_public.data = current.scoreboard_public
        self.problems_after_end.data = current.problems_after_end
        self.feedback_during.data = current.feedback_during.value
        self.feedback_after.data = current.feedback_after.value
        self.languages.data = current.languages
        for multiplier in self.time_multipliers:  # one field per language, named by its key
            multiplier.data = Decimal(f"{current.time_multipliers.get(multiplier.short_name, 1.0):g}")
        self.submission_opens.data = to_local(current.submission_opens).replace(tzinfo=None)
        self.submission_closes.data = to_local(current.submission_closes).replace(tzinfo=None)

    def change(self) -> SettingsChange:
        """What the form sends, as a change of the settings (times in UTC); call once it validated."""
        return SettingsChange(
            scoreboard_mode=ScoreboardMode(self.scoreboard_mode.data),
            best_per_subtask=self.best_per_subtask.data,
            freeze_minutes=self.freeze_minutes.data or 0,
            scoreboard_public=self.scoreboard_public.data,
            problems_after_end=self.problems_after_end.data,
            confirm_window=self.confirm_window.data,
            feedback_during=Feedback(self.feedback_during.data),
            feedback_after=Feedback(self.feedback_after.data),
            languages=list(self.languages.data or []),
            submission_opens=from_form(required(self.submission_opens)),
            submission_closes=from_form(required(self.submission_closes)),
            time_multipliers={
                key: float(value) for key, value in self.time_multipliers.data.items() if value is not None
            },
        )


class PublishForm(Form):
    confirm = BooleanField(
        _l("I have checked the scoreboard: publish these results to everyone"),
        validators=[InputRequired(message=_l("Tick the confirmation to publish the results."))],
    )
    confirm_given_up = BooleanField(_l("Publish anyway: the submissions the judge could not grade count for nothing"))


class AnnouncementForm(Form):
    body = TextAreaField(_l("Announcement"), validators=[InputRequired(), Length(max=4000)])


class QuestionForm(Form):
    problem = SelectField(_l("About"), coerce=int, validate_choice=False)
    question = TextAreaField(_l("Question"), validators=[InputRequired(), Length(max=4000)])


class AnswerForm(Form):
    answer = TextAreaField(_l("Answer"), validators=[InputRequired(), Length(max=4000)])
    public = BooleanField(_l("Answer everyone (public)"))


class StatementForm(Form):
    """The statement written in hoithi: Markdown with formulas, in Vietnamese and in English, each optional."""

    statement_vi = TextAreaField(_l("Statement in Vietnamese (Markdown)"), validators=[Optional()])
    statement_en = TextAreaField(_l("Statement in English (Markdown)"), validators=[Optional()])


class ImageForm(Form):
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP)"), validators=[FileRequired()])
    name = StringField(_l("Name in the statement"), validators=[Optional(), Length(max=100)])


class PackageForm(Form):
    package = FileField(_l("New package (.zip, Kattis or Themis)"), validators=[FileRequired()])
    use_package_statement = BooleanField(_l("Show the new package's statement instead of the one written in hoithi"))
