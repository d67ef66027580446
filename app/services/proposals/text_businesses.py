"""Businesses that a proposal's text names, whether or not the proposal declares them among its parties.

A proposal may say "được tài trợ bởi Công ty TNHH Bình An", "đồng hành cùng Tập đoàn X", "Nhà tài trợ kim cương:
Minh Long Book" or "sponsored by ABC Technology JSC" in its summary or rules and leave the sponsors' list empty;
and a party may be entered as a school or an association while its name says it is a company. ``is_business_name``
tells the latter from the name alone; ``named_businesses`` finds the former in a text:

- a name with a business's legal form: "Công ty …", "Cty …", "Tập đoàn …", "Doanh nghiệp tư nhân …" followed by a
  legal-form word (TNHH, Cổ phần, …) or a capitalised word, or a capitalised name followed by JSC, Co., Ltd, Inc…;
- a sponsor's title followed by a capitalised name: "Nhà tài trợ vàng: Minh Long Book", "với sự đồng hành của
  Trung tâm Bright Kids", "được tài trợ bởi Bright Kids Academy";
- a partner's title followed by a name: "với sự đồng hành cùng Viettel Hải Dương", "đồng hành cùng Bút bi Hải Long";
- the agent of a verb of sponsoring or giving: "do Nhà sách Phương Nam tài trợ", "do X bảo trợ", "do X đồng hành",
  "do Minh Phát Computer trao tặng";
- every business of a list after a sponsor's title: "Nhà tài trợ: Hội Khuyến học, cửa hàng Hoa Mai và Nhà sách X";
- a co-organiser whose name begins with a listed brand or a shop's kind: "phối hợp với Samsung Việt Nam";
- the seller participants must buy from, and where a prize is had: "phải mua đồng phục tại cửa hàng X";
- a fund named after a listed brand: "do Quỹ Vingroup tài trợ" (other funds are associations);
- after a title or as an agent, a name may begin with what the business is, in lower case, before its capitalised
  name: "được tài trợ bởi siêu thị Thế Giới Di Động", "do cửa hàng Minh Anh tài trợ" (``KIND_HEADS``);
- a sponsor spoken of without a name ("do nhà tài trợ trao"), as ``Named`` with ``name`` empty.

"công ty nào", "các công ty công nghệ", "các công ty Nhật Bản" name no business; nor does a sponsor's title followed
by a person ("Nhà tài trợ: ông Trần Văn Hùng", "các nhà hảo tâm", "do Cô Lan tài trợ"), a public body or the
school's own ("do Nhà trường tài trợ", "Liên đội", "Ban giám hiệu", "do Giám đốc Sở trao tặng"), words of a slogan
in title case ("đồng hành cùng Thầy cô", "Ngày hội Đọc sách") or "none" ("Nhà tài trợ: không
có", "Sponsor: none"). A mention after a negation in its clause ("không có công ty nào tài trợ", "không nhận tài
trợ của Công ty X") is left out, and so is a company made up for an exercise ("giả sử em là kế toán của Công ty
TNHH Hoa Mai (công ty giả định)") or named in an exercise's statement ("Câu 4: Công ty A và công ty B…").
Matching ignores diacritics where people type without them; capitals count, as they are what tells a name.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from .brands import BrandList
from .business_names import HEADS, KIND_HEADS, name_after
from .company_products import BUYING_WORDS
from .mention_context import hypothetical, in_an_exercise, negated
from .mention_reading import CLAUSE_END, binds
from .not_businesses import PUBLIC, PUBLIC_TAIL, names_a_person, says_none
from .vietnamese_text import any_phrase, fold, is_syllable, lower

_SPONSOR_TITLE = any_phrase(
    ["nhà tài trợ", "đơn vị tài trợ", "nhà đồng hành", "đơn vị đồng hành", "nhà tài trợ chính", "nhà bảo trợ",
     "đơn vị bảo trợ", "sponsor",
     "sponsors", "sponsored by", "powered by", "in partnership with"]
)  # fmt: skip
_TIERS = any_phrase(
    ["kim cương", "bạch kim", "vàng", "bạc", "đồng", "chính", "độc quyền", "chiến lược", "đồng hành", "diamond",
     "platinum", "gold", "silver", "bronze", "main", "official",
     # What a patron gives rather than how much: "Đơn vị bảo trợ truyền thông: Báo Hải Dương".
     "truyền thông", "chuyên môn", "học thuật", "media", "academic"]
)  # fmt: skip
# Titles that name a sponsor only when a name follows: "với sự đồng hành của Trung tâm Bright Kids", "(được) tài trợ
# bởi X", "đồng hành cùng X" (but "sự đồng hành của các thầy cô", "đồng hành cùng nhà trường" name no one).
_PARTNER_TITLE = any_phrase(
    ["sự đồng hành của", "sự đồng hành cùng", "đồng hành cùng", "sự tài trợ của", "tài trợ bởi", "bảo trợ bởi",
     # Funding said in other words: "dưới sự bảo trợ của Honda Việt Nam", "sự đóng góp kinh phí của Nhà sách X".
     "sự bảo trợ của", "sự hỗ trợ của", "sự hỗ trợ kinh phí của", "sự đóng góp của", "sự đóng góp kinh phí của",
     "sự ủng hộ của", "supported by", "provided by", "funded by", "donated by", "courtesy of"]
)  # fmt: skip
# Between a sponsor's title and the name: a colon or "là", also after the event it sponsors ("Đồng hành cùng
# chương trình: X", "Nhà tài trợ cuộc thi: X").
_LEAD = re.compile(
    r"\s*(?:(?:"
    + any_phrase(["chương trình", "cuộc thi", "hội thi", "ngày hội", "giải", "giải đấu", "the contest", "the event",
                  "the programme", "the program"]).pattern
    + r")\s*(?=[:\-–]))?\s*(?:[:\-–]|là|la|is|are)?\s*(?:the\s+)?"
)  # fmt: skip
# "do X tài trợ", "được X tài trợ", "do X trao tặng", "do X đóng góp": X, the agent of a verb of sponsoring,
# giving or contributing, is a sponsor ("do X phát hành" is not).
_AGENT = any_phrase(["do", "được"])
_SPONSORING = re.compile(
    r"\s+(?:"
    + any_phrase(
        ["tài trợ", "đồng tài trợ", "bảo trợ", "đồng hành", "trao tặng", "trao thưởng", "tặng", "đóng góp", "hỗ trợ",
         "ủng hộ"]
    ).pattern
    + ")"
)  # fmt: skip
_KIND_HEAD = any_phrase(list(KIND_HEADS))
# A co-organiser named in the text ("phối hợp với Samsung Việt Nam tổ chức"): a business when its name begins with a
# brand of the Sở's list or with what only a business is (a shop, a chain, a brand; not "trung tâm", "hệ thống",
# "ngân hàng" or "nhà xuất bản", which may be public). A legal form is found wherever it stands.
_CO_ORGANISING = any_phrase(["phối hợp với", "phối hợp cùng", "hợp tác với", "liên kết với", "cùng phối hợp với"])
# The joints of a list of sponsors, how many items are read and where the list ends.
_LIST_JOINT = re.compile(r"\s*,\s*(?:(?:và|va|and)\s+)?|\s+(?:và|va|and|&)\s+")
_LIST_ITEMS = 6
_LIST_END = re.compile(r"[.;:!?\n]")
# The business where something is had or whose it is: in a prize ("học bổng khóa IELTS tại Trung tâm Anh ngữ
# Apollo", "voucher của Nhà sách Minh Khai") or where participants must buy ("mua đồng phục tại cửa hàng X").
_SOLD_AT = any_phrase(["tại", "của", "at", "from"])
_BUYING = any_phrase(BUYING_WORDS)
# Paying a fee binds by itself: "đóng phí thi 80.000 đồng tại Trung tâm X".
_PAYING = any_phrase(
    ["lệ phí", "phí dự thi", "phí thi", "phí tham dự", "phí tham gia", "đóng phí", "nộp phí", "chuyển khoản", "fee",
     "pay"]
)  # fmt: skip
_SHOP_HEAD = any_phrase([h for h in KIND_HEADS if h not in ("trung tâm", "hệ thống", "ngân hàng", "nhà xuất bản")])
# A publisher's books as a prize are the books, not the publisher's advertising.
_SELLER_HEAD = any_phrase([h for h in KIND_HEADS if h != "nhà xuất bản"])
_CENTRE = any_phrase(["trung tâm"])
_COINED_MIN = 3
_LISTED_REACH = 60  # how far a brand of the list is looked for where a name in lower case begins
_LEVELS = {"tinh", "huyen", "thanh", "thi", "quan", "xa", "phuong"}  # folded: "tỉnh", "huyện", "thành phố", …
# A business's branch is the business: "do Agribank chi nhánh Thanh Hà trao tặng", "do Viettel CN Cẩm Giàng tặng".
_BRANCH = re.compile(r"\s+(?:" + any_phrase(["chi nhánh", "cn"]).pattern + r")(?:\s+(?:tại|tai))?\s+")
# A fund is a public body's or an association's ("Quỹ Khuyến học"), unless it is a company's, named after a brand of
# the Sở's list ("Quỹ Vingroup", "Quỹ Hỗ trợ Viettel"): that sponsors for its company.
_FUND = any_phrase(["quỹ"])
_LEGAL_TAIL = re.compile(
    r"(?<![^\W_])(?:JSC|J\.S\.C|Co\.?,?\s*Ltd\.?|Company|Corporation|Corp\.?|Inc\.?|LLC|Ltd\.?|GmbH)(?![^\W_])"
)
# A business's name in capitals before its legal-form tail: "ABC Technology JSC".
_CAPITALISED = r"(?:[A-ZĐ0-9][\w&'.-]*\s+){1,6}"
# "các công ty Nhật Bản", "những doanh nghiệp Hải Dương": companies in general, not one of them.
_PLURAL = re.compile(r"(?<![^\W_])(?:cac|nhung|moi|nhieu|mot so|cac loai)\s+$")


@dataclass(frozen=True)
class Named:
    """A business named at ``text[start:end]`` (``name``: as written), or a sponsor spoken of without a name
    (``name`` empty); ``sponsor``: named by a sponsor's title ("Nhà tài trợ: X", "sự đồng hành của X")."""

    start: int
    end: int
    name: str
    sponsor: bool = False


