"""Sorting names the Vietnamese way.

A Vietnamese list of people is sorted by given name (the last word), then by the rest of the name; letters
follow the Vietnamese alphabet (a < ă < â < b … d < đ … o < ô < ơ … u < ư …), and tones only break ties,
in dictionary order: none < huyền < hỏi < ngã < sắc < nặng.

``sort_key`` turns a name into a string whose plain byte order is that order, so a database can sort by it
with an index whatever its collation: the key uses only lowercase ASCII letters and digits.
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


def _letters(word: str) -> list[tuple[str, int]]:
    """Each letter of ``word`` as (base letter of the Vietnamese alphabet or other char, tone 0..5)."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
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


def _code(ch: str) -> str:
    """Two lowercase characters whose order is the letter's place in the Vietnamese alphabet."""
    if ch in ALPHABET:
        i = ALPHABET.index(ch) + 10  # after digits
    elif ch.isdigit():
        i = int(ch)
    elif "a" <= ch <= "z":  # f, j, w, z: foreign letters, placed by their Latin neighbours
        i = ALPHABET.index({"f": "g", "j": "k", "w": "x", "z": "y"}[ch]) + 10
    else:
        i = 60 + (ord(ch) % 600)
    return chr(ord("a") + i // 26) + chr(ord("a") + i % 26)


def split_name(full_name: str) -> tuple[str, str]:
    """(given name, the rest): "Nguyễn Văn An" -> ("An", "Nguyễn Văn")."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def sort_key(full_name: str) -> str:
    """A key whose byte order sorts names the Vietnamese way (see the module docstring)."""
    given, rest = split_name(full_name)
    words = [_letters(given), *(_letters(w) for w in rest.split())]
    # Per word: its letters (lowercase pairs), then "0", then its tones (digits). A digit sorts before any
    # letter, so a word sorts before its own extensions ("An" < "Anh") and tones only break ties.
    return "0".join("".join(_code(b) for b, _ in word) + "0" + "".join(str(t) for _, t in word) for word in words)[:400]


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
