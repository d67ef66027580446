"""How a brand's mention reads in its text: whether the sentence around it requires participants to buy, install,
register for or use it ("thí sinh phải cài đặt ứng dụng Zalo"), in Vietnamese or English, typed with or without
diacritics (``required_verb``), whether it is named only to forbid it ("nghiêm cấm sử dụng ChatGPT": ``forbidden``),
and the mention shown with its neighbouring words (``excerpt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .brands import Mention
from .vietnamese_text import any_phrase, lower

# An obligation, or what a rule says is done in order to take part ("Thí sinh sử dụng sản phẩm của X để dự thi",
# "like fanpage … de du thi"): a condition of entering, as binding as "phải".
OBLIGATION = any_phrase(
    ["bắt buộc", "buộc phải", "phải", "yêu cầu", "cần", "cần phải", "cần có", "chỉ chấp nhận", "chỉ được", "must",
     "required", "require", "requires", "mandatory", "have to", "has to", "need to", "needs to", "only accept",
     "only accepted", "để dự thi", "để được dự thi", "để tham gia", "để tham dự", "để làm bài", "để nộp bài",
     "để học sinh làm bài", "để thí sinh làm bài", "để được chấm", "to enter", "to take part", "to participate"]
)  # fmt: skip
# Following an official account on Zalo is "quan tâm" (its button's word), said with what is followed or with the
# press: not "quan tâm đến an toàn" (to mind).
FOLLOW_OA = ["bấm quan tâm", "nhấn quan tâm", "quan tâm kênh", "quan tâm trang", "quan tâm zalo", "quan tâm oa",
             "quan tâm tài khoản", "quan tâm official account"]  # fmt: skip
# A rule's sentence whose subject is the participants and whose first word after it is a verb of what they do says
# what they do to take part, as "phải" does: "Thí sinh mua 01 hộp màu sáp X và gửi kèm hóa đơn", "Đội thi thuê
# trang phục tại Công ty X" (a service bought), "Học sinh tải ứng
# dụng X", "Participants download the X app", "Giáo viên thiết kế bài giảng bằng phần mềm X" (a teachers' contest's
# participants; making an entry binds as using does: on or with what, ``named_apps``), but not "Thí sinh được
# tặng…", "Học sinh có thể dùng…". The sentence may open with a phrase of when or why, up to its comma or colon
# ("Để được cộng điểm, học sinh theo dõi …", "Trước ngày 20/3, thí sinh tải …").
_OPENING_WORDS = 10
_DIRECTIVE = re.compile(
    rf"(?:\s*(?:[^\s,:;]+\s+){{0,{_OPENING_WORDS - 1}}}[^\s,:;]+\s*[,:])?"
    r"\s*(?:(?:"
    + any_phrase(["mỗi", "các", "tất cả", "toàn bộ", "each", "every", "all"]).pattern + r")\s+)?"
    r"(?:" + any_phrase(["thí sinh", "học sinh", "đội", "đội thi", "đội dự thi", "người dự thi", "người tham gia",
                         "phụ huynh", "giáo viên", "participant", "participants", "student", "students", "team",
                         "teams", "teacher", "teachers", "entrant", "entrants", "contestant", "contestants"]).pattern
    + r")\s+"
    # buying a service is buying, as in company_products.BUYING_WORDS: "Thí sinh thuê trang phục tại Công ty X"
    r"(?:" + any_phrase(["mua", "đặt mua", "thuê", "đặt may", "in ảnh", "hire", "rent", "trang bị", "sưu tầm", "cài",
                         "cài đặt", "tải", "tải về", "đăng ký", "đăng kí", "đăng nhập", "tạo tài khoản",
                         "mở tài khoản", "mở thẻ", "like", "thích", "bấm thích",
                         "chia sẻ", "share", "theo dõi", "follow", "sử dụng", "dùng", "buy", "purchase", "install",
                         "download", "register", "sign up", "log in", "use", "thiết kế", "xây dựng", "soạn",
                         "lập trình", "design", "build", "create", "program", "quét mã", "scan", *FOLLOW_OA,
                         # taking the test on it, posting on it: "Học sinh làm bài trên nền tảng X"
                         "làm bài trên", "làm bài thi trên", "thi trên", "đăng ảnh lên", "đăng video lên",
                         "đăng bài lên", "đăng lên", "take the test on", "post on"]
                        ).pattern + r")"
)  # fmt: skip
# An imperative to the reader to buy, install, register for, like or follow ("Hãy tải ứng dụng X", "Các em hãy
# mua…", "Quét mã để like fanpage…", "Download the X app", "Vui lòng đăng ký…"), at the start of its clause, binds
# as "phải" does: whoever reads it is asked to. Not "dùng"/"use": "Hãy dùng thuật toán…" asks how to solve.
_ACTS = ["mua", "mua ngay", "cài", "cài đặt", "cài ngay", "tải", "tải về", "tải ngay", "đăng ký", "đăng kí",
         "tạo tài khoản", "mở tài khoản", "like", "bấm thích", "theo dõi", "follow", "quét mã", "buy", "purchase",
         "install", "download", "register", "sign up"]  # fmt: skip
IMPERATIVE = re.compile(
    r"\s*(?:(?:" + any_phrase(["các em", "em", "bạn", "các bạn"]).pattern + r")\s+)?"
    r"(?:(?:" + any_phrase(["hãy", "vui lòng", "xin mời", "please"]).pattern + r")\s+)?"
    r"(?:" + any_phrase(_ACTS).pattern + r")(?!\w)(?!\s+(?:sắm|bán|sam|ban)(?!\w))"  # not "mua sắm", "mua bán"
)
# Words that sell, which no exercise's story and no honest rule needs to say: "Samsung Galaxy A15 chính hãng",
# "Hotline tư vấn khoá học: 1900…", "mua ngay". A sentence holding one advertises the business it names ("hotline"
# alone may be a support line's: "Hotline hỗ trợ kỹ thuật của đơn vị cung cấp nền tảng thi").
SELLING_WORDS = ["chính hãng", "mua ngay", "đặt ngay", "đặt hàng ngay", "tư vấn khoá học", "tư vấn khóa học"]
SELLING = any_phrase(SELLING_WORDS)
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
    (
        "follow",
        any_phrase(["thích", "bấm thích", "like", "chia sẻ", "share", "theo dõi", "follow", "fanpage", *FOLLOW_OA]),
    ),
    ("display", any_phrase(["mặc", "đeo", "in logo", "gắn logo", "dán logo", "wear", "display"])),
]
CLAUSE_END = re.compile(r"[.!?;](?:\s|$)|\n")
_CLAUSE_REACH = 300
# "Gemini", "Microsoft Copilot", "hoặc Google Bard", "đồng hồ thông minh" (a Vietnamese compound is several
# syllables): an item of a list, not a clause ("thí sinh nộp bài qua Zalo")
_LIST_ITEM_WORDS = 4
# "cấm" alone is not listed: typed without diacritics it is "cam", as in "cam kết" (to commit to).
_PROHIBITION = any_phrase(
    ["nghiêm cấm", "bị cấm", "cấm sử dụng", "cấm dùng", "cấm mang", "cấm cài", "cấm cài đặt", "cấm truy cập",
     "cấm các", "cấm mọi", "không được", "không được phép", "không sử dụng", "không dùng", "không cho phép",
     "must not", "may not", "cannot use", "can not use", "do not use", "don't use", "not allowed", "not permitted",
     "prohibited", "forbidden", "banned"]
)  # fmt: skip
# What makes an entry disqualified, said after the brand it is about: "bài sao chép từ ChatGPT sẽ bị loại", "Essays
# generated with ChatGPT will be disqualified" forbid it as "nghiêm cấm" does; not after an obligation or a negation
# ("phải làm trên Canva, bài làm bằng phần mềm khác sẽ bị loại", "bài không nộp qua Zalo sẽ bị loại" require it).
_DISQUALIFIED = any_phrase(
    ["bị loại", "bị hủy kết quả", "bị huỷ kết quả", "bị hủy bài", "bị huỷ bài", "không được công nhận",
     "không được chấm", "bị đánh trượt", "be disqualified", "is disqualified", "are disqualified",
     "will not be marked", "will not be accepted"]
)  # fmt: skip
_NEGATION = any_phrase(["không", "chưa", "chỉ", "ngoài", "trừ", "not", "no", "only", "without", "other than"])
# After a prohibition, what it leaves allowed: "không được dùng ứng dụng nào ngoài Zalo" requires Zalo.
_EXCEPTION = any_phrase(
    ["ngoài", "trừ", "ngoại trừ", "chỉ", "không phải", "except", "other than", "only", "besides", "but", "not"]
)  # fmt: skip


def binding_clauses(text: str, implied: bool = False) -> Iterator[tuple[int, str, str]]:
    """Each clause of ``text`` (NFC) that binds participants (``binds``; every clause when ``implied``) and holds no
    release (``RELEASE``): where it begins, the clause as it is written, and lowercased."""
    starts = [0, *(m.end() for m in CLAUSE_END.finditer(text))]
    for begin, stop in zip(starts, [*starts[1:], len(text)], strict=True):
        clause = text[begin:stop]
        low = lower(clause)
        if (implied or binds(low)) and not RELEASE.search(low):
            yield begin, clause, low


def binds(clause: str) -> bool:
    """Whether ``clause`` (lowercased) binds participants: it holds an obligation (``OBLIGATION``), begins with
    them doing something (``_DIRECTIVE``) or asks its reader to (``imperative``). A release (``RELEASE``) is the
    caller's to check."""
    return OBLIGATION.search(clause) is not None or _DIRECTIVE.match(clause) is not None or imperative(clause)


