"""Which grades a category takes: Bảng A of Tin học trẻ is for primary pupils (grades 1 to 5), Bảng B for lower
secondary (6 to 9), Bảng C for upper secondary (10 to 12). A category may name a range of grades; a person enters it
only when their class (``User.class_name``: "9A", "Lớp 10A1", "12 Toán") begins with a grade in that range.

The organiser writes the range as the third part of a category's line (``B | Bảng B – THCS | 6-9``); a category
without one takes everyone the contest takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Category, Entry, EntryAuthor, Registration, RegistrationMember, User
from ..errors import InvalidInput

LOWEST, HIGHEST = 1, 12
"""The grades of Vietnamese general education."""

_CLASS = re.compile(r"\s*(?:lớp|lop|khối|khoi|class|grade)?\s*(\d{1,2})(?!\d)", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:lớp|lop|khối|khoi|grades?)?\s*(\d{1,2})\s*(?:[-–—]|đến|den|to)?\s*(\d{1,2})?\s*", re.I)


@dataclass(frozen=True)
class Grades:
    """Grades ``low`` to ``high``, both included."""

    low: int
    high: int

    def admits(self, grade: int | None) -> bool:
        """Whether a pupil of ``grade`` (None: their class names no grade) may enter."""
        return grade is not None and self.low <= grade <= self.high

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def of(category: Category | None) -> Grades | None:
    """The grades ``category`` takes; None when it takes everyone."""
    if category is None or category.grades_from is None or category.grades_to is None:
        return None
    return Grades(category.grades_from, category.grades_to)


def parse(text: str, code: str) -> Grades | None:
    """The grades written ``text`` ("6-9", "6 – 9", "lớp 10 đến 12", "5") for the category ``code``; None for an
    empty text. Refuses (InvalidInput) a text that is not a range of grades 1 to 12, low to high."""
    if not text.strip():
        return None
    match = _RANGE.fullmatch(text)
    if match is not None:
        low = int(match[1])
        high = int(match[2]) if match[2] else low
        if LOWEST <= low <= high <= HIGHEST:
            return Grades(low, high)
    raise InvalidInput(
        _l(
            "The grades of category %(code)s are written as a range from 1 to 12, such as 6-9 or 10-12: “%(text)s” "
            "is not one.",
            code=code,
            text=text.strip(),
        ),
        "categories",
    )


def grade_of(class_name: str | None) -> int | None:
    """The grade a class begins with ("9A" and "Lớp 9A": 9; "10A1": 10), None when it names none from 1 to 12."""
    match = _CLASS.match(class_name or "")
    if match is None:
        return None
    grade = int(match[1])
    return grade if LOWEST <= grade <= HIGHEST else None


def check_members(category: Category | None, members: Iterable[User]) -> None:
    """Refuse (InvalidInput), naming the first, a person whose class is not of a grade ``category`` takes."""
    grades = of(category)
    if grades is None or category is None:
        return
    for person in members:
        if not grades.admits(grade_of(person.class_name)):
            raise InvalidInput(_refusal(category, grades, person), "category")


def check_change(session: DbSession, category: Category, grades: Grades | None) -> None:
    """Refuse (InvalidInput) to give ``category`` the grades ``grades`` while someone registered in it, or an
    author of an entry in it, is of another grade, naming the first of them."""
    if grades is None or category.id is None:
        return
    registered = session.scalars(
        select(User)
        .join(RegistrationMember, RegistrationMember.user_id == User.id)
        .join(Registration, Registration.id == RegistrationMember.registration_id)
        .where(Registration.category_id == category.id)
        .order_by(User.sort_key)
    )
    for person in registered:
        if not grades.admits(grade_of(person.class_name)):
            raise InvalidInput(
                _l(
                    "Category %(code)s cannot take only grades %(grades)s: %(name)s (class %(class_name)s) is "
                    "registered in it. Cancel that registration first, or keep the grades.",
                    code=category.code,
                    grades=str(grades),
                    name=person.full_name,
                    class_name=person.class_name or "—",
                ),
                "categories",
            )
    authors = session.execute(
        select(User, Entry.code)
        .join(EntryAuthor, EntryAuthor.user_id == User.id)
        .join(Entry, Entry.id == EntryAuthor.entry_id)
        .where(Entry.category_id == category.id)
        .order_by(User.sort_key)
    )
    for person, code in authors:
        if not grades.admits(grade_of(person.class_name)):
            raise InvalidInput(
                _l(
                    "Category %(code)s cannot take only grades %(grades)s: %(name)s (class %(class_name)s) is an "
                    "author of entry %(entry)s in it. Move that entry to another category first, or keep the grades.",
                    code=category.code,
                    grades=str(grades),
                    name=person.full_name,
                    class_name=person.class_name or "—",
                    entry=code,
                ),
                "categories",
            )


def _refusal(category: Category, grades: Grades, person: User) -> LazyString:
    if grade_of(person.class_name) is None and (person.class_name or "").strip():
        return _l(
            "%(category)s takes pupils of grades %(grades)s, and %(name)s's class “%(class_name)s” does not begin "
            "with a grade from 1 to 12: correct it in their details (such as 9A or Lớp 9A) first.",
            category=category.name,
            grades=str(grades),
            name=person.full_name,
            class_name=person.class_name,
        )
    if grade_of(person.class_name) is None:
        return _l(
            "%(category)s takes pupils of grades %(grades)s, and %(name)s's class is not known: write their class "
            "(such as 9A) in their details first.",
            category=category.name,
            grades=str(grades),
            name=person.full_name,
        )
    return _l(
        "%(category)s takes pupils of grades %(grades)s; %(name)s is in class %(class_name)s.",
        category=category.name,
        grades=str(grades),
        name=person.full_name,
        class_name=person.class_name,
    )
