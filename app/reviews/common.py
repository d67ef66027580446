"""What the views of the reviews area share: the rubric scopes, the way points are written."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask import abort
from flask_babel import get_locale

from ..input_checks import id_in
from ..models import Contest
from ..services.number_text import input_text
from . import bp


def category_of(contest: Contest, raw: str | None) -> int | None:
    """The category id in ``raw`` if it is one of the contest's (None: the contest's own rubric); 404 otherwise."""
    if not raw:
        return None
    chosen = id_in(raw)
    if chosen is None or chosen not in {c.id for c in contest.categories}:
        abort(404)
    return chosen


def points(value: Decimal | None) -> str:
    """A decimal as a form field holds it for the page's reader (``number_text.input_text``): 25 for 25.00, 0,5 in
    Vietnamese and 0.5 in English for 0.50; empty for None."""
    return "" if value is None else input_text(value)


@bp.app_template_filter("points")
def points_text(value: Decimal | None) -> str:
    """A decimal as people of the page's language read it: 0,5 and 1.000 in Vietnamese, 0.5 and 1,000 in English,
    no more decimals than it has; empty for None."""
    return "" if value is None else format_decimal(value.normalize(), format="#,##0.##", locale=get_locale())
