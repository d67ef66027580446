"""How a brand's mention reads in its text: whether the sentence around it requires participants to buy, install,
register for or use it ("thí sinh phải cài đặt ứng dụng Zalo"), in Vietnamese or English, typed with or without
diacritics (``required_verb``), and the mention shown with its neighbouring words (``excerpt``).
"""

from __future__ import annotations

import re

from .brands import Mention
from .vietnamese_text import any_phrase, lower

OBLIGATION = any_phrase(
    ["bắt buộc", "buộc phải", "phải", "yêu cầu", "cần", "cần phải", "cần có", "chỉ chấp nhận", "chỉ được", "must",
     "required", "require", "requires", "mandatory", "have to", "has to", "need to", "needs to", "only accept",
     "only accepted"]
)  # fmt: skip
RELEASE = any_phrase(
    ["không bắt buộc", "không phải", "không cần", "không yêu cầu", "không nhất thiết", "tùy chọn", "tuỳ chọn",
     "tự chọn", "khuyến khích", "không được", "not required", "optional", "not need", "do not have to",
     "does not have to", "not mandatory", "must not", "may not"]
)  # fmt: skip
_REGISTER_WORDS = [
    "đăng ký", "đăng kí", "đăng nhập", "tài khoản", "mở thẻ", "làm thẻ", "register", "sign up", "log in", "account"
]  # fmt: skip
_VERBS = [
    (
        "buy",
        any_phrase(["mua", "trang bị", "sưu tầm", "vỏ hộp", "nhãn sản phẩm", "bao bì", "buy", "purchase", "collect"]),
    ),
    ("install", any_phrase(["cài", "cài đặt", "tải về", "tải ứng dụng", "tải app", "install", "download"])),
    (
        "register for",
        any_phrase(_REGISTER_WORDS),
    ),
    ("follow", any_phrase(["thích", "bấm thích", "like", "chia sẻ", "share", "theo dõi", "follow", "fanpage"])),
]
CLAUSE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_CLAUSE_REACH = 300


def required_verb(text: str, mention: Mention, implied: bool = False) -> str | None:
    """What the sentence around ``mention`` requires participants to do with it, or None if it requires nothing.

    A sentence is a requirement when it holds an obligation ("phải", "bắt buộc", "must"), or ``implied`` (the
    participant requirements), and no release ("không bắt buộc", "tùy chọn", "optional", "không được"); the verb
    is the strongest one it names: buy, then install, then register for, then follow (like, share), else use.
    """
    # A sentence longer than the reach either side is cut there: obligations that far away are not about it.
    low, high = max(0, mention.start - _CLAUSE_REACH), min(len(text), mention.end + _CLAUSE_REACH)
    starts = [m.end() for m in CLAUSE_END.finditer(text, low, mention.start)]
    end = CLAUSE_END.search(text, mention.end, high)
    clause = lower(text[starts[-1] if starts else low : end.start() if end else high])
    if not (implied or OBLIGATION.search(clause)) or RELEASE.search(clause):
        return None
    return next((verb for verb, pattern in _VERBS if pattern.search(clause)), "use")


def excerpt(text: str, mention: Mention, width: int = 40) -> str:
    """The mention as written with about ``width`` characters either side, cut at words, on one line."""
    start, end = max(0, mention.start - width), min(len(text), mention.end + width)
    before, after = text[start : mention.start], text[mention.end : end]
    if start > 0:
        before = "…" + (before.split(None, 1)[1] if len(before.split(None, 1)) > 1 else before)
    if end < len(text):
        after = (after.rsplit(None, 1)[0] if len(after.rsplit(None, 1)) > 1 else after) + "…"
    return " ".join((before + mention.text + after).split())