def imperative(clause: str) -> bool:
    """Whether ``clause`` (lowercased) begins by asking its reader to buy, install, register for, like or follow
    (``IMPERATIVE``); a clause asking only "em" without "hãy" to do so is none ("em mua 3 quyển vở": a story)."""
    found = IMPERATIVE.match(clause)
    if found is None:
        return False
    return not re.match(r"\s*(?:các\s+)?(?:em|bạn)\s+(?!hãy|vui|xin)", clause)


def _clause_start(text: str, mention: Mention) -> int:
    """Where the sentence around ``mention`` begins, at most ``_CLAUSE_REACH`` characters before it: obligations
    and prohibitions that far away are not about it."""
    low = max(0, mention.start - _CLAUSE_REACH)
    starts = [m.end() for m in CLAUSE_END.finditer(text, low, mention.start)]
    return starts[-1] if starts else low


def _since_prohibition(text: str, mention: Mention) -> str | None:
    """What stands between the last prohibition before ``mention`` in its sentence and it (lowercased), or None
    when no prohibition reaches it. A prohibition reaches past a comma only along a list of short items ("không
    được dùng AI như ChatGPT, Gemini, Copilot", "đồng hồ thông minh (Apple Watch…)"), never into a clause of its
    own ("Không được dùng tài liệu, thí sinh nộp bài qua Zalo")."""
    before = lower(text[_clause_start(text, mention) : mention.start])
    prohibitions = list(_PROHIBITION.finditer(before))
    if not prohibitions:
        return None
    between = before[prohibitions[-1].end() :]
    # examples in brackets after an item are items too: "đồng hồ thông minh (Apple Watch, Galaxy Watch…)"
    items = re.split(r"[,(]", between)[1:]
    return None if any(len(item.split()) > _LIST_ITEM_WORDS for item in items) else between


