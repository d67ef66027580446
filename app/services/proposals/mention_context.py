"""Whether a business named in a text is no party to the contest: named after a negation in its clause ("không
nhận tài trợ của Công ty X"), made up for an exercise ("giả sử em là kế toán của Công ty X") or named in an
exercise's statement ("Câu 4: Công ty A và công ty B cùng sản xuất…") or a supplier the unit buys from ("mua sắm theo
hợp đồng với Cty TNHH X", "xe của Công ty Y do nhà trường thuê") or the bank that keeps an account money is paid
into ("nộp vào tài khoản của nhà trường tại Ngân hàng X"). ``text_businesses`` leaves such mentions out.
A brand given as an example of the business an essay is about ("viết về lịch sử một doanh nghiệp, chẳng hạn X") is
its topic, not its advertising (``a_topics_example``), and so is a brand named as where someone works ("mẹ con làm
công nhân ở X": ``a_workplace``).
"""

from __future__ import annotations

import re

from .brands import BrandList, default_brands
from .known_companies import companies_of, is_known_bank
from .mention_reading import SELLING, imperative
from .vietnamese_text import any_phrase, lower

_NEGATION = any_phrase(["không", "chưa", "chẳng", "no", "not", "without", "none"])
_NEGATION_WORDS = 7
# A negation reaches to the end of its part of a sentence: "không thu phí, Công ty X tài trợ" names X.
_PART_END = re.compile(r"[.!?;,](?:\s|$)|\n")
# A company made up for an exercise, said in the same part of its sentence: "giả sử em là kế toán của Công ty X".
# Only words that say the company is supposed, never a genre or a title's words ("Em tưởng tượng", "truyện giả
# tưởng", "Imagine Cup"): a real sponsor named beside those is a sponsor.
_HYPOTHETICAL = any_phrase(["giả sử", "giả định", "giả thiết", "hypothetical", "fictitious", "suppose"])
# An exercise's statement, where a company is part of what is asked ("Câu 4: Công ty A và công ty B cùng sản xuất…",
# "Bài 3 dựa trên thông báo giá nước của Công ty CP Nước sạch…"): a sentence that begins with an exercise's label or
# holds an exercise's instruction, unless it binds participants or says who sponsors ("Câu 1: thí sinh phải…").
_EXERCISE_LABEL = re.compile(
    r"\s*(?:(?:câu|cau|câu hỏi|cau hoi|bài|bai|question|exercise|problem|task)\s*\d+[a-z]?(?![^\W_])"
    r"|(?:bài toán|bai toan|đề bài|de bai|tình huống|tinh huong)(?![^\W_])"
    # a sample one: "Câu hỏi mẫu vòng 1: …", "Đề minh họa: …", "Sample question: …"
    r"|(?:câu hỏi|cau hoi|câu|cau|bài|bai|đề|de|đề thi|de thi)\s+(?:mẫu|mau|minh họa|minh hoạ|minh hoa)(?![^\W_])"
    r"|sample\s+(?:question|problem|task)s?(?![^\W_]))"
)
_EXERCISE_ASKS = any_phrase(
    ["em hãy", "hãy tính", "hãy cho biết", "hãy giải", "trả lời câu hỏi", "trả lời các câu hỏi", "answer the question",
     "answer the questions"]
)  # fmt: skip
_BINDS_OR_SPONSORS = any_phrase(
    ["phải", "bắt buộc", "must", "required", "tài trợ", "bảo trợ", "đồng hành", "trao tặng", "sponsor", "sponsored"]
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def negated(text: str, start: int) -> bool:
    """Whether a negation stands among the few words before ``start`` in its clause."""
    clause_start = max([0, *(m.end() for m in _PART_END.finditer(text, 0, start))])
    before = lower(text[clause_start:start]).split()[-_NEGATION_WORDS:]
    return _NEGATION.search(" ".join(before)) is not None


def hypothetical(text: str, start: int, end: int) -> bool:
    """Whether the part of a sentence that holds ``text[start:end]`` says it is made up ("giả sử", "(công ty giả
    định)")."""
    part_end = _PART_END.search(text, end)
    start = max([0, *(m.end() for m in _PART_END.finditer(text, 0, start))])
    end = part_end.start() if part_end else len(text)
    return _HYPOTHETICAL.search(lower(text[start:end])) is not None


# A business the unit itself buys from under a contract ("máy tính do nhà trường mua sắm theo hợp đồng với Cty TNHH
# X", "đơn vị trúng thầu"): a supplier paid by the unit, no party to the contest ("mua sắm" alone may be the
# participants' shopping).
_PROCURED = any_phrase(
    ["hợp đồng với", "theo hợp đồng", "trúng thầu", "đấu thầu", "nhà thầu", "procured from", "under contract with"]
)


# What a sponsor does, said of a supplier or a bank in the same sentence, makes it a party: "… do công ty hỗ trợ một
# nửa chi phí".
_GIVING = any_phrase(
    ["tài trợ", "bảo trợ", "đồng hành", "trao tặng", "tặng", "hỗ trợ", "ủng hộ", "đóng góp", "sponsor", "sponsored",
     "supported", "donated", "funded"]
)  # fmt: skip


def _gives(sentence: str) -> bool:
    """Whether ``sentence`` says something is given (``_GIVING``) other than after a negation in its clause: "phụ
    huynh không phải đóng góp" gives nothing."""
    return any(not negated(sentence, m.start()) for m in _GIVING.finditer(sentence))


# … or hires under its own name: "đi xe của Công ty TNHH Vận tải X do nhà trường thuê", "Ban tổ chức thuê âm thanh của
# Công ty Y", "hired by the school", typed with or without diacritics ("BTC THUE …") (not participants renting: "thí
# sinh thuê trang phục tại cửa hiệu Z" is a service they must buy).
_HIRED_BY_THE_UNIT = re.compile(
    r"(?:"
    + any_phrase(["nhà trường", "ban tổ chức", "btc", "liên đội", "phòng gd&đt", "phòng gd", "phòng giáo dục",
                  "phòng giáo dục và đào tạo", "sở gd&đt", "sở giáo dục", "sở giáo dục và đào tạo", "the school",
                  "the department", "the organisers", "the organizers"]).pattern
    + r")\s+(?:(?:đã|da)\s+)?(?:"
    + any_phrase(["thuê", "hires", "hired", "rents", "rented"]).pattern
    + r")|(?<![^\W_])(?:hired|rented)\s+by\s+the\s+(?:school|department|organisers|organizers)(?![^\W_])"
)  # fmt: skip


def procured(text: str, start: int, end: int) -> bool:
    """Whether the part of a sentence that holds ``text[start:end]`` says the unit buys from it (``_PROCURED``) or
    hires it (``_HIRED_BY_THE_UNIT``), in a part that binds no participant ("Thí sinh phải mua sắm … tại Công ty X"
    binds) and a sentence where nothing is given (``_gives``)."""
    part_end = _PART_END.search(text, end)
    part_start = max([0, *(m.end() for m in _PART_END.finditer(text, 0, start))])
    part = lower(text[part_start : part_end.start() if part_end else len(text)])
    # a gift anywhere in the sentence, not only in the part: "Nhà trường thuê xe của Công ty X, do công ty hỗ trợ một
    # nửa chi phí"
    sentence_end = _SENTENCE_END.search(text, end)
    sentence_start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, start))])
    sentence = lower(text[sentence_start : sentence_end.start() if sentence_end else len(text)])
    bought = _PROCURED.search(part) is not None or _HIRED_BY_THE_UNIT.search(part) is not None
    # binding stays the part's ("…, thí sinh không phải mang máy" binds nobody to the supplier)
    return bought and _BINDS_OR_SPONSORS.search(part) is None and not _gives(sentence)