def is_business_name(name: str) -> bool:
    """Whether ``name`` is a business's by its legal form: "Công ty TNHH X", "Tập đoàn X", "X JSC", "X Co., Ltd"."""
    return any(n.name for n in named_businesses(name, negations=False))


def is_listed_business(name: str, brands: BrandList) -> bool:
    """Whether ``name`` is a business's by a brand of ``brands``: the brand begins it ("Viettel Hải Dương", "VNPT
    Hải Dương", "Agribank chi nhánh Thanh Hà": a company, whoever owns it) or it is a fund named after one ("Quỹ
    Vingroup")."""
    mentions = brands.find(name)
    if not mentions:
        return False
    return not name[: mentions[0].start].strip() or _FUND.match(lower(name.strip())) is not None


def _after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _sponsor_name_end(text: str, low: str, folded: str, start: int, brands: BrandList | None) -> int | None:
    """Where a sponsor's name that begins at ``start`` (after its title, or as an agent) ends: ``start`` when no
    name begins there, None when it is a person's, people's or a public body's (but a fund named after a brand of
    ``brands`` is its company's: ``_FUND``). The name may begin with what the business is in lower case
    (``KIND_HEADS``) before its capitalised name."""
    if names_a_person(text, low, folded, start):
        return None
    end = name_after(text, start)
    if end == start and brands is not None:  # a listed brand typed in lower case: "sự đồng hành của vinamilk"
        listed = brands.find(text[start : start + _LISTED_REACH])
        end = start + listed[0].end if listed and listed[0].start == 0 else start
    # What the business is, in lower case or capitalised only in part ("Sieu thi Big C"), before its name.
    kind = _KIND_HEAD.match(low, start)
    kind = kind if kind is not None and end <= kind.end() else None
    if kind is not None:
        name_start = _after_spaces(text, kind.end())
        while (more := _KIND_HEAD.match(low, name_start)) is not None:  # "chuỗi nhà sách Hải Nam Books"
            name_start = _after_spaces(text, more.end())
        named_end = name_after(text, name_start)
        end = named_end if named_end > name_start else start
    # Read from the start of the name, which may stop short of what tells a public body ("Công an tỉnh"), and from
    # its end in English ("Sao Do University").
    if end > start and (PUBLIC.match(low, start) or PUBLIC_TAIL.search(text, start, end)):
        companys = brands is not None and _FUND.match(low, start) and brands.find(text[start:end])
        return end if companys else None
    if kind is None and not _KIND_HEAD.match(low, start) and _common_phrase(text[start:end]):
        return start
    return end


