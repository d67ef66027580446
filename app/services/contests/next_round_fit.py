"""Whether the nominees of a round fit the round it feeds, checked before anything moves (``progression``).

Each nominee keeps its category by code: its entry, and the registration carried with it, go into the next round's
category of the same code, and must fit it as a registration there would (``grade_rules``: every pupil's class of a
grade that category takes). A next round without categories takes everyone, without one. A nominee without a
category of the same code there (or without any, where the next round has some) is refused: the feeding round's
staff cannot choose the next round's categories for it, and a pupil in a category of grades not theirs would enter
what a registration could not. All or nothing: one nominee that does not fit refuses the whole batch, the message
naming every one of them and why, so that the organiser corrects them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Category, Contest, Entry, EntryAuthor, Registration, RegistrationMember, User
from ..errors import InvalidInput
from . import grade_rules
from .standings import Standing


@dataclass(frozen=True)
class Move:
    """What one nominee carries into the next round: its entry (if any) into ``entry_category``, and ``registration``
    (its own, or its authors' in the round; None: none) into ``registration_category`` (None: the next round has no
    categories)."""

    standing: Standing
    registration: Registration | None
    entry_category: Category | None
    registration_category: Category | None


def authors_registration(session: DbSession, entry: Entry) -> Registration | None:
    """The registration of the entry's first author in its round (Tin học trẻ Bảng D has one), if any."""
    first = entry.authors[0].user_id if entry.authors else None
    return session.scalars(
        select(Registration)
        .join(RegistrationMember)
        .where(RegistrationMember.contest_id == entry.contest_id, RegistrationMember.user_id == first)
    ).first()


def plan(session: DbSession, target: Contest, picked: list[Standing]) -> list[Move]:
    """What each of ``picked`` carries into ``target``, in their order. Refuses (InvalidInput, nothing written) when
    one of their people is already entered in ``target`` (naming the first), or when any of them does not fit
    ``target``'s categories (naming every one, and why)."""
    moves: list[Move] = []
    reasons: dict[str, None] = {}  # in order, each once: an entry's author is often its registration's member too
    for standing in picked:
        entry = standing.entry
        registration = authors_registration(session, entry) if entry is not None else standing.registration
        authors = [a.user for a in entry.authors] if entry is not None else []
        members = [m.user for m in registration.members] if registration is not None else []
        _refuse_entered(session, target, authors + members, standing.label)
        entry_category = registration_category = None
        if entry is not None:
            entry_category = _fit(target, entry.category, authors, standing.label, reasons)
        if registration is not None:
            registration_category = _fit(target, registration.category, members, standing.label, reasons)
        moves.append(Move(standing, registration, entry_category, registration_category))
    if reasons:
        raise InvalidInput(
            _l(
                "Nobody was moved on to %(contest)s: %(reasons)s. Correct what is said (a pupil's class in their "
                "details, or the categories of %(contest)s), or choose the nominees by hand without them.",
                contest=target.title,
                reasons="; ".join(reasons),
            ),
            "target",
        )
    return moves


def _fit(
    target: Contest, origin: Category | None, people: list[User], who: str, reasons: dict[str, None]
) -> Category | None:
    """The category of ``target`` that ``origin``'s nominee ``who`` goes into (None: ``target`` has none), noting in
    ``reasons`` why it cannot: no category of that code there, or a person of a grade it does not take."""
    if not target.categories:
        return None
    codes = ", ".join(c.code for c in target.categories)
    if origin is None:
        reasons[
            str(_l("%(who)s has no category, and each entrant there is in one of %(codes)s", who=who, codes=codes))
        ] = None
        return None
    found = next((c for c in target.categories if c.code.upper() == origin.code.upper()), None)
    if found is None:
        missing = _l(
            "%(who)s is in category %(code)s, which is not there (%(codes)s)", who=who, code=origin.code, codes=codes
        )
        reasons[str(missing)] = None
        return None
    grades = grade_rules.of(found)
    for person in people:
        if grades is None or grades.admits(grade_rules.grade_of(person.class_name)):
            continue
        if grade_rules.grade_of(person.class_name) is None:
            reason = _l(
                "%(name)s (%(who)s) has no class of grade 1 to 12 in their details (%(class_name)s), and category "
                "%(code)s there takes grades %(grades)s",
                name=person.full_name,
                who=who,
                class_name=person.class_name or "—",
                code=found.code,
                grades=str(grades),
            )
        else:
            reason = _l(
                "%(name)s (%(who)s) is in class %(class_name)s, and category %(code)s there takes grades %(grades)s",
                name=person.full_name,
                who=who,
                class_name=person.class_name,
                code=found.code,
                grades=str(grades),
            )
        reasons[str(reason)] = None
    return found


def _refuse_entered(session: DbSession, target: Contest, people: list[User], label: str) -> None:
    ids = [p.id for p in people]
    entered = set(
        session.scalars(
            select(RegistrationMember.user_id).where(
                RegistrationMember.contest_id == target.id, RegistrationMember.user_id.in_(ids)
            )
        )
    ) | set(
        session.scalars(
            select(EntryAuthor.user_id).where(EntryAuthor.contest_id == target.id, EntryAuthor.user_id.in_(ids))
        )
    )
    if entered:
        name = next(p.full_name for p in people if p.id in entered)
        raise InvalidInput(
            _l("%(name)s (%(who)s) is already entered in %(contest)s.", name=name, who=label, contest=target.title)
        )
