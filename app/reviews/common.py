"""What the views of the reviews area share: the rubric scopes, the way points are written."""

from __future__ import annotations

from decimal import Decimal

from flask import abort

from ..models import Contest
from . import bp


def category_of(contest: Contest, raw: str | None) -> int | None:
    """The category id in ``raw`` if it is one of the contest's (None: the contest's own rubric); 404 otherwise."""
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in {c.id for c in contest.categories}:
        abort(404)
    return int(raw)


@bp.app_template_filter("points")
def points(value: Decimal | None) -> str:
    """A decimal as people write it: 25 for 25.00, 0.5 for 0.50; empty for None."""
    return "" if value is None else format(value.normalize(), "f")
