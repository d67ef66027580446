"""Whether the words around an ambiguous brand name found in a text make it something else: part of a person's, a
school's or a place's name ("thầy Trần Thiên Long", "Trường THCS Hồng Hà", "rừng Amazon"), or Vietnamese words
written as common nouns are ("lịch sử của kinh đô Huế"). ``brands.BrandList`` asks before it counts such a name."""

from __future__ import annotations

import re

from .vietnamese_text import FAMILY_NAMES, fold, has_diacritics, lower

# The word before an ambiguous name that makes it part of a proper name, never a brand: a capitalised family name
# ("thầy Trần Thiên Long") or the head of a school's or a place's name ("Trường THCS Hồng Hà", "xã Hồng Hà").
_NAME_HEADS = frozenset(
    ["truong", "thcs", "thpt", "th", "mn", "ptdtbt", "ptdtnt", "xa", "phuong", "thon", "ap", "huyen", "quan", "tran",
     "pho", "lang"]
)  # fmt: skip
# Nature's names that head a place's or a star's name, said with their diacritics ("rừng Amazon", "sông Hồng Hà", "chòm
# sao Orion"): folded they would be other words ("rung", "song").
_NATURE_HEADS = frozenset(["rừng", "sông", "núi", "biển", "sao"])


def in_a_proper_name(text: str, start: int) -> bool:
    """Whether the word just before ``start`` makes what begins there part of a person's, a school's or a place's
    name (``_NAME_HEADS``, ``FAMILY_NAMES``)."""
    before = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 40) : start])
    if before is None:
        return False
    word = before.group(1)
    folded = fold(word)
    return folded in _NAME_HEADS or lower(word) in _NATURE_HEADS or (word[:1].isupper() and folded in FAMILY_NAMES)


def a_common_noun(written: str) -> bool:
    """Whether an ambiguous name as ``written`` is Vietnamese words in lower case with their diacritics, as common
    nouns are written: then a preposition before it is no cue ("lịch sử của kinh đô Huế" is no Kinh Đô), a word
    for the product still is ("quyển vở hồng hà"); typed without diacritics ("banh keo hai ha") it tells nothing."""
    return written == lower(written) and has_diacritics(written)
