"""Finding where a proposal requires participants to buy, install, register for or use a product or service of a
business it names (its proposer, an organiser or a sponsor), whether or not the brand is on the Sở's list.

A company's own app, device or paid course is its product: "thí sinh phải cài đặt ứng dụng của Công ty X", "bắt buộc
mua khóa học của X", "đăng ký tài khoản trên nền tảng của nhà tài trợ", "phải like fanpage của nhà tài trợ", "sưu tầm
vỏ hộp sản phẩm của nhà tài trợ" (collecting its labels is buying its products). A requirement is a clause that binds
participants (an obligation, or participants as its subject doing something: ``mention_reading.binds``; any clause
of the participant requirements) with no release (``mention_reading.RELEASE``), a verb of buying, installing,
registering, liking or following, or using, and after it, within a few words, the business: by its name, or as "the
sponsor" / "the company". Between the verb and the business stands a product ("ứng dụng", "thiết bị", "khóa học",
...), or the verb is buying (what is bought names its seller: "mua bộ đề của X", "mua 01 hộp màu sáp X"), unless the
business follows the verb at once ("phải dùng X").

A company that merely funds the contest ("Công ty X tài trợ 50 triệu đồng", "giải thưởng do X trao") requires
nothing of anyone: that is screening's S8-BUSINESS, not this. Matching ignores case and diacritics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .business_names import KIND_HEADS, TRADE_WORDS
from .mention_reading import CLAUSE_END, FOLLOW_OA, SELLING, binding_clauses
from .vietnamese_text import any_phrase, fold, is_syllable, lower

# How far after its verb a business may stand, in words, and how close when no product stands between.
_REACH_WORDS = 12
_NEAR_WORDS = 2

# Verbs, strongest first (the strongest in a requirement names it), as mention_reading.required_verb names them.
# Buying a service is buying: "phải in ảnh dự thi tại Studio X", "thuê trang phục của cửa hàng Y".
BUYING_WORDS = ["mua", "đặt mua", "buy", "purchase", "pay for", "in ảnh", "in ấn", "rửa ảnh", "chụp ảnh", "thuê",
                "đặt may", "may đồng phục", "hire", "rent"]  # fmt: skip
_VERB_WORDS = {
    "buy": [*BUYING_WORDS, "trang bị", "sưu tầm", "thu thập", "collect"],
    "install": ["cài", "cài đặt", "tải về", "tải xuống", "tải ứng dụng", "tải app", "install", "download"],
    "register for": ["đăng ký", "đăng kí", "đăng nhập", "tạo tài khoản", "mở tài khoản", "có tài khoản", "tham gia",
                     "mở thẻ", "làm thẻ", "register", "sign up", "log in", "subscribe"],
    "follow": ["thích", "bấm thích", "like", "chia sẻ", "share", "theo dõi", "follow", "tương tác", *FOLLOW_OA,
               # posting on its page: "đăng ảnh lên fanpage của X"
               "đăng lên", "đăng tải lên", "đăng ảnh lên", "đăng bài lên", "đăng video lên", "post on", "post to"],
    # Wearing or showing a business's logo advertises it: "phải mặc áo in logo của nhà tài trợ".
    "display": ["mặc", "đeo", "gắn", "dán", "in logo", "wear", "display"],
    "use": ["sử dụng", "dùng", "thi trên", "làm bài trên", "học trên", "thiết kế trên", "xây dựng trên", "lập trình",
            "triển khai trên", "use", "using", "build on", "built on", "deploy on", "deployed on"],
}  # fmt: skip
_VERBS = [(verb, any_phrase(words)) for verb, words in _VERB_WORDS.items()]
# What participants may be asked to do with a business other than use it: buy from it, install, register for,
# like or follow, wear (text_businesses reads the business named after one of these by what it is).
ASKING = any_phrase([word for verb, words in _VERB_WORDS.items() if verb != "use" for word in words])
_PRODUCTS = any_phrase(
    ["ứng dụng", "app", "phần mềm", "nền tảng", "website", "trang web", "tài khoản", "thiết bị", "máy", "máy tính",
     "điện thoại", "máy tính bảng", "khóa học", "khoá học", "khóa", "khoá", "lớp học", "sản phẩm", "dịch vụ",
     "gói cước", "gói",
     "bộ kit", "kit", "sách", "giáo trình", "học liệu", "sim", "công cụ", "hệ thống", "cổng thông tin",
     "application", "device", "course", "platform", "account", "product", "service", "software", "phone",
     "subscription", "fanpage", "kênh", "page", "channel", "bài viết", "nhãn", "vỏ hộp", "vỏ chai", "bao bì",
     "nắp chai", "label", "labels", "packaging", "voucher", "phiếu mua hàng", "thẻ quà tặng", "bộ quà", "quà tặng",
     "gift", "gifts", "phần quà", "suất quà", "giỏ quà", "hộp quà", "túi quà", "thẻ", "card", "bút", "vở", "dụng cụ",
     "đồ dùng", "văn phòng phẩm", "đêm nghỉ", "kỳ nghỉ",
     "pen", "pens", "logo", "biểu trưng", "khẩu hiệu", "slogan"]
)  # fmt: skip
# "nội dung" (content) is not "dùng" (use) typed without diacritics.
_NOT_A_VERB = re.compile(r"(?<!\w)n[ộo]i\s+$")
_SPONSOR_REFS = any_phrase(
    ["nhà tài trợ", "đơn vị tài trợ", "nhà đồng hành", "đơn vị đồng hành", "the sponsor", "sponsor", "sponsors"]
)
_COMPANY_REFS = any_phrase(["công ty", "doanh nghiệp", "hãng", "tập đoàn", "the company", "company"])
# Words of a company's name that say what kind of company it is, not which: left off to find its short name.
_LEGAL_WORDS = (
    "cong ty", "tnhh", "mot thanh vien", "mtv", "co phan", "cp", "tap doan", "chi nhanh", "jsc", "co", "ltd",
    "company", "corporation", "corp", "inc", "group", "limited", "llc",
)  # fmt: skip
_EDGE_WORD = re.compile(r"^(?:" + "|".join(w.replace(" ", r"\s+") for w in _LEGAL_WORDS + TRADE_WORDS) + r")(?!\w)")
# English names put those words last ("Kinderworld Education Co., Ltd", "Sao Mai Education Joint Stock Company").
_ENGLISH_TRADE_WORDS = (
    "education", "educational", "technology", "technologies", "tech", "joint stock company", "joint stock",
    "trading", "services", "service", "solutions", "software", "media", "international", "investment",
    "development", "communications", "telecom", "learning", "publishing", "vietnam", "and",
)  # fmt: skip
_KIND_WORDS = _LEGAL_WORDS + TRADE_WORDS + _ENGLISH_TRADE_WORDS
_TAIL_WORD = re.compile(r"(?:^|\s)(?:" + "|".join(w.replace(" ", r"\s+") for w in _KIND_WORDS) + r")$")
# Words after which a name's capitalised end says where the business is or serves, not which it is: "Công ty Điện
# lực Hải Dương", "Công ty CP Sách Giáo dục tại thành phố Hà Nội", "Xổ số kiến thiết Hải Dương".
_WHERE_IT_SERVES = re.compile(
    r"(?<!\w)(?:tinh|huyen|thanh pho|tp|quan|thi xa|xa|phuong|mien|vung|khu vuc|tai|dien luc|cap nuoc|nuoc sach"
    r"|thoat nuoc|buu dien|xo so kien thiet|moi truong do thi|cong trinh do thi|do thi)$"
)
# A name's first word this long that cannot be a Vietnamese syllable is a coined word, the name people use
# ("Brightstar" for "Brightstar English Co., Ltd", "Sunrise" for "Sunrise Academy"), whatever trade word follows.
_COINED_MIN = 5
_INITIALS_MIN = 3


@dataclass(frozen=True)
class Business:
    """A business the proposal names, with its roles in it ("proposer", "organiser", "sponsor")."""

    name: str
    roles: tuple[str, ...]
    entered: bool = True  # entered as a business (not only named as one)


@dataclass(frozen=True)
class Requirement:
    """``businesses`` (names) whose product participants must ``verb``, said at ``text[start:end]``."""

    businesses: tuple[str, ...]
    verb: str
    start: int
    end: int
    text: str


def short_names(name: str) -> list[str]:
    """The folded names a text may call the business by: the whole name, each part of it ("A - B", "A (B)")
    without the words of its legal form and trade, before or after it ("Công ty CP Giáo dục Trí Việt" → "tri viet",
    "Kinderworld Education Co., Ltd" → "kinderworld"), and its first word alone when that is a coined word
    ("Brightstar English Co., Ltd" → "brightstar"; never "tri" of "Trí Việt Education"), and the capitalised words
    after the last word in lower case, as a Vietnamese name puts its own name after what the business does
    ("Công ty TNHH Nhiếp ảnh Minh Quang" → "minh quang", "Cong ty CP Van phong pham Sao Khue" → "sao khue")."""
    names = {" ".join(fold(name).split())}
    if own := _own_name(name):
        names.add(own)
    if initials := _initials(name):
        names.add(initials)
    for part in re.split(r"\s[-–]\s|[(),]", fold(name)):
        words = " ".join(re.findall(r"[^\W_]+", part))
        while m := _EDGE_WORD.match(words):
            words = words[m.end() :].strip()
        while tail := _TAIL_WORD.search(words):
            words = words[: tail.start()].strip()
        if words:
            names.add(words)
            first = words.split()[0]
            if len(first) >= _COINED_MIN and first.isalpha() and not is_syllable(first) and first not in _KIND_WORDS:
                names.add(first)
    return sorted(names, key=len, reverse=True)


def _initials(name: str) -> str | None:
    """The folded initials of a foreign name of three capitalised words or more besides its legal form ("aws" for
    "Amazon Web Services", "gcs" for "Green Cloud Systems Co., Ltd"), as such a name is also called; None for
    another name (a Vietnamese one's initials are read as anything)."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if fold(w) not in _LEGAL_WORDS]
    if len(words) < _INITIALS_MIN or not all(w[0].isupper() for w in words) or all(map(is_syllable, words)):
        return None
    return fold("".join(w[0] for w in words))


def _own_name(name: str) -> str | None:
    """The capitalised words of ``name`` after its last word in lower case, folded, unless they say where the
    business serves (``_WHERE_IT_SERVES``); None if there are none."""
    words = re.findall(r"[^\W_]+", name)
    lower_at = [i for i, word in enumerate(words) if word[:1].islower()]
    if not lower_at or not 0 < lower_at[-1] < len(words) - 1:
        return None
    if _WHERE_IT_SERVES.search(fold(" ".join(words[: lower_at[-1] + 1]))):
        return None
    return fold(" ".join(words[lower_at[-1] + 1 :]))


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    businesses: tuple[str, ...]


# A name of several words written as one, as in a web address, a hashtag or a handle ("hoaphathome.vn" for Hòa Phát
# Home), counts when it is at least this long.
_JOINED_MIN = 6


def _refs(text: str, businesses: Sequence[Business]) -> list[_Ref]:
    """Where ``text`` names one of ``businesses``: by name (also with its words run together, "hoaphathome.vn"),
    or as the sponsor, the company or what its name says it is ("nhà sách": ``KIND_HEADS``), in order."""
    folded = fold(text)
    found: list[_Ref] = []
    for business in businesses:
        for short in short_names(business.name):
            words = short.split()
            spellings = [r"\s+".join(re.escape(w) for w in words)]
            if len(words) > 1 and len(joined := "".join(words)) >= _JOINED_MIN:
                spellings.append(re.escape(joined))
            pattern = r"(?<!\w)(?:" + "|".join(spellings) + r")(?!\w)"
            for m in re.finditer(pattern, folded):
                # A one-word short name ("Xanh", "Sao") counts only written as a name, capitalised; initials only
                # in capitals ("AWS", not "aws").
                if short == _initials(business.name):
                    if text[m.start() : m.end()].isupper():
                        found.append(_Ref(m.start(), m.end(), (business.name,)))
                elif " " in short or short == fold(business.name).strip() or text[m.start()].isupper():
                    found.append(_Ref(m.start(), m.end(), (business.name,)))
    sponsors = tuple(b.name for b in businesses if "sponsor" in b.roles)
    low = lower(text)
    by_head: dict[str, list[str]] = {}
    for business in businesses:
        name = " ".join(lower(business.name).split())
        for head in KIND_HEADS:
            if name.startswith(head + " "):
                by_head.setdefault(head, []).append(business.name)
    heads = [(any_phrase([head]), tuple(names)) for head, names in by_head.items()]
    for refs, named in ((_SPONSOR_REFS, sponsors), (_COMPANY_REFS, tuple(b.name for b in businesses)), *heads):
        for m in refs.finditer(low):
            overlaps = any(r.start < m.end() and m.start() < r.end for r in found)
            # A name follows: "Công ty Trí Việt" is found by its name above, and "công ty ABC", a company the
            # proposal does not name, is not one of its businesses.
            if not named or overlaps or text[m.end() :].lstrip()[:1].isupper():
                continue
            found.append(_Ref(m.start(), m.end(), named))
    found.sort(key=lambda r: (r.start, -r.end))
    kept: list[_Ref] = []
    for ref in found:
        if not kept or ref.start >= kept[-1].end:
            kept.append(ref)
    return kept


# An amount written with its thousands' separators is one word: "2.000.000 đồng" is two, not four.
_WORD = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|[^\W_]+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


# What ties a product to its maker: "sản phẩm của X", "sách do X phát hành", "bút mang thương hiệu X".
# "voucher khóa học tại SunKids" is a SunKids course.
# In brackets, the giver of what a prize gives: "10 phần quà (Siêu thị X trao tặng)".
_MAKER = re.compile(
    any_phrase(
        ["của", "do", "mang thương hiệu", "thương hiệu", "hãng", "tại", "of", "from", "by", "made by", "at"]
    ).pattern
    + r"|\("
)
_GIFT_WORDS = 8


def gifts(text: str, businesses: Sequence[Business]) -> list[Requirement]:
    """Where ``text`` (a prize or a sponsor's contribution, NFC) gives participants a product of one of
    ``businesses``: a product, then within a few words its maker ("01 bộ sản phẩm của nhà tài trợ", "phiếu mua
    hàng của Công ty X") or right after it the maker's name ("01 giỏ quà bánh kẹo Hải Châu"). "Giải thưởng do
    Công ty X tài trợ" gives money's worth, not X's product: no product word. The verb of each is "use"."""
    if not businesses or not text:
        return []
    low = lower(text)
    found: list[Requirement] = []
    for ref in _refs(text, businesses):
        products = [
            m for m in _PRODUCTS.finditer(low, 0, ref.start) if _words(text[m.end() : ref.start]) <= _GIFT_WORDS
        ]
        # its maker said ("của X"), or its name right after the product, as a product is called by its maker's
        # ("01 giỏ quà bánh kẹo Hải Châu", "01 SIM Viettel")
        if products and (
            _MAKER.search(low[products[0].end() : ref.start]) or not low[products[-1].end() : ref.start].strip()
        ):
            start = products[0].start()
            found.append(Requirement(ref.businesses, "use", start, ref.end, text[start : ref.end]))
    return found


def requirements(text: str, businesses: Sequence[Business], implied: bool = False) -> list[Requirement]:
    """Every requirement in ``text`` (NFC) that participants buy, install, register for or use a product or
    service of one of ``businesses``; ``implied``: every clause is a requirement (the participant requirements)."""
    if not businesses or not text:
        return []
    found: list[Requirement] = []
    for begin, clause, low in binding_clauses(text, implied):
        verbs = [
            (rank, verb, m.start(), m.end())
            for rank, (verb, pattern) in enumerate(_VERBS)
            for m in pattern.finditer(low)
            if not (verb == "use" and _NOT_A_VERB.search(low[: m.start()]))
        ]
        for ref in _refs(clause, businesses):
            before = [v for v in verbs if v[3] <= ref.start and _words(clause[v[3] : ref.start]) <= _REACH_WORDS]
            linked = [
                v
                for v in before
                if v[1] == "buy"
                or _PRODUCTS.search(low[v[3] : ref.start])
                or _words(clause[v[3] : ref.start]) <= _NEAR_WORDS
            ]
            if not linked:
                continue
            verb = min(linked)[1]  # the strongest
            start = min(v[2] for v in linked)
            found.append(Requirement(ref.businesses, verb, begin + start, begin + ref.end, clause[start : ref.end]))
    return found


def adverts(text: str, businesses: Sequence[Business]) -> list[Requirement]:
    """Where a sentence of ``text`` (NFC) that sells (``mention_reading.SELLING``: "tư vấn khoá học", "chính hãng",
    "mua ngay") names one of ``businesses``: it advertises that business's product or service
    ("Hotline tư vấn khoá học lập trình của Trung tâm Tin học X: 1900 1234"), whether or not anyone must buy. The
    verb of each is "buy"."""
    if not businesses or not text:
        return []
    found: list[Requirement] = []
    starts = [0, *(m.end() for m in CLAUSE_END.finditer(text))]
    for begin, stop in zip(starts, [*starts[1:], len(text)], strict=True):
        sentence = text[begin:stop]
        selling = SELLING.search(lower(sentence))
        if selling is None:
            continue
        for ref in _refs(sentence, businesses):
            start = min(selling.start(), ref.start)
            found.append(Requirement(ref.businesses, "buy", begin + start, begin + ref.end, sentence[start : ref.end]))
    return found
