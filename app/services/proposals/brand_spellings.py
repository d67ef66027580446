"""The patterns that spell a brand's name in a folded text (``vietnamese_text.fold``): whole words, across any
whitespace, hyphens or dots between its words or none ("Google Classroom", "fx-580VNX"), or spelt out letter by
letter ("V I E T T E L", "F.P.T", one word of several: "M B Bank"); with digits and signs for the letters they look
like ("Zal0", "S@msung"); words run together in camel case read apart ("ZaloPay"); and the cue words before an
ambiguous name. ``brands.BrandList`` finds them in a text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .vietnamese_text import fold, loose_pattern

_SEPARATOR = r"[\s\-_./]*"
# Between the letters of a name spelt out ("V i e t t e l", "F.P.T"): one such character between every two.
_SPELT = r"[\s\-_./*·]"
_SPELT_MIN = 3
# Digits and signs typed for the letters they look like ("Zal0", "G00gle", "V1ettel", "S@msung"): read so in the
# names of at least LEET_MIN letters, where the spelling keeps at least LEET_LETTERS of the name's own letters.
_LEET = {"a": "4@", "b": "8", "e": "3", "g": "9", "i": "1", "l": "1", "o": "0", "s": "5$", "t": "7"}
LEET_MIN = 4
LEET_LETTERS = 2


def name_tokens(name: str) -> list[str]:
    """The words of ``name``, folded."""
    return re.findall(r"[^\W_]+", fold(name))


def name_key(name: str) -> str:
    """What a name and every spelling of it that matches have in common."""
    return "".join(name_tokens(name))


def _word_pattern(token: str, tokens: list[str]) -> str:
    """One word of a name: in a name of several words, a word of letters may be spelt out letter by letter by
    itself ("M B Bank", "T H true MILK"), as a one-word name may be whole (``_whole``)."""
    if len(tokens) < 2 or len(token) < 2 or not token.isalpha():
        return re.escape(token)
    return f"(?:{re.escape(token)}|{_SPELT.join(re.escape(c) for c in token)})"


def _whole(key: str, pattern: str) -> str:
    """``pattern`` (the name ``key``), or the name spelt out letter by letter, ending a word: an underscore or a
    digit also ends one ("logo_viettel.png", "Zalo2025"), but a digit does not end a name that ends in one.
    (A letter may not come before a name, nor a digit before one that begins with a digit: ``names_regex``.)"""
    if len(key) >= _SPELT_MIN:
        pattern = f"(?:{pattern}|{_SPELT.join(re.escape(c) for c in key)})"
    return pattern + (r"(?![^\W_])" if key[-1].isdigit() else r"(?![^\W\d_])")


def names_regex(spellings: Mapping[str, list[str]]) -> re.Pattern[str] | None:
    """One regex for the names in ``spellings`` (each key, ``name_key``, to the names written with it: "MB Bank"
    and "MBBank" are each matched), longest first, as whole words; None when there are none."""
    patterns = {
        key: "|".join(_SEPARATOR.join(_word_pattern(t, name_tokens(n)) for t in name_tokens(n)) for n in names)
        for key, names in spellings.items()
        if names
    }
    if not patterns:
        return None
    # Longest first: at one place, "Microsoft Office" wins over "Microsoft".
    alternatives = sorted(patterns.items(), key=lambda kv: len(kv[0]), reverse=True)
    # One look-behind for all the names that begin alike, so that a place inside a word fails at once.
    groups = [
        before + "(?:" + "|".join(_whole(k, p) for k, p in alternatives if k[0].isdigit() is digit) + ")"
        for before, digit in ((r"(?<![^\W\d_])", False), (r"(?<![^\W_])", True))
        if any(k[0].isdigit() is digit for k, _ in alternatives)
    ]
    return re.compile("|".join(groups))


def leet_regex(names: list[list[str]]) -> re.Pattern[str] | None:
    """The ``names`` (each as its words) with each letter matching also the digits and signs that stand for it
    (``_LEET``), as whole words: group ``n<i>`` is ``names[i]``."""
    if not names:
        return None
    spellings = [
        f"(?P<n{n}>" + _SEPARATOR.join("".join(_leet_class(c) for c in token) for token in tokens) + ")"
        for n, tokens in enumerate(names)
    ]
    return re.compile(r"(?<![\w@$])(?:" + "|".join(spellings) + r")(?![\w@$])")


def cues_regex(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for the cue words ``cues``, longest first; None when there are none."""
    cue_list = sorted({c.strip() for c in cues if c.strip()}, key=len, reverse=True)
    return re.compile("|".join(loose_pattern(c) for c in cue_list)) if cue_list else None


def _leet_class(letter: str) -> str:
    """A regex matching ``letter`` or a digit or sign typed for it."""
    stand_ins = _LEET.get(letter, "")
    return f"[{re.escape(letter + stand_ins)}]" if stand_ins else re.escape(letter)


# A name misspelt by one letter ("Vinamik", "Vinafone", "Duolingp"): told only in names this long, where a word a
# letter off is seldom another (a shorter name is as often another company's: "Vinamit" is no Vinamilk, nor "Oppa"
# Oppo), never at the first or the last letter (other words and plurals: "Centimeter", "Cellphone").
MISSPELT_MIN = 8


def _one_edit_inside(written: str, name: str) -> bool:
    """Whether ``written`` is ``name`` with one letter left out, added, changed or two neighbours swapped, neither
    at its first nor at its last letter."""
    if written == name or written[:1] != name[:1] or written[-1:] != name[-1:] or abs(len(written) - len(name)) > 1:
        return False
    i = 0
    while i < min(len(written), len(name)) and written[i] == name[i]:
        i += 1
    if len(written) == len(name):
        same_after = written[i + 1 :] == name[i + 1 :]  # one letter changed
        swapped = written[i : i + 2] == name[i : i + 2][::-1] and written[i + 2 :] == name[i + 2 :]
        return same_after or swapped
    shorter, longer = sorted((written, name), key=len)
    return shorter[i:] == longer[i + 1 :]


def misspelt_name(word: str, names: Iterable[str]) -> str | None:
    """The one of ``names`` (folded one-word names of ``MISSPELT_MIN`` letters or more) that ``word`` (folded)
    misspells by one letter inside it, if exactly one."""
    found = [name for name in names if _one_edit_inside(word, name)]
    return found[0] if len(found) == 1 else None


def camel_split(text: str, visible: list[int]) -> tuple[str, list[int]]:
    """The ``visible`` characters of ``text`` with a space before each capital that follows a small letter, and the
    offset in ``text`` of each character (a space added has the offset of its capital)."""
    chars: list[str] = []
    at: list[int] = []
    previous = ""
    for i in visible:
        ch = text[i]
        if ch.isupper() and previous.islower():
            chars.append(" ")
            at.append(i)
        chars.append(ch)
        at.append(i)
        previous = ch
    return "".join(chars), at