# The bank or treasury that keeps an account named before it in its sentence ("chuyển khoản vào tài khoản của Trường
# THPT X số 0191000123456 tại Ngân hàng TMCP Y", "STK: 0123456789 - Ngân hàng Z", "the school's account at Bank W"):
# whoever the money goes to is the account's holder, named on its own; the bank collects nothing and anyone may pay
# from any bank. Not when participants open an account there ("mở tài khoản tại Ngân hàng X": its product used),
# nor in a sentence that says who sponsors.
_ACCOUNT = any_phrase(["tài khoản", "số tk", "stk", "account", "account number"])
_OPENS_ACCOUNT = any_phrase(["mở tài khoản", "mở một tài khoản", "đăng ký tài khoản", "open an account", "open a"])
# "tại", "ở", "at" or a dash before the bank, with or without diacritics; not "của": the bank's own account
_KEPT_AT = re.compile(r"(?:\s(?:mở\s+tại|mo\s+tai|tại|tai|ở|qua|at|with|in)|\s*[-–:,(])\s*$")
_BANK = re.compile(r"(?:ngân hàng|ngan hang|kho bạc|kho bac|bank)(?![^\W_])")
_BANK_WORD = re.compile(r"\S*bank", re.IGNORECASE)  # "Agribank", "MB Bank", "Asia Commercial Bank"
_ACCOUNT_REACH = 120  # characters: an account's holder and number stand between the account and its bank


