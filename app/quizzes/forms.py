"""Forms of the theory test's pages: the organisers' bank, import and test settings; a pupil's answer."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_base import CLOSING_HINT, Form, SelectChoice
from ..services.quizzes.bank import DIFFICULTY_LABELS, LETTERS, MAX_OPTION_TEXT, MAX_TEXT, MAX_TOPIC


class ImportForm(Form):
    file = FileField(_l("Question sheet (.xlsx)"), validators=[FileRequired()])


class QuestionForm(Form):
    topic = StringField(_l("Topic"), validators=[InputRequired(), Length(max=MAX_TOPIC)])
    difficulty = SelectField(
        _l("Difficulty"), coerce=int, choices=[SelectChoice(n, label) for n, label in DIFFICULTY_LABELS.items()]
    )
    text = TextAreaField(
        _l("Question"),
        validators=[InputRequired(), Length(max=MAX_TEXT)],
        description=_l("Markdown; formulas between $ signs, e.g. $x^2 + 1$."),
    )
    option_a = StringField(_l("Option A"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    option_b = StringField(_l("Option B"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    option_c = StringField(_l("Option C"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    option_d = StringField(_l("Option D"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    option_e = StringField(_l("Option E"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    option_f = StringField(_l("Option F"), validators=[Optional(), Length(max=MAX_OPTION_TEXT)])
    correct = SelectMultipleField(
        _l("Correct options"),
        coerce=int,
        choices=[SelectChoice(i, letter) for i, letter in enumerate(LETTERS)],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    multiple = BooleanField(_l("Pupils may tick several options"))
    points = DecimalField(
        _l("Points"), places=None, default=Decimal(1), validators=[InputRequired(), NumberRange(0.01, 100)]
    )
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP; optional)"))
    remove_image = BooleanField(_l("Remove the image"))

    def option_texts(self) -> list[str]:
        return [getattr(self, f"option_{letter.lower()}").data or "" for letter in LETTERS]


class QuizForm(Form):
    opens_at = DateTimeLocalField(_l("Pupils may start from"), validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes at"), validators=[InputRequired()], description=CLOSING_HINT)
    duration_minutes = IntegerField(
        _l("Length (minutes)"), default=30, validators=[InputRequired(), NumberRange(1, 240)]
    )
    plan = TextAreaField(
        _l("Questions per pupil"),
        validators=[InputRequired()],
        description=_l("One line per topic and difficulty (1 easy, 2 medium, 3 hard): topic | difficulty | count."),
    )
    partial = BooleanField(_l("Multiple-answer questions earn part of their points for a partly right answer"))
    theory_weight = IntegerField(
        _l("Weight of theory in the board's result (%)"), default=30, validators=[InputRequired(), NumberRange(0, 100)]
    )


class AnswerForm(Form):
    question = IntegerField(validators=[InputRequired()])
    option = SelectMultipleField(coerce=int, validate_choice=False)


class ConfirmForm(Form):
    """A button that only needs its CSRF token (start the test, hand it in)."""