def _common_phrase(name: str) -> bool:
    """Whether ``name``, read after a sponsor's title or as an agent, is Vietnamese words in a sentence's or a
    slogan's case rather than a name: all Vietnamese syllables, and one alone ("đồng hành cùng Thầy cô", "Em vượt
    khó", "Cuộc thi") or in lower case after the first with at most one capitalised word at the end ("Ngày hội Đọc
    sách"). A business's Vietnamese name is capitalised word by word ("Minh Phát", "Tổ Hợp Giáo Dục Sao Việt"),
    ends in a name of two words or more after what it is or sells ("Bút bi Hải Long"), or has a word that is no
    Vietnamese syllable ("Anh ngữ Global Kids")."""
    words = name.split()
    if not words or not all(map(is_syllable, words)):
        return False
    if len(words) == 1:
        return True
    if not words[1][:1].islower():
        return False
    last_lower = max(i for i, word in enumerate(words) if word[:1].islower())
    return len(words) - last_lower - 1 <= 1


def _shop_name_end(text: str, low: str, folded: str, start: int, heads: re.Pattern[str]) -> int | None:
    """Where the name of a business that begins at ``start`` with what it is (one of ``heads``: "Nhà sách Trí
    Đức", "Trung tâm Anh ngữ Apollo") ends, or None: there is none, it is the head alone ("Cửa hàng sách cũ"), a
    public body's (``_sponsor_name_end``) or a centre followed by the level of government it serves ("Trung tâm
    Khoa học và Công nghệ tỉnh")."""
    head = heads.match(low, start)
    if head is None:
        return None
    end = _sponsor_name_end(text, low, folded, start, None)
    if end is None or end <= head.end():
        return None
    if _CENTRE.match(low, start) and _serves_a_level(text, end):
        return None
    return end