def _reads_as_bank(name: str) -> bool:
    """Whether ``name`` says it is a bank: ``_BANK`` begins it or a word of it ends in "bank" ("Ngân hàng X",
    "Agribank", "MB Bank")."""
    return _BANK.match(lower(name)) is not None or any(_BANK_WORD.fullmatch(word) for word in name.split())


def _listed_bank(name: str, brands: BrandList | None) -> bool:
    """Whether a listed brand that is a bank by one of its names begins ``name``: a bank known by its initials
    ("BIDV", "VCB", "TCB") is the bank its other names say ("Ngân hàng Đầu tư và Phát triển Việt Nam", "Vietcombank",
    "Techcombank")."""
    # Without the list in use (a fee's or a handover's sentence read alone), the shipped one knows the banks.
    mentions = (brands or default_brands()).find(name)
    if not mentions or mentions[0].start != 0:
        return False
    brand = mentions[0].brand
    return any(_reads_as_bank(n) for n in (brand.name, *brand.aliases))


def an_accounts_bank(text: str, start: int, end: int, brands: BrandList | None = None) -> bool:
    """Whether ``text[start:end]`` is a bank (``_reads_as_bank``, a listed brand that is a bank by another of its
    names: ``_listed_bank``, "BIDV", or a known company marked a bank: ``known_companies.is_known_bank``, "ACB")
    named as where an account of its sentence
    is kept (``_ACCOUNT`` before it within ``_ACCOUNT_REACH``, then "tại", "ở", "at" or a dash), where participants
    open no account (``_OPENS_ACCOUNT``) and nothing is given (``_gives``):
    "phải chuyển khoản vào tài khoản của nhà trường tại Ngân hàng X" binds participants to pay the school, from any
    bank."""
    name = text[start:end]
    bank = _reads_as_bank(name) or _listed_bank(name, brands) or is_known_bank(name, companies_of(brands))
    if not name.strip() or not bank:
        return False
    sentence_start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, start))])
    sentence_end = _SENTENCE_END.search(text, end)
    before = lower(text[max(sentence_start, start - _ACCOUNT_REACH) : start])
    sentence = lower(text[sentence_start : sentence_end.start() if sentence_end else len(text)])
    accounts = list(_ACCOUNT.finditer(before))
    return (
        bool(accounts)
        and _KEPT_AT.search(before) is not None
        and _OPENS_ACCOUNT.search(before) is None
        and not _gives(sentence)
    )


def in_an_exercise(text: str, start: int, end: int) -> bool:
    """Whether the sentence that holds ``text[start:end]`` is an exercise's statement (``_EXERCISE_LABEL``,
    ``_EXERCISE_ASKS``) that neither binds participants, asks them to buy, install, register for, like or follow
    (``mention_reading.imperative``) nor names a sponsor: the company is what is asked about."""
    sentence_end = _SENTENCE_END.search(text, end)
    start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, start))])
    sentence = lower(text[start : sentence_end.start() if sentence_end else len(text)])
    asks = _EXERCISE_LABEL.match(sentence) is not None or _EXERCISE_ASKS.search(sentence) is not None
    # "Các em hãy theo dõi kênh của X" asks the reader to follow, not to solve: no exercise
    asks_to_follow = any(imperative(part) for part in re.split(r"[:,]", sentence))
    return asks and _BINDS_OR_SPONSORS.search(sentence) is None and not asks_to_follow and not SELLING.search(sentence)


