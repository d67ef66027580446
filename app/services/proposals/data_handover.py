"""Participants' personal data handed to a business, as a proposal's text says it: "nhà trường gửi danh sách thí
sinh gồm họ tên, số điện thoại của phụ huynh cho Công ty TNHH Sao Mai", "thông tin cá nhân của thí sinh được
chuyển cho nhà tài trợ".

A sentence says so when it names personal data (``_PERSONAL_DATA``: names with birth dates, phone numbers, identity
numbers, lists of participants, "thông tin cá nhân"), a handing over ("gửi", "cung cấp", "chuyển", "chia sẻ",
"send", "share"...) and a business: one it names ("Công ty …", ``text_businesses``) or one of the proposal's own
businesses, by its short name, as "the sponsor" or as what its name says it is ("cho trung tâm"). A handing over
after a negation in its clause ("cam kết không chia sẻ thông tin cá nhân cho bên thứ ba") says the opposite. An
address or an e-mail alone is not counted: "gửi bài về địa chỉ email của Công ty X" is where entries go, not whose
data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .business_names import KIND_HEADS
from .party_names import named_by_kind
from .text_businesses import named_businesses
from .vietnamese_text import any_phrase, fold, lower

_PERSONAL_DATA = any_phrase(
    ["họ tên", "họ và tên", "ngày sinh", "năm sinh", "ngày tháng năm sinh", "số điện thoại", "sđt", "căn cước",
     "cccd", "cmnd", "chứng minh nhân dân", "mã định danh", "mã số học sinh", "thông tin cá nhân",
     "dữ liệu cá nhân", "danh sách thí sinh", "danh sách học sinh", "ảnh chân dung", "personal data",
     "personal information", "phone number", "phone numbers", "date of birth", "dates of birth", "full names"]
)  # fmt: skip
_HANDED = any_phrase(
    ["gửi", "cung cấp", "chuyển", "chuyển giao", "bàn giao", "chia sẻ", "giao", "send", "sent", "share",
     "shared", "provide", "provided", "pass", "passed", "transfer", "transferred", "hand over", "handed over"]
)  # fmt: skip
_SPONSOR = any_phrase(["nhà tài trợ", "đơn vị tài trợ", "đơn vị đồng hành", "nhà đồng hành", "the sponsor"])
_NEGATION = any_phrase(["không", "chưa", "chẳng", "cấm", "not", "never", "no"])
_SENTENCE = re.compile(r"[^.!?;\n]+")
# Before a recipient: "gửi cho Trung tâm Anh ngữ Apollo", "chuyển tới cửa hàng X".
_TO = any_phrase(["cho", "tới", "đến", "to"])
_CLAUSE_END = re.compile(r"[,:]")


@dataclass(frozen=True)
class Handover:
    """Personal data (``data``, as written) that a sentence of a text hands to the business ``name``; ``start`` and
    ``end`` bound the sentence in the text."""

    data: str
    name: str
    start: int
    end: int


def handovers(text: str, own: list[tuple[str, list[str]]], sponsor: str | None) -> list[Handover]:
    """The sentences of ``text`` that hand participants' personal data to a business (see the module docstring).
    ``own``: the proposal's businesses with their folded short names; ``sponsor``: the name of its business
    sponsor, which "nhà tài trợ" stands for, or None."""
    found: list[Handover] = []
    low, folded = lower(text), fold(text)
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        written = [text[m.start() : m.end()] for m in _PERSONAL_DATA.finditer(low, start, end)]
        handed = any(not _negated(low, start, m.start()) for m in _HANDED.finditer(low, start, end))
        if not written or not handed:
            continue
        name = business_in(text, folded, start, end, own, sponsor)
        if name is not None:
            found.append(Handover(", ".join(dict.fromkeys(written)), name, start, end))
    return found


def _negated(low: str, start: int, at: int) -> bool:
    """Whether a negation stands in the clause before ``at`` (the sentence begins at ``start``)."""
    clause = _CLAUSE_END.split(low[start:at])[-1]
    return _NEGATION.search(clause) is not None


def business_in(
    text: str, folded: str, start: int, end: int, own: list[tuple[str, list[str]]], sponsor: str | None
) -> str | None:
    """The business that the sentence ``text[start:end]`` names (``text_businesses``; a recipient by what it is,
    ``named_by_kind``) or speaks of, or None: one of ``own`` (the proposal's businesses with their folded short
    names) by a short name or by what its name says it is, or ``sponsor`` as "nhà tài trợ"."""
    named = [n.name for n in named_businesses(text[start:end]) if n.name]
    if named:
        return named[0]
    for to in _TO.finditer(lower(text), start, end):  # "gửi cho Trung tâm Anh ngữ Apollo"
        at = to.end() + len(text[to.end() : end]) - len(text[to.end() : end].lstrip())
        if (name_end := named_by_kind(text[:end], at)) is not None:
            return text[at:name_end]
    sentence = folded[start:end]
    for name, shorts in own:
        if any(re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", sentence) for short in shorts):
            return name
    if sponsor is not None and _SPONSOR.search(lower(text[start:end])):
        return sponsor
    return _called_by_its_kind(text, start, end, [name for name, _ in own])


def _called_by_its_kind(text: str, start: int, end: int, names: list[str]) -> str | None:
    """The first of ``names`` that the sentence ``text[start:end]`` calls by what it is, as its name begins
    (``KIND_HEADS``: "gửi danh sách … cho trung tâm" for "Trung tâm Anh ngữ Ngôi Sao Xanh"), with no name after
    it (a capitalised word after "trung tâm" names another)."""
    low = lower(text[start:end])
    for name in names:
        called = " ".join(lower(name).split())
        for head in KIND_HEADS:
            if not called.startswith(head + " "):
                continue
            for m in any_phrase([head]).finditer(low):
                if not text[start + m.end() : end].lstrip()[:1].isupper():
                    return name
    return None
