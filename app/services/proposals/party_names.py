"""Where the name of a party that a text names ends, and whether what it is makes it a business: a sponsor's name
after its title or as an agent (``sponsor_name_end``: not a person, a public body or words of a slogan), a shop's,
a centre's or a chain's by what it is (``named_by_kind``, ``shop_name_end``), a centre that a fee is paid to
(``paid_centre_end``) and a company's fund (``company_fund``). ``text_businesses`` finds where such names stand.
"""

from __future__ import annotations

import itertools
import re

from .brands import BrandList
from .business_names import KIND_HEADS, name_after
from .not_businesses import PUBLIC, PUBLIC_TAIL, names_a_person
from .vietnamese_text import any_phrase, fold, is_syllable, lower

KIND_HEAD = any_phrase(list(KIND_HEADS))
_SHOP_HEAD = any_phrase([h for h in KIND_HEADS if h not in ("trung tâm", "hệ thống", "ngân hàng", "nhà xuất bản")])
# A publisher's books as a prize are the books, not the publisher's advertising.
SELLER_HEAD = any_phrase([h for h in KIND_HEADS if h != "nhà xuất bản"])
_CENTRE = any_phrase(["trung tâm"])
_COINED_MIN = 3
_OWN_NAME_WORDS = 2  # "Sao Việt"; a word alone may be what the centre teaches, cut short: "Trung tâm Ngoại ngữ"
_GOODS_WORDS = 3  # what a shop sells, between what it is and its name: "cửa hàng điện thoại Minh Khoa"
_WHOSE_OR_WHERE = {"cua", "tai", "o", "thuoc", "trong", "tren", "gan", "ben"}
_LISTED_REACH = 60  # how far a brand of the list is looked for where a name in lower case begins
# Folded: "tỉnh", "huyện", "thành phố", "thị xã", …; not "thi" alone ("trước ngày thi" is the exam's day).
_LEVELS = re.compile(r"(?<!\w)(?:tinh|huyen|thanh pho|tp|thi xa|thi tran|quan|xa|phuong)(?!\w)")
# A fund is a public body's or an association's ("Quỹ Khuyến học"), unless it is a company's, named after a brand of
# the Sở's list ("Quỹ Vingroup", "Quỹ Hỗ trợ Viettel"): that sponsors for its company.
FUND = any_phrase(["quỹ"])
# So are a school, an academy or a centre named after a brand of the list: the company's ("Trường Đại học FPT",
# "Học viện Viettel"), whatever their head says.
OWNED = any_phrase(["quỹ", "trường", "đại học", "học viện", "viện", "trung tâm"])


def company_fund(name: str) -> bool:
    """Whether ``name`` is a fund named after a company, listed or not: "Quỹ" and a coined word in its name, as a
    corporation's is and a public fund's or an association's is not ("Quỹ Toyota Việt Nam", "Quỹ Tài năng Masan";
    not "Quỹ Khuyến học Hải Dương", "Quỹ Học bổng Vừ A Dính", initials: "Quỹ VIFOTEC"). An English gloss in
    brackets after it is not its name ("Quỹ Châu Á (The Asia Foundation)")."""
    name = name.split("(")[0].strip()
    return FUND.match(lower(name)) is not None and any(map(coined, name.split()[1:]))


def after_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def sponsor_name_end(text: str, low: str, folded: str, start: int, brands: BrandList | None) -> int | None:
    """Where a sponsor's name that begins at ``start`` (after its title, or as an agent) ends: ``start`` when no
    name begins there, None when it is a person's, people's or a public body's (but a fund, a school or a centre
    named after a brand of ``brands`` is its company's: ``OWNED``; so is a fund by its coined name:
    ``company_fund``). The name may begin with what the business is in lower case (``KIND_HEADS``) before its
    capitalised name."""
    if names_a_person(text, low, folded, start):
        return None
    end = name_after(text, start)
    if end == start and brands is not None:  # a listed brand typed in lower case: "sự đồng hành của vinamilk"
        listed = brands.find(text[start : start + _LISTED_REACH])
        end = start + listed[0].end if listed and listed[0].start == 0 else start
    # What the business is, in lower case or capitalised only in part ("Sieu thi Big C"), before its name.
    kind = KIND_HEAD.match(low, start)
    kind = kind if kind is not None and end <= kind.end() else None
    if kind is not None:
        name_start = after_spaces(text, kind.end())
        while (more := KIND_HEAD.match(low, name_start)) is not None:  # "chuỗi nhà sách Hải Nam Books"
            name_start = after_spaces(text, more.end())
        name_start = _past_goods(text, name_start)
        named_end = name_after(text, name_start)
        end = named_end if named_end > name_start else start
    # Read from the start of the name, which may stop short of what tells a public body ("Công an tỉnh"), and from
    # its end in English ("Sao Do University").
    tail = PUBLIC_TAIL.search(text, start, end) if end > start else None
    if end > start and (PUBLIC.match(low, start) or tail):
        owner_kind = tail is not None or OWNED.match(low, start) is not None  # a school, a fund… named after one
        owned = brands is not None and owner_kind and bool(brands.find(text[start:end]))
        return end if owned or company_fund(text[start:end]) else None
    if kind is None and not KIND_HEAD.match(low, start) and _common_phrase(text[start:end]):
        return start
    return end


