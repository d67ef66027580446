"""The password policy: the one place that says whether a password may be set, wherever it is set (registration,
a change, a reset, a coordinator's temporary password).

A password has at least ``MIN_LENGTH`` characters, is not one of the common passwords shipped in
``data/common_passwords.txt`` (in any case), and is not the person's own login, name or the local part of their
e-mail address, even written with other case, diacritics, spaces or punctuation, or with digits added
("Vũ Minh Đức" refuses "vuminhduc", "VuMinhDuc2012" and "vu.minh.duc").
"""

from __future__ import annotations

import functools
import re
import secrets
from pathlib import Path

from flask_babel import lazy_gettext as _l

from ...vnsort import fold
from ..errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 200
HINT = _l("At least %(n)d characters; not a common password, nor your login, name or e-mail address.", n=MIN_LENGTH)
COMMON_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
# Temporary passwords are read aloud in a classroom: no 0/O, 1/l/i.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_NOT_LETTERS = re.compile(r"[^a-z0-9]")
_DIGITS = re.compile(r"[0-9]")
_SHORTEST_PERSONAL_WORD = 3  # a shorter login or name part would refuse far more than the person's own words


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercase."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _letters(text: str) -> str:
    """``text`` folded (no case, no diacritics, đ as d) down to its ASCII letters and digits."""
    return _NOT_LETTERS.sub("", fold(text))


def _personal_words(personal: tuple[str | None, ...]) -> set[str]:
    """The words a person's password must not be: each value, and an e-mail address's local part, as ``_letters``."""
    values = [v for v in personal if v]
    values += [v.rsplit("@", 1)[0] for v in values if "@" in v]
    return {w for w in map(_letters, values) if len(w) >= _SHORTEST_PERSONAL_WORD}


def check(password: str, *personal: str | None) -> None:
    """Return if ``password`` may be set for the person whose login, full name and e-mail are ``personal``; else
    raise InvalidInput (field "password") saying, in the user's language, what to change."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(_l("The password must have at least %(n)d characters.", n=MIN_LENGTH), "password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(_l("The password must have at most %(n)d characters.", n=MAX_LENGTH), "password")
    common = common_passwords()
    if password.strip().lower() in common or fold(password) in common:
        raise InvalidInput(
            _l("This password is one of the most common ones, which are tried first: choose another."), "password"
        )
    plain = _letters(password)
    if {plain, _DIGITS.sub("", plain)} & _personal_words(personal):
        raise InvalidInput(
            _l("The password must not be your login, your name or your e-mail address, even with digits added."),
            "password",
        )


def temporary_password(*personal: str | None) -> str:
    """A temporary password for the person whose login, full name and e-mail are ``personal``, easy to read aloud
    (no 0/O, 1/l) and always accepted by ``check``."""
    while True:
        password = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(MIN_LENGTH))
        try:
            check(password, *personal)
        except InvalidInput:
            continue
        return password