def _serves_a_level(text: str, end: int) -> bool:
    """Whether the few words in lower case after a name that ends at ``end`` say the level of government it serves
    ("… Công nghệ tỉnh", "… huyện Cẩm Giàng")."""
    after = re.match(r"(?:\s+[^\W\d_][\w]*){1,3}", text[end:])
    words = after.group().split() if after else []
    lower_words = list(itertools.takewhile(lambda w: w[:1].islower(), words))
    return any(fold(w) in _LEVELS for w in lower_words)


def _listed_after(text: str, low: str, folded: str, start: int, brands: BrandList | None) -> list[Named]:
    """The businesses among the other items of a list whose first item begins at ``start``, after a sponsor's
    title, up to the end of its sentence: "Nhà tài trợ: Hội Khuyến học, cửa hàng Hoa Mai và Nhà sách Minh Khai"
    (a joint inside a name is no joint: "Department of Education and Training")."""
    stop_at = _LIST_END.search(text, start)
    stop = stop_at.start() if stop_at else len(text)
    found: list[Named] = []
    item, item_end = start, _sponsor_name_end(text, low, folded, start, brands)
    for _ in range(_LIST_ITEMS):
        joint = _LIST_JOINT.search(text, max(item_end or item, name_after(text, item)), stop)
        if joint is None:
            break
        item = joint.end()
        item_end = _sponsor_name_end(text, low, folded, item, brands)
        if item_end is not None and item_end > item:
            found.append(Named(item, item_end, text[item:item_end], sponsor=True))
    return found