def _past_goods(text: str, start: int) -> int:
    """Where the capitalised name begins after what a shop sells, in lower case, up to three words after what it is
    ("cửa hàng điện thoại Minh Khoa", "nhà thuốc tây Minh Châu"): ``start`` if no such name follows, or a word
    between says whose or where ("cửa hàng của Minh Khoa", "cửa hàng trong xã Thạch Trung")."""
    words: list[str] = []
    for word in re.finditer(r"[^\W\d_]+\s+", text[start:]):
        if word.group()[:1].isupper():
            lowered = [w.strip() for w in words]
            if not lowered or _LEVELS.search(" ".join(map(fold, lowered))):
                return start
            return start + word.start()
        name = word.group().strip()
        if len(words) == _GOODS_WORDS or not is_syllable(name) or fold(name) in _WHOSE_OR_WHERE:
            return start
        words.append(name)
    return start


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


def shop_name_end(text: str, low: str, folded: str, start: int, heads: re.Pattern[str]) -> int | None:
    """Where the name of a business that begins at ``start`` with what it is (one of ``heads``: "Nhà sách Trí
    Đức", "Trung tâm Anh ngữ Apollo") ends, or None: there is none, it is the head alone ("Cửa hàng sách cũ"), a
    public body's (``sponsor_name_end``) or a centre followed by the level of government it serves ("Trung tâm
    Khoa học và Công nghệ tỉnh")."""
    head = heads.match(low, start)
    if head is None:
        return None
    end = sponsor_name_end(text, low, folded, start, None)
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
    lower_words = " ".join(fold(w) for w in itertools.takewhile(lambda w: w[:1].islower(), words))
    return _LEVELS.search(lower_words) is not None


def paid_centre_end(text: str, low: str, folded: str, start: int) -> int | None:
    """Where the name of a centre that a fee is paid to ends, when it has a name of its own after what it teaches, of
    two words or more ("Trung tâm Tin học Sao Việt"), as a private centre's has; None for a public one, named by the
    level it serves or by initials ("Trung tâm GDNN-GDTX huyện Kim Thành", "Trung tâm GDTX Cẩm Giàng"), or with no
    name of its own ("Trung tâm Ngoại ngữ - Tin học")."""
    end = shop_name_end(text, low, folded, start, _CENTRE)
    if end is None:
        return None
    words = re.findall(r"[^\W_]+", text[start:end])
    if any(len(w) > 1 and w.isupper() for w in words):
        return None
    lower_at = [i for i, w in enumerate(words) if w[:1].islower()]
    return end if lower_at and lower_at[-1] < len(words) - _OWN_NAME_WORDS else None


def coined(word: str) -> bool:
    """Whether ``word`` is coined, as a brand's words are: three letters or more, not all capitals, and no
    Vietnamese syllable ("Ocean", "Edu", "Apollo"; not "STEM", "Ngữ")."""
    return len(word) >= _COINED_MIN and word.isalpha() and not word.isupper() and not is_syllable(word)


def named_by_kind(text: str, start: int) -> int | None:
    """Where the name of a business that begins at ``text[start]`` with what it is ends, or None: a shop, a chain,
    a brand ("Nhà sách Trí Đức", "cửa hàng Hoa Mai"), or a centre or a system with a coined word in its name, as a
    private one's has ("Trung tâm Ngoại ngữ Ocean Edu"; a public centre is named in Vietnamese words or initials:
    "Trung tâm GDNN-GDTX", "Trung tâm Khuyến nông")."""
    low, folded = lower(text), fold(text)
    end = shop_name_end(text, low, folded, start, _SHOP_HEAD)
    if end is None and (centre := shop_name_end(text, low, folded, start, KIND_HEAD)) is not None:
        end = centre if any(map(coined, text[start:centre].split())) else None
    return end
