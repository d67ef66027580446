"""A fee participants pay to a business, as a proposal's text says it: "Mỗi thí sinh nộp lệ phí 100.000 đồng cho
Công ty TNHH Sao Mai", "le phi 50.000d, chuyen khoan vao tai khoan cua Cong ty CP Hoc Vui", "đóng phí thi 80.000
đồng tại Trung tâm Anh ngữ Apollo".

A sentence says so when it names a fee (``_FEE``), an amount of money (``_AMOUNT``: "100.000 đồng", "50.000d",
"50k", "100,000 VND") and a business (``data_handover.business_in``: one it names, one of the proposal's own, or
"nhà tài trợ"), and the fee is not released in its clause ("không phải nộp lệ phí", "miễn phí") nor what a gift is
worth ("voucher học phí", "học bổng … học phí": ``_GIVEN``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data_handover import business_in
from .vietnamese_text import any_phrase, fold, lower

_FEE = any_phrase(
    ["lệ phí", "phí dự thi", "phí thi", "phí tham gia", "phí tham dự", "phí đăng ký", "đóng phí", "nộp phí",
     "học phí", "fee", "fees", "entry fee"]
)  # fmt: skip
_AMOUNT = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+\s*(?:đồng|đ|d|vnd|vnđ)?(?![^\W_])|(?<![\w.,])\d+\s*(?:k|nghìn|ngàn|đồng|đ|vnd)"
    r"(?![^\W_])|(?:vnd|vnđ)\s*\d{1,3}(?:[.,]\d{3})+",
    re.IGNORECASE,
)
_RELEASE = any_phrase(["không phải", "không thu", "miễn phí", "miễn", "free", "no fee", "không mất phí"])
# A fee named as what a gift is worth is no fee paid: "voucher học phí 2.000.000 đồng", "học bổng toàn phần học
# phí", "phiếu giảm học phí", "miễn giảm lệ phí".
_GIVEN = re.compile(
    r"(?:" + any_phrase(["voucher", "phiếu", "học bổng", "tặng", "tài trợ"]).pattern
    + r")\s+(?:[^\W\d_]+\s+){0,2}$"
)  # fmt: skip
_SENTENCE = re.compile(r"[^.!?;\n]+(?:\.\d[^.!?;\n]*)*")


@dataclass(frozen=True)
class Fee:
    """A fee of ``amount`` (as written) that the sentence ``text[start:end]`` has participants pay to ``name``."""

    amount: str
    name: str
    start: int
    end: int


def fees_in_text(text: str, own: list[tuple[str, list[str]]], sponsor: str | None) -> list[Fee]:
    """The sentences of ``text`` that have participants pay a fee to a business (see the module docstring).
    ``own`` and ``sponsor`` as for ``data_handover.handovers``."""
    found: list[Fee] = []
    low, folded = lower(text), fold(text)
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        fee = next((f for f in _FEE.finditer(low, start, end) if not _GIVEN.search(low, start, f.start())), None)
        amount = _AMOUNT.search(text, start, end)
        if fee is None or amount is None or _RELEASE.search(low, start, end):
            continue
        name = business_in(text, folded, start, end, own, sponsor)
        if name is not None:
            found.append(Fee(" ".join(amount.group().split()), name, start, end))
    return found
