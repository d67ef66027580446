"""The same person twice in a people import: on two rows of the sheet, or already with an account in their unit.

A list is often pasted together from several classes' lists, or imported again after a correction; each time the
same pupil would get a second account (annv, then annv2), and one of the two would never be used, or be registered
for a contest in their place. A person is known by their full name, compared in Unicode's composed form and without
case (the same name typed on a Windows keyboard, in Unikey's composed or decomposed modes, or pasted from a web
page is the same name), with its tone marks wherever the typist put them (the old style "Hoà", "Thuỷ" and the new
"Hòa", "Thủy", both of which Unikey offers, are one name), and their date of birth; without a date of birth, by
name and class. Two pupils of one school with the same name and the same date of birth are taken for one: a real
pair of namesakes is imported with their dates of birth told apart or one by one. Other units' people are not
compared: their names are not the coordinator's to see.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import User
from ...timeutil import format_date
from ..errors import InvalidInput

PersonKey = tuple[str, date | None, str]

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
"""The five tone marks (grave, acute, tilde, hook above, dot below), decomposed: a word has one, placed on one vowel
or another by the typist's habit ("hoà"/"hòa"); the other marks (ă, â, ê, ô, ơ, ư) belong to their letter."""


def _tone_last(word: str) -> str:
    """``word`` with its tone mark moved after its letters: "hoà" and "hòa" both give "hoa" and a grave."""
    letters = unicodedata.normalize("NFD", word)
    return "".join(c for c in letters if c not in _TONE_MARKS) + "".join(c for c in letters if c in _TONE_MARKS)


def person_key(full_name: str, date_of_birth: date | None, class_name: str | None) -> PersonKey:
    """Who a row or an account is, for telling the same person twice (see the module's docstring)."""
    name = " ".join(_tone_last(word) for word in unicodedata.normalize("NFC", full_name).casefold().split())
    class_part = "" if date_of_birth else " ".join((class_name or "").casefold().split())
    return name, date_of_birth, class_part


class SeenPeople:
    """The people of a sheet read so far, and those with accounts in the units the sheet's rows go to."""

    def __init__(self, session: DbSession) -> None:
        self._session = session
        self._rows: dict[PersonKey, int] = {}
        self._accounts: dict[int, dict[PersonKey, str]] = {}

    def add(self, row: int, unit_id: int, full_name: str, date_of_birth: date | None, class_name: str | None) -> None:
        """Note row ``row``'s person; InvalidInput when an earlier row has them or they have an account in
        ``unit_id`` already, naming the row or the login."""
        key = person_key(full_name, date_of_birth, class_name)
        who = f"{full_name} ({format_date(date_of_birth)})" if date_of_birth else full_name
        if key in self._rows:
            raise InvalidInput(
                _l(
                    "%(who)s is already on row %(row)d: the same person twice. Delete one of the rows "
                    "(two people of the same name need their dates of birth).",
                    who=who,
                    row=self._rows[key],
                )
            )
        login = self._of_unit(unit_id).get(key)
        if login is not None:
            raise InvalidInput(
                _l(
                    "%(who)s already has an account in this unit (login %(login)s): delete the row, "
                    "or edit that account.",
                    who=who,
                    login=login,
                )
            )
        self._rows[key] = row

    def _of_unit(self, unit_id: int) -> dict[PersonKey, str]:
        if unit_id not in self._accounts:
            found = self._session.execute(
                select(User.full_name, User.date_of_birth, User.class_name, User.username).where(
                    User.unit_id == unit_id
                )
            )
            self._accounts[unit_id] = {person_key(n, d, c): login for n, d, c, login in found}
        return self._accounts[unit_id]
