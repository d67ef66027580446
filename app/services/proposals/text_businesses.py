"""Businesses that a proposal's text names, whether or not the proposal declares them among its parties.

A proposal may say "được tài trợ bởi Công ty TNHH Bình An", "đồng hành cùng Tập đoàn X", "Nhà tài trợ kim cương:
Minh Long Book" or "sponsored by ABC Technology JSC" in its summary or rules and leave the sponsors' list empty;
and a party may be entered as a school or an association while its name says it is a company. ``is_business_name``
tells the latter from the name alone; ``named_businesses`` finds the former in a text:

- a name with a business's legal form: "Công ty …", "Cty …", "Tập đoàn …", "Doanh nghiệp tư nhân …" followed by a
  legal-form word (TNHH, Cổ phần, …) or a capitalised word, or a capitalised name followed by JSC, Co., Ltd, Inc…;
- a sponsor's title followed by a capitalised name: "Nhà tài trợ vàng: Minh Long Book";
- a sponsor spoken of without a name ("do nhà tài trợ trao"), as ``Named`` with ``name`` empty.

"công ty nào", "các công ty công nghệ", "các công ty Nhật Bản" name no business. A mention after a negation in its
clause ("không có công ty nào tài trợ", "không nhận tài trợ của Công ty X") is left out. Matching ignores diacritics
where people type without them; capitals count, as they are what tells a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .brands import any_phrase, fold, lower

# "Doanh nghiệp Việt Nam" is most often businesses in general: only a sole proprietorship is named so.
_HEADS = any_phrase(["công ty", "cty", "tập đoàn", "doanh nghiệp tư nhân"])
_SPONSOR_TITLE = any_phrase(
    ["nhà tài trợ", "đơn vị tài trợ", "nhà đồng hành", "đơn vị đồng hành", "nhà tài trợ chính", "sponsor",
     "sponsors", "sponsored by", "powered by", "in partnership with"]
)  # fmt: skip
_TIERS = any_phrase(
    ["kim cương", "bạch kim", "vàng", "bạc", "đồng", "chính", "độc quyền", "chiến lược", "đồng hành", "diamond",
     "platinum", "gold", "silver", "bronze", "main", "official"]
)  # fmt: skip
# Words of a legal form that may follow the head in lower case: "công ty cổ phần …", "cong ty tnhh …".
_LEGAL = {"tnhh", "cp", "co phan", "mtv", "mot thanh vien", "trach nhiem huu han", "tu nhan", "hop danh"}
_LEGAL_TAIL = re.compile(
    r"(?<![^\W_])(?:JSC|J\.S\.C|Co\.?,?\s*Ltd\.?|Company|Corporation|Corp\.?|Inc\.?|LLC|Ltd\.?|GmbH)(?![^\W_])"
)
# A business's name in capitals before its legal-form tail: "ABC Technology JSC".
_CAPITALISED = r"(?:[A-ZĐ0-9][\w&'.-]*\s+){1,6}"
# Names that begin like these are public bodies or associations, not businesses.
_PUBLIC = re.compile(
    r"^(?:hoi|so|phong|truong|doan|hoi dong|ban|uy ban|ubnd|bo|quy|vien|dai hoc|hoc vien|lien doan|lien hiep|"
    r"thanh doan|tinh doan|huyen doan|cong doan|bao|dai|trung tam giao duc)(?![^\W_])"
)
_NEGATION = any_phrase(["không", "chưa", "chẳng", "no", "not", "without", "none"])
_NEGATION_WORDS = 7
# "các công ty Nhật Bản", "những doanh nghiệp Hải Dương": companies in general, not one of them.
_PLURAL = re.compile(r"(?<![^\W_])(?:cac|nhung|moi|nhieu|mot so|cac loai)\s+$")
# A negation reaches to the end of its part of a sentence: "không thu phí, Công ty X tài trợ" names X.
_PART_END = re.compile(r"[.!?;,](?:\s|$)|\n")
_MAX_NAME_WORDS = 10


@dataclass(frozen=True)
class Named:
    """A business named at ``text[start:end]`` (``name``: as written), or a sponsor spoken of without a name
    (``name`` empty)."""

    start: int
    end: int
    name: str


def is_business_name(name: str) -> bool:
    """Whether ``name`` is a business's by its legal form: "Công ty TNHH X", "Tập đoàn X", "X JSC", "X Co., Ltd"."""
    return any(n.name for n in named_businesses(name, negations=False))


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _name_after(text: str, pos: int) -> int:
    """Where the name that begins at ``pos`` ends (``pos`` if none does): its words are capitalised or of a legal
    form, and a lower-case word counts only between two that are ("Công nghệ Giáo dục Sao Việt"), unless another
    business's name begins after it ("Công ty X và Công ty Y"); punctuation ends it."""
    words = list(re.finditer(r"[^\W_][\w&'-]*", text[pos:]))
    end = last = pos
    i = 0
    while i < len(words) and i < _MAX_NAME_WORDS:
        word = words[i]
        if not re.fullmatch(r"\s*" if i == 0 else r"\s+", text[last : pos + word.start()]):
            break
        legal = next((n for n in (3, 2, 1) if " ".join(fold(w.group()) for w in words[i : i + n]) in _LEGAL), 0)
        if legal:
            end = last = pos + words[i + legal - 1].end()
            i += legal
            continue
        if _is_name_word(word.group()):
            end = last = pos + word.end()
        elif (
            end > pos
            and i + 1 < len(words)
            and _is_name_word(words[i + 1].group())
            and not _HEADS.match(lower(text[pos + words[i + 1].start() :]))
        ):
            last = pos + word.end()  # a lower-case word inside the name, kept once a name word follows
        else:
            break
        i += 1
    return end


