"""Whose people a contest takes, by its round: a school's own round takes the people of that school, a district's
round those of the district office and of the schools under it, and a province's round (or the national round run
here) everyone's. The organiser's unit is the school or the office; its place in the unit tree says who is under it.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ...models import Contest, ContestRound, Unit

LOCAL_ROUNDS = (ContestRound.SCHOOL, ContestRound.DISTRICT)


def within_reach(contest: Contest, unit: Unit | None) -> bool:
    """Whether people of ``unit`` may enter ``contest``: always in a province's or the national round; in a school's
    or a district's round, only when ``unit`` is the organiser's unit or lies under it."""
    if contest.round not in LOCAL_ROUNDS:
        return True
    seen: set[int] = set()
    while unit is not None and unit.id not in seen:  # a tree has no cycles; a damaged one must not hang a request
        if unit.id == contest.organiser_unit_id:
            return True
        seen.add(unit.id)
        unit = unit.parent
    return False


def out_of_reach(contest: Contest, name: str) -> LazyString:
    """Why the person ``name`` may not enter ``contest``, a local round of another unit's people."""
    if contest.round is ContestRound.SCHOOL:
        return _l(
            "%(name)s is not of %(unit)s: this is the school's own round, for its own pupils and teachers.",
            name=name,
            unit=contest.organiser_unit.name,
        )
    return _l(
        "%(name)s is not of a school under %(unit)s: this district round is for the district's own schools.",
        name=name,
        unit=contest.organiser_unit.name,
    )
