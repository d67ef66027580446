"""Scores as people of a language read them: 29,5 and 1.234,5 in Vietnamese, 29.5 and 1,234.5 in English; no
more decimals than the value has, and at most four, the places a programming score is kept to (a sheet's points
have two). ``%g`` is no substitute: it writes a point in every language and six figures (287.3333 as 287.333)."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol
from flask_babel import get_locale

PATTERN = "#,##0.####"


def number_text(value: float | Decimal, locale: Locale | str) -> str:
    """``value`` written for ``locale`` (see the module's docstring)."""
    if isinstance(value, Decimal):
        value = value.normalize()
    return format_decimal(value, format=PATTERN, locale=locale)


def for_reader(value: float | Decimal | None) -> str:
    """``value`` written for the reader of the page being made (its language); empty for None."""
    return "" if value is None else number_text(value, get_locale() or "vi")


def input_text(value: Decimal) -> str:
    """``value`` as a form's field shows it to the page's reader for editing: its digits without a thousands
    separator (reading "1.000" back would take the point for a decimal one), the reader's decimal sign, no trailing
    zeros: 75,5 and 1000 in Vietnamese, 75.5 in English."""
    plain = format(value.normalize(), "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return plain.replace(".", get_decimal_symbol(get_locale() or "vi"))
