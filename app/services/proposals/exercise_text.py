"""What of an exercise's text (a problem's statement, a theory question, an answer about a problem) speaks to the
contest rather than inside the exercise. An exercise's story names companies, shops, apps and brands as what is
asked about ("Công ty Vận tải Minh Phát có n xe tải…", "Phần mềm Microsoft Word dùng để làm gì?"): they are no
party and no advertising. A sentence that binds participants ("phải", "must"), speaks to them or of the contest
("thí sinh", "các em", "ban tổ chức", "contestants"), of a sponsor, a prize or a gift ("tài trợ", "giải
thưởng", "phần quà"), of selling ("chính hãng", "hotline") or of a logo, or begins by asking its reader to buy,
install, register for, like or follow ("Hãy tải ứng dụng X", "Download the X app": ``mention_reading.imperative``)
speaks to the contest, whatever text it stands in: "Bài 2 do Công ty X tài trợ", "Thí sinh phải cài ứng dụng X
trước khi nộp bài", "![Logo Samsung](hinh1.png)". Only those sentences are screened (``published_texts``).
"""

from __future__ import annotations

import re

from .mention_reading import CLAUSE_END, SELLING_WORDS, imperative
from .vietnamese_text import any_phrase, lower

_TO_THE_CONTEST = any_phrase(
    ["phải", "bắt buộc", "must", "required", "thí sinh", "các em", "học sinh dự thi", "đội thi", "ban tổ chức", "btc",
     "hội thi", "cuộc thi", "contestant", "contestants", "participant", "participants", "organisers", "organizers",
     "tài trợ", "bảo trợ", "đồng hành", "trao tặng", "được tặng", "giải thưởng", "phần thưởng", "phần quà",
     "quà tặng", "món quà",
     "sponsor", "sponsored", "prize", "prizes", "gift",
     # selling, which no exercise's story needs to say (mention_reading.SELLING_WORDS), and a hotline
     *SELLING_WORDS, "hotline",
     # a brand's mark shown: "![Logo Samsung](hinh1.png)"
     "logo", "banner"]
)  # fmt: skip
# A sentence ends with its full stop or its paragraph; a single line break is where a PDF's line or a Markdown
# source wraps, inside its sentence ("…phải cài ứng dụng\nMoMo để…").
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")


def sentences(text: str) -> list[str]:
    """``text`` cut into its sentences and paragraphs, each on one line, the empty ones left out."""
    parts, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        parts.append(text[start : end.end()])
        start = end.end()
    parts.append(text[start:])
    return [" ".join(part.split()) for part in parts if part.strip()]


def to_the_contest(text: str) -> str:
    """The sentences of ``text``, an exercise's, that speak to the contest (see the module's docstring), one a
    line; empty when its every sentence is the exercise's own."""
    return "\n".join(s for s in sentences(text) if _speaks_to_the_contest(lower(s)))


def _speaks_to_the_contest(sentence: str) -> bool:
    clauses = [sentence, *(sentence[m.end() :] for m in CLAUSE_END.finditer(sentence))]
    return _TO_THE_CONTEST.search(sentence) is not None or any(imperative(clause) for clause in clauses)