def _sellers(text: str, low: str, folded: str, prize: bool) -> list[Named]:
    """The businesses named as where something is had or whose it is (``_SOLD_AT``): in a ``prize``, by what they
    are ("tại Trung tâm Anh ngữ Apollo"); in a clause that binds participants to buy or pays a fee, also by a coined
    name ("phải mua sách của First News", "phải mua đồng phục tại cửa hàng Thể thao Minh Anh", "đóng phí thi tại
    Trung tâm Anh ngữ Apollo"; not "mua vé tại Hải Dương")."""
    found = []
    for at in _SOLD_AT.finditer(low):
        start = _after_spaces(text, at.end())
        clause_start = max([0, *(m.end() for m in CLAUSE_END.finditer(text, 0, at.start()))])
        clause = low[clause_start : at.start()]
        bought = (_BUYING.search(clause) is not None and binds(clause)) or _PAYING.search(clause) is not None
        if not prize and not bought:
            continue
        end = _shop_name_end(text, low, folded, start, _SELLER_HEAD)
        if end is None and bought:
            named_end = _sponsor_name_end(text, low, folded, start, None)
            if named_end is not None and named_end > start:
                coined = not all(map(is_syllable, text[start:named_end].split()))
                end = named_end if coined else None
        if end is not None:
            found.append(Named(start, end, text[start:end]))
    return found


def _coined(word: str) -> bool:
    """Whether ``word`` is coined, as a brand's words are: three letters or more, not all capitals, and no
    Vietnamese syllable ("Ocean", "Edu", "Apollo"; not "STEM", "Ngữ")."""
    return len(word) >= _COINED_MIN and word.isalpha() and not word.isupper() and not is_syllable(word)


def named_by_kind(text: str, start: int) -> int | None:
    """Where the name of a business that begins at ``text[start]`` with what it is ends, or None: a shop, a chain,
    a brand ("Nhà sách Trí Đức", "cửa hàng Hoa Mai"), or a centre or a system with a coined word in its name, as a
    private one's has ("Trung tâm Ngoại ngữ Ocean Edu"; a public centre is named in Vietnamese words or initials:
    "Trung tâm GDNN-GDTX", "Trung tâm Khuyến nông")."""
    low, folded = lower(text), fold(text)
    end = _shop_name_end(text, low, folded, start, _SHOP_HEAD)
    if end is None and (centre := _shop_name_end(text, low, folded, start, _KIND_HEAD)) is not None:
        end = centre if any(map(_coined, text[start:centre].split())) else None
    return end


def _co_organisers(text: str, low: str, folded: str, brands: BrandList | None) -> list[Named]:
    """The co-organisers ``text`` names that are businesses by what they are (``named_by_kind``) or by a brand of
    ``brands`` that begins their name (``_CO_ORGANISING``)."""
    found = []
    for link in _CO_ORGANISING.finditer(low):
        start = _after_spaces(text, link.end())
        end = named_by_kind(text, start)
        if end is None and brands is not None:
            named_end = _sponsor_name_end(text, low, folded, start, None)
            if named_end is not None and named_end > start and is_listed_business(text[start:named_end], brands):
                end = named_end
        if end is not None:
            found.append(Named(start, end, text[start:end]))
    return found