def disqualifying(text: str, mention: Mention) -> bool:
    """Whether ``mention``'s sentence says that an entry made with it is disqualified (``_DISQUALIFIED`` after it:
    "bài sao chép từ ChatGPT sẽ bị loại"), with no obligation and no negation before it in the sentence."""
    end = CLAUSE_END.search(text, mention.end)
    after = lower(text[mention.end : end.start() if end else len(text)])
    before = lower(text[_clause_start(text, mention) : mention.start])
    return (
        _DISQUALIFIED.search(after) is not None
        and OBLIGATION.search(before) is None
        and _NEGATION.search(before) is None
    )


def forbidden(text: str, mention: Mention) -> bool:
    """Whether ``mention`` is named only to forbid it: after a prohibition in its sentence ("nghiêm cấm sử dụng
    ChatGPT", "không được dùng AI như ChatGPT", "must not use ChatGPT"), with no exception ("ngoài", "trừ",
    "other than") and no obligation between them, or as what disqualifies an entry (``disqualifying``)."""
    between = _since_prohibition(text, mention)
    if between is None:
        return disqualifying(text, mention)
    return not _EXCEPTION.search(between) and not OBLIGATION.search(between)


def required_verb(text: str, mention: Mention, implied: bool = False) -> str | None:
    """What the sentence around ``mention`` requires participants to do with it, or None if it requires nothing.

    A sentence is a requirement when it binds participants (``binds``: "phải", "bắt buộc", "must", "Thí sinh
    mua …"), or ``implied`` (the
    participant requirements), and no release ("không bắt buộc", "tùy chọn", "optional", "không được"), or when
    the mention is the exception to a prohibition ("không được dùng ứng dụng nào ngoài Zalo"); the verb is the
    strongest one it names: buy, then install, then register for, then follow (like, share), then display (wear
    a logo), else use.
    """
    high = min(len(text), mention.end + _CLAUSE_REACH)
    end = CLAUSE_END.search(text, mention.end, high)
    clause = lower(text[_clause_start(text, mention) : end.start() if end else high])
    between = _since_prohibition(text, mention)
    excepted = between is not None and _EXCEPTION.search(between) is not None
    if not excepted and (not (implied or binds(clause)) or RELEASE.search(clause) or disqualifying(text, mention)):
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