def _negated(text: str, start: int) -> bool:
    """Whether a negation stands among the few words before ``start`` in its clause."""
    clause_start = max([0, *(m.end() for m in _PART_END.finditer(text, 0, start))])
    before = lower(text[clause_start:start]).split()[-_NEGATION_WORDS:]
    return _NEGATION.search(" ".join(before)) is not None


def named_businesses(text: str, negations: bool = True) -> list[Named]:
    """Every business ``text`` names, and every sponsor it speaks of without a name, in order, none overlapping.
    With ``negations``, a mention after a negation in its clause is left out."""
    low = lower(text)
    found: list[Named] = []
    for head in _HEADS.finditer(low):
        if _PLURAL.search(fold(text[max(0, head.start() - 12) : head.start()])):
            continue
        end = _name_after(text, head.end())
        if end > head.end():
            found.append(Named(head.start(), end, text[head.start() : end]))
    for tail in _LEGAL_TAIL.finditer(text):
        before = re.search(_CAPITALISED + r"$", text[: tail.start()])
        if before and not re.fullmatch(r"Co\.?", tail.group()):
            found.append(Named(before.start(), tail.end(), text[before.start() : tail.end()]))
    for title in _SPONSOR_TITLE.finditer(low):
        rest = low[title.end() :]
        tier = re.match(r"\s*(?:" + _TIERS.pattern + r")", rest)
        after = title.end() + (tier.end() if tier else 0)
        lead = re.match(r"\s*(?:[:\-–]|là|la|is|are)?\s*", text[after:])
        start = after + (lead.end() if lead else 0)
        end = _name_after(text, start)
        name = text[start:end]
        if end > start and _PUBLIC.match(" ".join(fold(name).split())):
            continue
        found.append(Named(start, end, name) if end > start else Named(title.start(), title.end(), ""))
    found.sort(key=lambda n: (n.start, -n.end))
    kept: list[Named] = []
    for named in found:
        if kept and named.start < kept[-1].end:
            continue
        if negations and _negated(text, named.start):
            continue
        kept.append(named)
    return kept
