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
- the subject of a verb of sponsoring the event: "Nhà mạng Vinaphone đồng hành cùng cuộc thi", "Siêu thị X tài trợ
  cho hội thi";
- every business of a list after a sponsor's title: "Nhà tài trợ: Hội Khuyến học, cửa hàng Hoa Mai và Nhà sách X";
- a co-organiser whose name begins with a listed brand or a shop's kind: "phối hợp với Samsung Việt Nam";
- the seller participants must buy from, and where a prize is had: "phải mua đồng phục tại cửa hàng X"; whom a fee
  is paid to, a centre also by a name of its own: "Phí tham dự 50.000đ, nộp cho Trung tâm Tin học Sao Việt";
- a business named by what it is that participants are asked to buy from, install, register for, like or follow,
  or that a sentence selling names: "Quét mã QR để like fanpage Nhà sách Minh Khai", "Hotline tư vấn khoá học của
  Trung tâm Tin học MindX";
- a fund named after a listed brand or with a coined word in its name, a company's: "do Quỹ Vingroup tài trợ",
  "do Quỹ Toyota Việt Nam tài trợ" (other funds are associations: "Quỹ Khuyến học");
- after a title or as an agent, a name may begin with what the business is, in lower case, before its capitalised
  name: "được tài trợ bởi siêu thị Thế Giới Di Động", "do cửa hàng Minh Anh tài trợ" (``KIND_HEADS``);
- a known company (``known_companies``: the Sở's list, ``company_list``) by its name alone as what a trophy, a prize, a
  scholarship or a fund is named after, or whom something is handed to: "tranh Cúp Hòa Phát", "Giải thưởng
  TPBank", "the Manulife Scholarship", "shared with Grab Vietnam";
- a sponsor spoken of without a name ("do nhà tài trợ trao"), as ``Named`` with ``name`` empty.

"công ty nào", "các công ty công nghệ", "các công ty Nhật Bản" name no business; nor does a sponsor's title followed
by a person ("Nhà tài trợ: ông Trần Văn Hùng", "các nhà hảo tâm", "do Cô Lan tài trợ"), a public body or the
school's own ("do Nhà trường tài trợ", "Liên đội", "Ban giám hiệu", "do Giám đốc Sở trao tặng"), words of a slogan
in title case ("đồng hành cùng Thầy cô", "Ngày hội Đọc sách") or "none" ("Nhà tài trợ: không
có", "Sponsor: none"). A mention after a negation in its clause ("không có công ty nào tài trợ", "không nhận tài
trợ của Công ty X") is left out, and so is a company made up for an exercise ("giả sử em là kế toán của Công ty
TNHH Hoa Mai (công ty giả định)") or named in an exercise's statement ("Câu 4: Công ty A và công ty B…").
Matching ignores diacritics where people type without them; capitals count, as they are what tells a name. The
finders of a business by the other roles a text gives it (a sponsor of the event, a seller, a fee's payee, a
co-organiser, a programme) and ``Named`` are ``business_roles``'s.
"""

from __future__ import annotations

import dataclasses
import re

from .brands import BrandList
from .business_names import HEADS, name_after
from .business_roles import (
    Named,
    asked_or_sold,
    co_organisers,
    event_sponsors,
    listed_after,
    past_branch,
    programmes,
    sellers,
)
from .known_companies import companies_in_roles, companies_of
from .mention_context import an_accounts_bank, hypothetical, in_an_exercise, negated, procured
from .not_businesses import PUBLIC, says_none
from .party_names import (
    after_spaces,
    sponsor_name_end,
)
from .vietnamese_text import any_phrase, fold, lower

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
_LEGAL_TAIL = re.compile(
    r"(?<![^\W_])(?:JSC|J\.S\.C|Co\.?,?\s*Ltd\.?|Company|Corporation|Corp\.?|Inc\.?|LLC|Ltd\.?|GmbH)(?![^\W_])"
)
# A business's name in capitals before its legal-form tail: "ABC Technology JSC".
_CAPITALISED = r"(?:[A-ZĐ0-9][\w&'.-]*\s+){1,6}"
# "các công ty Nhật Bản", "những doanh nghiệp Hải Dương": companies in general, not one of them.
_PLURAL = re.compile(r"(?<![^\W_])(?:cac|nhung|moi|nhieu|mot so|cac loai)\s+$")


def is_business_name(name: str) -> bool:
    """Whether ``name`` is a business's by its legal form: "Công ty TNHH X", "Tập đoàn X", "X JSC", "X Co., Ltd"."""
    return any(n.name for n in named_businesses(name, negations=False))


def named_businesses(
    text: str, negations: bool = True, brands: BrandList | None = None, prize: bool = False
) -> list[Named]:
    """Every business ``text`` names, and every sponsor it speaks of without a name, in order, none overlapping.
    With ``negations``, a mention after a negation in its clause, in a made-up example or, unless as a sponsor, in
    an exercise's statement, is left out. With ``brands``, a fund named after one of them, or a co-organiser whose
    name one of them begins, is a business. In a ``prize``, so is the business named by what it is as where the
    prize is had ("tại Trung tâm Anh ngữ X"), and anywhere the seller participants must buy from (``sellers``)."""
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
        name_end = sponsor_name_end(text, low, folded, start, brands)
        if name_end is not None and name_end > start:
            found.append(Named(start, name_end, text[start:name_end], sponsor=True))
        elif name_end is not None and unnamed:
            found.append(Named(title.start(), title.end(), "", sponsor=True))
        found += listed_after(text, low, folded, start, brands)
    # "do X tặng", and in brackets after what is given: "10 phần quà (Siêu thị X trao tặng)".
    agents = [a.end() for a in _AGENT.finditer(low)] + [m.end() for m in re.finditer(r"\(", text)]
    for agent_end in agents:
        start = after_spaces(text, agent_end)
        name_end = sponsor_name_end(text, low, folded, start, brands)
        if name_end is None or name_end == start:
            continue
        verb_at = past_branch(text, low, name_end)
        if _SPONSORING.match(low, name_end) or _SPONSORING.match(low, verb_at):
            found.append(Named(start, name_end, text[start:name_end], sponsor=True))
    found += sellers(text, low, folded, prize)
    found += asked_or_sold(text, low)
    found += co_organisers(text, low, folded, brands)
    found += programmes(text, low, folded, brands)
    found += event_sponsors(text, low, folded, brands)
    found += [
        Named(start, end, text[start:end], sponsor=True)
        for start, end in companies_in_roles(text, companies_of(brands))
    ]
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
            or (not named.sponsor and procured(text, named.start, named.end))
            or (not named.sponsor and an_accounts_bank(text, named.start, named.end, brands))
        ):
            continue
        kept.append(named)
    return kept
