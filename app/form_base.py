"""The base of every form: Flask-WTF's (CSRF token and all), with WTForms' built-in messages in the user's language,
and input that no field may take refused with an error on the field.

WTForms ships no Vietnamese catalogue and Flask-WTF only reads WTForms' own one, so "This field is required." and
its kin stayed in English. Here WTForms asks Flask-Babel instead: our catalogue, in the request's language.

Every form cleans its text as ``app.input_checks.clean_typed`` does (Word's line and page breaks as line breaks,
invisible control characters taken out: the request has already done so for a urlencoded form) and refuses, on any
of its fields (nested ones too), showing the cleaned text for the user to check and save again: a field that lost
an invisible control character, a required field made only of invisible characters (``app.visible_text``:
zero-width spaces and the like, which ``str.strip`` keeps; in a field that is not required, they are read as
nothing), a line break in a single-line field (a title, a name: shown with a space for the break), a whole
number beyond an INTEGER column (``app.input_checks.MAX_INT``), a decimal that is not finite or beyond
``MAX_DECIMAL``, and a date and time outside ``DATETIME_YEARS`` (a browser takes any year from 1 to 9999; year 1 in
Vietnam's time is before the first UTC time).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from flask_babel import get_translations, lazy_gettext, lazy_ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import Field, FieldList, FormField
from wtforms import Form as WTForm

# A select field's option, as WTForms 3.3 takes them (tuples are deprecated, and refused from 3.4): every form
# takes it from here. types-WTForms (3.2) does not know it yet, so to mypy it is Any; once the stubs have it, mypy
# says the ignore is unused: remove it then.
from wtforms import SelectChoice as SelectChoice  # type: ignore[attr-defined]
from wtforms.widgets import PasswordInput, TextArea

from .input_checks import clean_typed, controls_removed, in_bounds
from .visible_text import only_invisible

# No decimal we keep comes near this (points are NUMERIC(7, 2), time limits seconds); beyond it, a typing slip.
MAX_DECIMAL = Decimal(10) ** 9
# The years a contest's, a round's or a test's date and time may fall in: any other is a typing slip.
DATETIME_YEARS = range(2000, 2101)
# Beside every closing time: what the moment typed promises (``timeutil.from_form``).
CLOSING_HINT = lazy_gettext(
    "Vietnam time. Nothing is accepted from this minute on: 23:59 closes at 23:59:00; to take the whole day, "
    "give 00:00 of the next day."
)


class BabelTranslations:
    """WTForms' translations interface over our catalogue in the current language.

    The messages come back translated but not yet formatted: WTForms fills their ``%(min)d``-style fields itself
    (Flask-Babel's own ``gettext``/``ngettext`` would try to, and fail on them)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


TRANSLATIONS = BabelTranslations()


class _TranslatedMeta:
    """A ``Meta`` part that changes only where the messages come from; the rest is inherited (WTForms combines
    every ``Meta`` of a form's classes)."""

    def get_translations(self, form: WTForm) -> BabelTranslations:
        return TRANSLATIONS


def _fields(fields: Iterator[Field]) -> Iterator[Field]:
    """Every field, those of nested forms and lists included."""
    for field in fields:
        if isinstance(field, FormField):
            yield from _fields(iter(field.form))
        elif isinstance(field, FieldList):
            yield from _fields(iter(field.entries))
        else:
            yield field


ONLY_INVISIBLE = lazy_gettext(
    "This field holds only invisible characters (zero-width spaces or the like, often pasted from a web page): "
    "type its text."
)
REMOVED_CONTROLS = lazy_gettext(
    "Invisible control characters have been removed from this field (a copy from Word or a PDF may carry them): "
    "check the text and save again."
)


def _clean(field: Field, removed: frozenset[str]) -> Any:
    """Clean the field's text in place (``clean_typed``; a textarea's CR LF as LF, as the browser's maxlength
    counted it): a message when the user should look at it again, or None."""
    if isinstance(field.data, list):
        texts = [clean_typed(v) if isinstance(v, str) else (v, False) for v in field.data]
        field.data = [text for text, _lost in texts]
        lost = any(lost for _text, lost in texts)
    elif isinstance(field.data, str):
        field.data, lost = clean_typed(field.data)
        if isinstance(field.widget, TextArea):
            # a browser sends a textarea's line breaks as CR LF, but its maxlength counted each as one
            # character: read them as one, so that what the box let the user type passes ``Length`` here
            field.data = field.data.replace("\r\n", "\n").replace("\r", "\n")
    else:
        return None
    return REMOVED_CONTROLS if lost or field.name in removed else None


def _problem(field: Field) -> Any:
    """Why the field's (cleaned) value can be taken by no field (a message), or None. A text made only of invisible
    characters (``visible_text.only_invisible``) is read as empty: refused in a required field, stored as nothing
    in another (a password is not shown, so it is left as typed)."""
    if isinstance(field.data, str) and only_invisible(field.data) and not isinstance(field.widget, PasswordInput):
        field.data = ""
        return ONLY_INVISIBLE if field.flags.required else None
    values = field.data if isinstance(field.data, list) else [field.data]
    for value in values:
        if isinstance(value, str):
            if not isinstance(field.widget, TextArea) and ("\n" in value or "\r" in value):
                field.data = " ".join(value.splitlines())  # shown on one line: a text input drops line breaks
                return lazy_gettext("Write this on one line.")
        elif isinstance(value, int) and not isinstance(value, bool):
            if not in_bounds(value):
                return lazy_gettext("The number is too large.")
        elif isinstance(value, datetime):
            if value.year not in DATETIME_YEARS:
                first, last = DATETIME_YEARS[0], DATETIME_YEARS[-1]
                return lazy_gettext("Enter a date from the year %(first)d to %(last)d.", first=first, last=last)
        elif isinstance(value, Decimal | float):
            exact = Decimal(value)  # a float compares with a Decimal exactly, as its Decimal does
            if not exact.is_finite():
                return lazy_gettext("Not a valid decimal value.")
            if abs(exact) >= MAX_DECIMAL:
                return lazy_gettext("The number is too large.")
    return None


T = TypeVar("T")


class _Holding(Protocol[T]):
    data: T | None


def required(field: _Holding[T]) -> T:
    """The value of a field whose ``InputRequired`` has passed (its form validated)."""
    if field.data is None:
        raise ValueError("a required field holds nothing: read it only once its form has validated")
    return field.data


def required_file(field: FileField) -> FileStorage:
    """The upload of a file field whose ``FileRequired`` has passed (its form validated)."""
    upload = field.data
    if upload is None:
        raise ValueError(f"{field.name} holds no file: read it only once its form has validated")
    return upload


class Form(FlaskForm):
    """A Flask-WTF form (CSRF on) whose built-in messages are in the user's language. Every page form is one.

    ``validate`` first cleans every text (see the module's docstring), then refuses, with an error on the field,
    what no field may take: such a field's number is cleared first, so that no validator compares it. A textarea's
    line breaks are read as LF, one character each, as the browser's maxlength counts them (it sends them as
    CR LF)."""

    Meta = _TranslatedMeta

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        refused = {}
        removed = controls_removed()
        for field in _fields(iter(self)):
            problems = [p for p in (_clean(field, removed), _problem(field)) if p is not None]
            if problems:
                refused[field] = problems
                if not isinstance(field.data, str | list):  # a number or a date no validator should compare
                    field.data = None
        valid = super().validate(extra_validators)
        for field, problems in refused.items():
            field.errors = [*field.errors, *problems]
        return valid and not refused


class SubForm(WTForm):
    """A form nested in a ``Form`` (a ``FormField`` or a ``FieldList`` row): no token of its own, the enclosing
    form's covers it; built-in messages in the user's language."""

    Meta = _TranslatedMeta


# WTForms' own messages (its wtforms/locale/wtforms.pot), written out only so that `make translations` extracts them
# into our catalogue, where they get their Vietnamese: nothing reads this tuple. A test checks that each of them is
# translated; after upgrading WTForms, add the new ones here.
_WTFORMS_MESSAGES: tuple[Any, ...] = (
    lazy_gettext("Invalid field name '%s'."),
    lazy_gettext("Field must be equal to %(other_name)s."),
    lazy_ngettext(
        "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1
    ),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1
    ),
    lazy_ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    lazy_gettext("Field must be between %(min)d and %(max)d characters long."),
    lazy_gettext("Number must be at least %(min)s."),
    lazy_gettext("Number must be at most %(max)s."),
    lazy_gettext("Number must be between %(min)s and %(max)s."),
    lazy_gettext("Date must be at least %(min)s."),
    lazy_gettext("Date must be at most %(max)s."),
    lazy_gettext("Date must be between %(min)s and %(max)s."),
    lazy_gettext("This field is required."),
    lazy_gettext("Invalid input."),
    lazy_gettext("Invalid email address."),
    lazy_gettext("Invalid IP address."),
    lazy_gettext("Invalid Mac address."),
    lazy_gettext("Invalid URL."),
    lazy_gettext("Invalid UUID."),
    lazy_gettext("Invalid value, must be one of: %(values)s."),
    lazy_gettext("Invalid value, can't be any of: %(values)s."),
    lazy_gettext("This field cannot be edited."),
    lazy_gettext("This field is disabled and cannot have a value."),
    lazy_gettext("Invalid CSRF Token."),
    lazy_gettext("CSRF token missing."),
    lazy_gettext("CSRF failed."),
    lazy_gettext("CSRF token expired."),
    lazy_gettext("Invalid Choice: could not coerce."),
    lazy_gettext("Choices cannot be None."),
    lazy_gettext("Not a valid choice."),
    lazy_gettext("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1
    ),
    lazy_gettext("Not a valid datetime value."),
    lazy_gettext("Not a valid date value."),
    lazy_gettext("Not a valid time value."),
    lazy_gettext("Not a valid week value."),
    lazy_gettext("Not a valid integer value."),
    lazy_gettext("Not a valid decimal value."),
    lazy_gettext("Not a valid float value."),
)