def an_exercises_story(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands in a sentence that begins with an exercise's label ("Câu 2:", "Bài 3.",
    "Câu hỏi mẫu:") and is an exercise's statement (``in_an_exercise``): a brand there is what the exercise asks
    about ("Câu hỏi mẫu: Mẹ mua cho Lan 3 lốc sữa X…"), as in a problem's statement (``exercise_text``)."""
    sentence_start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, start))])
    return _EXERCISE_LABEL.match(lower(text[sentence_start:start])) is not None and in_an_exercise(text, start, end)


# "Học sinh chọn một doanh nghiệp Việt Nam, ví dụ X, và viết bài phân tích…": X is one business an essay may be
# about, named after an example's word that follows one business of no name; what is asked is to write or study.
_EXAMPLE = re.compile(
    r"(?:" + any_phrase(["ví dụ", "chẳng hạn", "chẳng hạn như", "như là", "e.g.", "such as", "for example",
                         "for instance"]).pattern + r")[\s:,(]*"
    # … or a later item of its list: "chẳng hạn Biti's hoặc X".
    r"(?:[^\s,.;]+(?:\s+[^\s,.;]+){0,2}\s*(?:,|\s(?:hoặc|hay|và|or|and))\s*){0,3}$"
)  # fmt: skip
_ONE_BUSINESS = re.compile(
    r"(?:" + any_phrase(["một", "mỗi", "a", "an", "one", "each"]).pattern + r")\s+(?:"
    + any_phrase(["doanh nghiệp", "công ty", "tập đoàn", "thương hiệu", "hãng", "company", "business", "brand",
                  "corporation"]).pattern + r")"
)  # fmt: skip
_STUDYING = any_phrase(
    ["viết", "tìm hiểu", "phân tích", "nghiên cứu", "trình bày", "thuyết trình", "write", "research", "analyse",
     "analyze", "study"]
)  # fmt: skip


def a_topics_example(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is given as an example (``_EXAMPLE``, right before it) of one business of no name
    (``_ONE_BUSINESS``, earlier in its sentence) in a sentence that asks to write about or study it and neither
    binds participants nor says who sponsors."""
    sentence_end = _SENTENCE_END.search(text, end)
    sentence_start = max([0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, start))])
    before = lower(text[sentence_start:start])
    sentence = lower(text[sentence_start : sentence_end.start() if sentence_end else len(text)])
    example = _EXAMPLE.search(before)
    return (
        example is not None
        and _ONE_BUSINESS.search(before, 0, example.start()) is not None
        and _STUDYING.search(sentence) is not None
        and _BINDS_OR_SPONSORS.search(sentence) is None
    )


# Where someone works, said right before a name: "mẹ con làm công nhân ở X", "bố làm việc tại X", "chú em là kỹ sư
# của X", "my dad works at X". A parent's or a character's job names the employer, not a product anyone is to use.
_WORKS_AT = re.compile(
    r"(?<![^\W_])(?:(?:làm|lam)(?:\s+(?:việc|viec|công nhân|cong nhan|nhân viên|nhan vien|kỹ sư|ky su|kĩ sư|ki su))?"
    r"|(?:công tác|cong tac)|(?:là|la)\s+(?:công nhân|cong nhan|nhân viên|nhan vien|kỹ sư|ky su|kĩ sư|ki su)"
    r"|works?|worked|working(?:\s+as\s+an?\s+[^\W\d_]+)?)"
    r"\s+(?:ở|o|tại|tai|của|cua|at|for)\s+$"
)


def a_workplace(text: str, start: int) -> bool:
    """Whether what begins at ``text[start]`` is named as where someone works (``_WORKS_AT`` right before it)."""
    return _WORKS_AT.search(lower(text[max(0, start - 40) : start])) is not None
