"""Where a proposal's text names a business by the role it gives it, besides a sponsor's title and the agent of a
verb of sponsoring (``text_businesses``): the subject of a verb of sponsoring the event or giving to its participants
("Siêu thị Minh Anh tài trợ cho hội thi"), the other items of a list of sponsors, where something is had or bought
and whom a fee is paid to ("nộp cho Trung tâm Tin học Sao Việt"), what participants are asked to buy from, install,
register for, like or follow, a co-organiser ("phối hợp với Samsung Việt Nam") and a programme named after a listed
brand the contest is part of; and whether a party's name is a business's by a brand of the Sở's list or a known
company (``is_listed_business``). Each finder returns ``Named`` mentions; ``text_businesses.named_businesses`` puts
them together and leaves out what is negated or made up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .brands import BrandList
from .business_names import name_after
from .company_products import ASKING, BUYING_WORDS
from .known_companies import begins_with_company, companies_of, names_company
from .mention_reading import CLAUSE_END, RELEASE, SELLING, binds
from .party_names import (
    KIND_HEAD,
    OWNED,
    SELLER_HEAD,
    after_spaces,
    company_fund,
    named_by_kind,
    paid_centre_end,
    shop_name_end,
    sponsor_name_end,
)
from .vietnamese_text import any_phrase, is_syllable, lower

# The subject of a verb of sponsoring whose object is the event is a sponsor: "Nhà mạng Vinaphone đồng hành cùng
# cuộc thi", "Siêu thị Minh Anh tài trợ cho hội thi" (its name fills the clause up to the verb, its branch too).
_SPONSORS_EVENT = re.compile(
    r"\s+(?:"
    + any_phrase(
        ["đồng hành cùng", "đồng hành với", "tài trợ cho", "đồng tài trợ cho", "bảo trợ cho", "tài trợ"]
    ).pattern
    + r")\s+(?:"
    + any_phrase(["cuộc thi", "hội thi", "chương trình", "giải", "giải đấu", "ngày hội", "sân chơi", "hội diễn",
                  "hội khỏe", "the contest", "the competition", "the event"]).pattern
    + r")(?![^\W_])"
)  # fmt: skip
# So is the subject of a verb of giving whose receivers, a few words on, are the participants or the event:
# "Cửa hàng X tặng vở cho thí sinh đạt giải", "Nhà sách Y trao tặng 30 suất quà cho các em học sinh".
_GIVES_TO_PARTICIPANTS = re.compile(
    r"\s+(?:"
    + any_phrase(["tặng", "trao tặng", "ủng hộ", "tài trợ", "hỗ trợ", "đóng góp"]).pattern
    + r")\s+(?:[^\s.,;:!?]+\s+){0,6}?cho\s+(?:các\s+)?(?:em\s+)?(?:"
    + any_phrase(["cuộc thi", "hội thi", "chương trình", "giải đấu", "ngày hội", "thí sinh", "học sinh", "đội thi",
                  "vận động viên", "the contest", "the event", "participants", "contestants"]).pattern
    + r")(?![^\W_])"
)  # fmt: skip
# The subject's clause begins after a sentence's end or an opening phrase's comma ("Năm nay, cửa hàng X …").
_OPENING_END = re.compile(r"[.!?;,:](?:\s|$)|\n")
# A co-organiser named in the text ("phối hợp với Samsung Việt Nam tổ chức"): a business when its name begins with a
# brand of the Sở's list or with what only a business is (a shop, a chain, a brand; not "trung tâm", "hệ thống" or
# "ngân hàng", which may be public). A legal form is found wherever it stands. A publisher that organises is taken
# for a business, as one that sponsors is: most publishers are state companies ("Nhà xuất bản Giáo dục Việt Nam",
# the Ministry's), and a company, state-owned or not, is reported to the Sở; its books given or read are no party.
_CO_ORGANISING = any_phrase(["phối hợp với", "phối hợp cùng", "hợp tác với", "liên kết với", "cùng phối hợp với"])
_PUBLISHER = any_phrase(["nhà xuất bản", "nxb"])
# A programme or a project that the contest is part of, named after a brand of the list, is the brand's company's
# taking part ("trong khuôn khổ chương trình Samsung Innovation Campus", "as part of the Viettel Digital Talent
# programme"); "chương trình" alone may be a program, software ("chương trình Microsoft Word"), so the contest's
# being part of it is what tells.
_PART_OF = re.compile(
    r"(?<![^\W_])(?:"
    + any_phrase(
        ["trong khuôn khổ", "khuôn khổ", "thuộc", "nằm trong", "hưởng ứng", "as part of", "part of", "within"]
    ).pattern
    + r")\s+(?:(?:the|của)\s+)?(?:(?:"
    + any_phrase(["chương trình", "dự án", "sáng kiến", "programme", "program", "project", "initiative"]).pattern
    + r")\s+)?[\"'“«]*"
)
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
# Whom a fee is paid to: "nộp lệ phí 50.000đ cho Trung tâm X", "chuyển khoản về tài khoản Trung tâm X".
_PAID_TO = any_phrase(["cho", "về", "vào tài khoản", "về tài khoản", "tài khoản của", "tài khoản", "to"])
_ASKED_REACH = 4  # words between what participants are asked to do and the business named by what it is
# A business's branch is the business: "do Agribank chi nhánh Thanh Hà trao tặng", "do Viettel CN Cẩm Giàng tặng".
_BRANCH = re.compile(r"\s+(?:" + any_phrase(["chi nhánh", "cn"]).pattern + r")(?:\s+(?:tại|tai))?\s+")


@dataclass(frozen=True)
class Named:
    """A business named at ``text[start:end]`` (``name``: as written), or a sponsor spoken of without a name
    (``name`` empty); ``sponsor``: named by a sponsor's title ("Nhà tài trợ: X", "sự đồng hành của X")."""

    start: int
    end: int
    name: str
    sponsor: bool = False