def named_businesses(
    text: str, negations: bool = True, brands: BrandList | None = None, prize: bool = False
) -> list[Named]:
    """Every business ``text`` names, and every sponsor it speaks of without a name, in order, none overlapping.
    With ``negations``, a mention after a negation in its clause, in a made-up example or, unless as a sponsor, in
    an exercise's statement, is left out. With ``brands``, a fund named after one of them, or a co-organiser whose
    name one of them begins, is a business. In a ``prize``, so is the business named by what it is as where the
    prize is had ("tại Trung tâm Anh ngữ X"), and anywhere the seller participants must buy from (``_sellers``)."""
    low, folded = lower(text), fold(text)
    found: list[Named] = []
    for head in HEADS.finditer(low):
        if _PLURAL.search(fold(text[max(0, head.start() - 12) : head.start()])) or PUBLIC.match(low, head.start()):
            continue
        end = name_after(text, head.end())
        if end > head.end():
            found.append(Named(head.start(), end, text[head.start() : end]))
    for tail in _LEGAL_TAIL.finditer(text):
        before = re.search(_CAPITALISED + r"$", text[: tail.start()])
        if before and not re.fullmatch(r"Co\.?", tail.group()):
            found.append(Named(before.start(), tail.end(), text[before.start() : tail.end()]))
    titles = [(t, True) for t in _SPONSOR_TITLE.finditer(low)] + [(t, False) for t in _PARTNER_TITLE.finditer(low)]
    for title, unnamed in titles:
        rest = low[title.end() :]
        tier = re.match(r"\s*(?:" + _TIERS.pattern + r")", rest)
        after = title.end() + (tier.end() if tier else 0)
        lead = _LEAD.match(low[after:])
        start = after + (lead.end() if lead else 0)
        # "Nhà tài trợ: không có" names none, but "nhà tài trợ không can thiệp…" speaks of one.
        if bool(lead and lead.group().strip()) and says_none(text, low, start):
            continue
        name_end = _sponsor_name_end(text, low, folded, start, brands)
        if name_end is not None and name_end > start:
            found.append(Named(start, name_end, text[start:name_end], sponsor=True))
        elif name_end is not None and unnamed:
            found.append(Named(title.start(), title.end(), "", sponsor=True))
        found += _listed_after(text, low, folded, start, brands)
    # "do X tặng", and in brackets after what is given: "10 phần quà (Siêu thị X trao tặng)".
    agents = [a.end() for a in _AGENT.finditer(low)] + [m.end() for m in re.finditer(r"\(", text)]
    for agent_end in agents:
        start = _after_spaces(text, agent_end)
        name_end = _sponsor_name_end(text, low, folded, start, brands)
        if name_end is None or name_end == start:
            continue
        verb_at = name_end
        if (branch := _BRANCH.match(low, name_end)) and (branch_end := name_after(text, branch.end())) > branch.end():
            verb_at = branch_end
        if _SPONSORING.match(low, name_end) or _SPONSORING.match(low, verb_at):
            found.append(Named(start, name_end, text[start:name_end], sponsor=True))
    found += _sellers(text, low, folded, prize)
    found += _co_organisers(text, low, folded, brands)
    found.sort(key=lambda n: (n.start, -n.end))
    kept: list[Named] = []
    for named in found:
        if kept and named.start < kept[-1].end:
            if named.sponsor:  # "Nhà tài trợ: Công ty X", "sự đồng hành của Công ty X": X is a sponsor
                kept[-1] = dataclasses.replace(kept[-1], sponsor=True)
            continue
        if negations and (
            negated(text, named.start)
            or hypothetical(text, named.start, named.end)
            or (not named.sponsor and in_an_exercise(text, named.start, named.end))
        ):
            continue
        kept.append(named)
    return kept
