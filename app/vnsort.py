"""Sorting names the Vietnamese way.

A Vietnamese list of people is sorted by given name (the last word), then by the rest of the name; letters
follow the Vietnamese alphabet (a < ă < â < b … d < đ … o < ô < ơ … u < ư …), and tones only break ties,
in dictionary order: none < huyền < hỏi < ngã < sắc < nặng.

A number in a name sorts by its value, as people expect: "Lớp 9A" before "Lớp 10A", "Trường THCS số 9" before
"số 10"; numbers sort before letters.

``sort_key`` turns a name into a string whose plain byte order is that order, so a database can sort by it
with an index whatever its collation: the key uses only lowercase ASCII letters and digits. ``title_key`` does
the same for a name that is not a person's (a school, a class, a district office): word by word from the first.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_MODIFIERS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_WITH_MODIFIER = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


_DIGITS = "0123456789"


def _letters(word: str) -> list[tuple[str, int]]:
    """Each letter of ``word`` as (base letter of the Vietnamese alphabet or other char, tone 0..5); a run of
    digits is one item, the number."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _DIGITS and out and out[-1][0][-1] in _DIGITS:
            out[-1] = (out[-1][0] + ch, 0)
            continue
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, _TONES[ch])
            elif (base, ch) in _WITH_MODIFIER:
                out[-1] = (_WITH_MODIFIER[(base, ch)], tone)
            continue
        out.append((ch, 0))
    return out


def _number(digits: str) -> str:
    """Lowercase characters whose order is the value of the number ``digits``, all before any letter's code: its
    length first (a longer number is larger; lengths from 9 on take a second code), then its digits."""
    digits = digits.lstrip("0") or "0"
    length = _index(str(len(digits))) if len(digits) < 9 else _index("9") + _index_code(len(digits))
    return length + "".join(_index(d) for d in digits)


def _index_code(i: int) -> str:
    return chr(ord("a") + i // 26) + chr(ord("a") + i % 26)


def _code(ch: str) -> str:
    """Lowercase characters whose order is the letter's place in the Vietnamese alphabet (two of them), or the
    number's value (``_number``)."""
    if ch[0] in _DIGITS:
        return _number(ch)
    return _index(ch)


def _index(ch: str) -> str:
    """Two lowercase characters whose order is the character's place: digits, then the Vietnamese alphabet, then
    anything else."""
    if ch in ALPHABET:
        i = ALPHABET.index(ch) + 10  # after digits
    elif ch in _DIGITS:
        i = int(ch)
    elif "a" <= ch <= "z":  # f, j, w, z: foreign letters, placed by their Latin neighbours
        i = ALPHABET.index({"f": "g", "j": "k", "w": "x", "z": "y"}[ch]) + 10
    else:
        i = 60 + (ord(ch) % 600)
    return _index_code(i)


def split_name(full_name: str) -> tuple[str, str]:
    """(given name, the rest): "Nguyễn Văn An" -> ("An", "Nguyễn Văn")."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def sort_key(full_name: str) -> str:
    """A key whose byte order sorts names the Vietnamese way (see the module docstring)."""
    given, rest = split_name(full_name)
    return _key([given, *rest.split()])


def title_key(name: str) -> str:
    """A key whose byte order sorts a name that is not a person's (a school's, a class's) the Vietnamese way, word
    by word from the first: "Trường THCS Đống Đa" < "Trường THCS số 9" < "Trường THCS số 10"."""
    return _key(name.split())


def _key(words: list[str]) -> str:
    # Per word: its letters (lowercase pairs, a number its own code), then "0", then its tones (digits). A digit
    # sorts before any letter, so a word sorts before its own extensions ("An" < "Anh") and tones only break ties.
    letters = [_letters(w) for w in words]
    return "0".join("".join(_code(b) for b, _ in word) + "0" + "".join(str(t) for _, t in word) for word in letters)[
        :400
    ]


# --- searching ------------------------------------------------------------------------------------------------

_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """``text`` without case or diacritics, its words separated by one space: "Đặng Quốc Ánh" -> "dang quoc anh".

    The same folding serves the stored search column (``User.search_name``) and the query, so that SQLite and
    PostgreSQL compare plain ASCII and agree whatever their collations.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())