def is_listed_business(name: str, brands: BrandList) -> bool:
    """Whether ``name`` is a business's by a brand of ``brands``: the brand begins it ("Viettel Hải Dương", "VNPT
    Hải Dương", "Agribank chi nhánh Thanh Hà": a company, whoever owns it) or it is a fund, a school or a centre
    named after one ("Quỹ Vingroup", "Trường Đại học FPT": ``party_names.OWNED``); by a known company in the same
    way (``_known_company``: "Grab Vietnam", "Quỹ Học bổng Bảo Việt"); or a company's fund by its coined name
    (``company_fund``), listed or not."""
    if company_fund(name) or _known_company(name, brands):
        return True
    mentions = brands.find(name)
    if not mentions:
        return False
    return not name[: mentions[0].start].strip() or OWNED.match(lower(name.strip())) is not None


def _known_company(name: str, brands: BrandList) -> bool:
    """Whether ``name`` is a known company's (``known_companies``): the company begins it ("Grab Vietnam",
    "Petrolimex Hải Dương") or it is a fund, a school or a centre named after one ("Quỹ Học bổng Bảo Việt", "Trung
    tâm Anh ngữ ILA Hà Tĩnh": ``party_names.OWNED``)."""
    companies = companies_of(brands)
    return begins_with_company(name, companies) or (
        OWNED.match(lower(name.strip())) is not None and names_company(name, companies)
    )


def listed_after(text: str, low: str, folded: str, start: int, brands: BrandList | None) -> list[Named]:
    """The businesses among the other items of a list whose first item begins at ``start``, after a sponsor's
    title, up to the end of its sentence: "Nhà tài trợ: Hội Khuyến học, cửa hàng Hoa Mai và Nhà sách Minh Khai"
    (a joint inside a name is no joint: "Department of Education and Training")."""
    stop_at = _LIST_END.search(text, start)
    stop = stop_at.start() if stop_at else len(text)
    found: list[Named] = []
    item, item_end = start, sponsor_name_end(text, low, folded, start, brands)
    for _ in range(_LIST_ITEMS):
        joint = _LIST_JOINT.search(text, max(item_end or item, name_after(text, item)), stop)
        if joint is None:
            break
        item = joint.end()
        item_end = sponsor_name_end(text, low, folded, item, brands)
        if item_end is not None and item_end > item:
            found.append(Named(item, item_end, text[item:item_end], sponsor=True))
    return found


def sellers(text: str, low: str, folded: str, prize: bool) -> list[Named]:
    """The businesses named as where something is had or whose it is (``_SOLD_AT``): in a ``prize``, by what they
    are ("tại Trung tâm Anh ngữ Apollo"); in a clause that binds participants to buy or pays a fee, also by a coined
    name ("phải mua sách của First News", "phải mua đồng phục tại cửa hàng Thể thao Minh Anh", "đóng phí thi tại
    Trung tâm Anh ngữ Apollo"; not "mua vé tại Hải Dương"); and whom a fee is paid to ("nộp cho X"), also a centre
    by its own name (``paid_centre_end``: "Phí tham dự 50.000đ, nộp cho Trung tâm Tin học Sao Việt")."""
    found = []
    triggers = [(at, False) for at in _SOLD_AT.finditer(low)] + [(to, True) for to in _PAID_TO.finditer(low)]
    for at, paid_to in triggers:
        start = after_spaces(text, at.end())
        clause_start = max([0, *(m.end() for m in CLAUSE_END.finditer(text, 0, at.start()))])
        clause = low[clause_start : at.start()]
        paid = _PAYING.search(clause) is not None
        bought = (_BUYING.search(clause) is not None and binds(clause)) or paid
        if (paid_to and not paid) or (not paid_to and not prize and not bought):
            continue
        if paid_to:  # a centre by a coined word or a name of its own, a shop by what it is
            end = named_by_kind(text, start) or paid_centre_end(text, low, folded, start)
        else:
            end = shop_name_end(text, low, folded, start, SELLER_HEAD)
        if end is None and bought and not (paid_to and KIND_HEAD.match(low, start)):  # not "Trung tâm GDTX X"
            named_end = sponsor_name_end(text, low, folded, start, None)
            if named_end is not None and named_end > start:
                coined = not all(map(is_syllable, text[start:named_end].split()))
                end = named_end if coined else None
        if end is not None:
            found.append(Named(start, end, text[start:end]))
    return found


