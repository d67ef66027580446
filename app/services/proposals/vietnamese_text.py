"""Vietnamese text as people type it: with or without diacritics, in any case, with letters of other scripts that
look like Latin ones. ``fold`` and ``lower`` keep one character per character, so that offsets found in their
result are offsets in the text; ``loose_pattern`` and ``any_phrase`` find phrases as whole words however the
diacritics were typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

FAMILY_NAMES = frozenset(
    ["nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong",
     "ly", "dinh", "doan", "trinh", "truong", "mai", "cao", "lam", "luong", "ha", "to", "ta", "quach", "vuong", "kieu",
     "lai", "nghiem", "phung", "tong", "thai", "chu", "la"]
)  # fmt: skip
"""Vietnamese family names, folded (``fold``): the common ones, and the short ones that begin brands' names."""
# Letters of other scripts that look like Latin ones ("Zаlo" with a Cyrillic а): read as the Latin letter.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏԛԝкмтвнАВЕКМНОРСТХУІЈЅαοριкνυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlqwkmtbhABEKMHOPCTXYIJSaopikvuABEZHIKMNOPTYX",
)


@cache
def _fold_char(ch: str) -> str:
    """``ch`` lowercased without its diacritics, a look-alike of another script or a full-width or styled form
    read as its plain Latin letter; always exactly one character."""
    compat = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
    ch = compat.translate(_LOOKALIKES) if len(compat) == 1 else ch
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low == "đ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


def fold(text: str) -> str:
    """``text`` lowercased without Vietnamese diacritics, one character per character of ``text``.

    "Đăng ký Tài khoản" -> "dang ky tai khoan". Offsets in the result are offsets in ``text`` (give NFC text:
    a separate combining mark is kept, not folded).
    """
    return "".join(_fold_char(ch) for ch in text)


def lower(text: str) -> str:
    """``text`` lowercased, one character per character of ``text`` (diacritics kept)."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case, with or without diacritics) is spelt as a Vietnamese syllable may be: "Lan",
    "Việt", "hoc"; not "Travel", "Tik", "milk"."""
    return _SYLLABLE.fullmatch(fold(word)) is not None


def has_diacritics(word: str) -> bool:
    """Whether ``word`` carries a Vietnamese diacritic (or "đ"): "Học", "Sâm", "đi"; not "Hoc", "Sam"."""
    return fold(word) != lower(word)


_WORD = re.compile(r"[^\W\d_]+")
_TYPED_WITH_DIACRITICS = 0.25


def typed_with_diacritics(text: str) -> bool:
    """Whether ``text`` is typed with Vietnamese diacritics: at least a quarter of its words carry one, as a
    Vietnamese text so typed always has (most of its words do), while one typed without them has none or a few
    pasted in."""
    words = _WORD.findall(text)
    return bool(words) and sum(map(has_diacritics, words)) >= _TYPED_WITH_DIACRITICS * len(words)


def loose_pattern(phrase: str) -> str:
    """A regex source finding ``phrase`` as whole words in ``lower(text)``, typed with or without diacritics.

    "cài đặt" finds "cài đặt" and "cai dat" but not "cái": each marked letter matches itself or its bare letter.
    """
    parts: list[str] = []
    for ch in phrase.lower():
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif (bare := _fold_char(ch)) != ch:
            parts.append(f"[{ch}{bare}]")
        else:
            parts.append(re.escape(ch))
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


def any_phrase(phrases: list[str]) -> re.Pattern[str]:
    """A regex finding any of ``phrases`` (see ``loose_pattern``), longest first."""
    return re.compile("|".join(loose_pattern(p) for p in sorted(phrases, key=len, reverse=True)))
