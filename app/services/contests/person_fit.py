"""A registered person's class or unit changed: each registration of theirs that still counts must stay one its
contest would take, by the same rules as a new one (``grade_rules``: a class of a grade its category takes;
``entrant_reach``: a school's or a district's own round takes only its own people).

The registrations checked are those ``registration_moves`` carries with a move: in contests still taking
registrations, with no work sent under them. Past the deadline, or once work was sent, a registration is history and
keeps what it was entered as; a class corrected then changes nothing of it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...extensions import DbSession
from ...models import Unit, User
from ..errors import InvalidInput
from . import entrant_reach, grade_rules, registration_moves


def check_change(session: DbSession, person: User, class_name: str | None, unit: Unit) -> None:
    """Refuse (InvalidInput, naming the contest and what it takes; nothing changed) to give ``person`` the class
    ``class_name`` or move them to ``unit`` when one of their counting registrations would no longer fit it."""
    new_class = class_name != person.class_name
    new_unit = unit.id != person.unit_id
    if not (new_class or new_unit):
        return
    for registration in registration_moves.open_registrations(session, person):
        contest, category = registration.contest, registration.category
        grades = grade_rules.of(category)
        misfit_grades = grades if new_class and grades and not grades.admits(grade_rules.grade_of(class_name)) else None
        misfit_unit = new_unit and not entrant_reach.within_reach(contest, unit)
        if not (misfit_grades or misfit_unit) or registration_moves.work_sent(session, registration):
            continue
        if misfit_grades is not None and category is not None:
            raise InvalidInput(
                _l(
                    "%(name)s cannot be put in class %(class_name)s: they are registered in %(category)s of "
                    "“%(contest)s”, which takes grades %(grades)s. Cancel that registration first, or keep the "
                    "class.",
                    name=person.full_name,
                    class_name=class_name or "—",
                    category=category.name,
                    contest=contest.title,
                    grades=str(misfit_grades),
                ),
                "class_name",
            )
        raise InvalidInput(
            _l(
                "%(name)s cannot move to %(unit)s: they are registered in “%(contest)s”, a round only for the "
                "people of %(organiser)s. Cancel that registration first, or keep the unit.",
                name=person.full_name,
                unit=unit.name,
                contest=contest.title,
                organiser=contest.organiser_unit.name,
            ),
            "unit",
        )