def asked_or_sold(text: str, low: str) -> list[Named]:
    """The businesses named by what they are (``named_by_kind``) that participants are asked to buy from, install,
    register for, like or follow, within a few words after the verb in a clause that binds them ("Quét mã QR để like
    fanpage Nhà sách Minh Khai", "phải tham gia khóa học tại Trung tâm Anh ngữ Apollo"), or that a sentence selling
    names ("Hotline tư vấn khoá học lập trình của Trung tâm Tin học MindX": ``mention_reading.SELLING``)."""
    found = []
    starts = [0, *(m.end() for m in CLAUSE_END.finditer(text))]
    for begin, stop in zip(starts, [*starts[1:], len(text)], strict=True):
        clause = low[begin:stop]
        selling = SELLING.search(clause) is not None
        bound = binds(clause) and not RELEASE.search(clause)
        verbs = [begin + verb.end() for verb in ASKING.finditer(clause)] if bound else []
        if not selling and not verbs:
            continue
        for head in KIND_HEAD.finditer(low, begin, stop):
            near = any(v <= head.start() and len(text[v : head.start()].split()) <= _ASKED_REACH for v in verbs)
            end = named_by_kind(text, head.start()) if selling or near else None
            if end is not None:
                found.append(Named(head.start(), end, text[head.start() : end]))
    return found


def co_organisers(text: str, low: str, folded: str, brands: BrandList | None) -> list[Named]:
    """The co-organisers ``text`` names that are businesses by what they are (``named_by_kind``) or by a brand of
    ``brands`` that begins their name (``_CO_ORGANISING``)."""
    found = []
    for link in _CO_ORGANISING.finditer(low):
        start = after_spaces(text, link.end())
        end = named_by_kind(text, start)
        if end is None:
            end = shop_name_end(text, low, folded, start, _PUBLISHER)
        if end is None and brands is not None:
            named_end = sponsor_name_end(text, low, folded, start, brands)
            if named_end is not None and named_end > start and is_listed_business(text[start:named_end], brands):
                end = named_end
        if end is not None:
            found.append(Named(start, end, text[start:end]))
    return found


def past_branch(text: str, low: str, name_end: int) -> int:
    """Where a verb may stand after a sponsor's name ending at ``name_end``: past its branch when one follows
    ("Agribank chi nhánh Kiến Xương …"), else at ``name_end``."""
    if (branch := _BRANCH.match(low, name_end)) and (branch_end := name_after(text, branch.end())) > branch.end():
        return branch_end
    return name_end


def event_sponsors(text: str, low: str, folded: str, brands: BrandList | None) -> list[Named]:
    """The sponsors named as the subject of a verb of sponsoring the event (``_SPONSORS_EVENT``) or of giving to its
    participants (``_GIVES_TO_PARTICIPANTS``) whose name, a business's by ``sponsor_name_end``, fills its clause
    (from a sentence's start or an opening phrase's comma) up to the verb (after its branch: "Agribank chi nhánh
    Kiến Xương đồng hành cùng cuộc thi"); not people, public bodies or the school's own ("Đoàn Thanh niên …"), and
    each once."""
    found: list[Named] = []
    for verb in [*_SPONSORS_EVENT.finditer(low), *_GIVES_TO_PARTICIPANTS.finditer(low)]:
        clause_start = max([0, *(m.end() for m in _OPENING_END.finditer(text, 0, verb.start()))])
        start = after_spaces(text, clause_start)
        name_end = sponsor_name_end(text, low, folded, start, brands)
        if name_end is None or name_end == start:
            continue
        verb_at = past_branch(text, low, name_end)
        if verb.start() in (name_end, verb_at) and not any(n.start == start for n in found):
            found.append(Named(start, name_end, text[start:name_end], sponsor=True))
    return found


def programmes(text: str, low: str, folded: str, brands: BrandList | None) -> list[Named]:
    """The programmes named after a brand of ``brands`` that the contest is part of (``_PART_OF``): their company's."""
    found: list[Named] = []
    if brands is None:
        return found
    for frame in _PART_OF.finditer(low):
        start = frame.end()
        end = sponsor_name_end(text, low, folded, start, brands)
        if end is not None and end > start and is_listed_business(text[start:end], brands):
            found.append(Named(start, end, text[start:end]))
    return found
