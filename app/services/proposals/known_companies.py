"""Known companies that are no products (data/companies.yaml): the second tier beside the Sở's brand list.

A company on this list is a business by its name alone wherever the proposal gives it a role that screening already
reads: a party that it begins or owns ("Trung tâm Anh ngữ ILA Hà Tĩnh", "Quỹ Học bổng Bảo Việt"), a trophy, a prize
or a fund named after it ("tranh Cúp Hòa Phát", "Giải thưởng Prudential", "the Masan Scholarship") and whom
participants' data is handed to. It makes a proposal S8-BUSINESS, never S8-PRODUCT: products are the brand list's.
The list is read with the brand list's matcher (``BrandList``), so that an ambiguous name ("Bảo Việt", a given name;
"Hòa Phát", a ward) counts only after a cue, and never in a person's, a school's or a place's name.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .brands import BrandList, Mention
from .vietnamese_text import any_phrase, lower

COMPANIES_FILE = Path(__file__).parent / "data" / "companies.yaml"
_REACH = 60  # how far a company's name is looked for where a named role's head ends
# What is named after a company, before its name ("Cúp Hòa Phát", "Quỹ Học bổng Bảo Việt") or, in English, after it
# ("the Prudential Cup", "Masan Scholarship").
NAMED_AFTER = any_phrase(
    ["cúp", "cup", "giải thưởng", "quỹ", "quỹ học bổng", "học bổng", "chương trình học bổng", "giải"]
)  # fmt: skip
_ENGLISH_AFTER = re.compile(
    r"\s+(?:cup|trophy|award|awards|prize|prizes|scholarship|scholarships|foundation|fund)(?![^\W_])", re.IGNORECASE
)


# Whom something is handed to: "shared with Grab Vietnam", "gửi danh sách thí sinh cho Lotte Mart" (a verb of
# handing, a few words, then to whom).
_HANDED_TO = re.compile(
    r"(?<![^\W_])(?:"
    + any_phrase(["gửi", "cung cấp", "chia sẻ", "chuyển", "chuyển giao", "bàn giao", "send", "sent", "share",
                  "shared", "provide", "provided", "pass", "passed", "transfer", "transferred", "hand over",
                  "handed over", "given"]).pattern
    + r")(?:\s+[^\s.,;:!?]+){0,12}?\s+(?:"
    + any_phrase(["cho", "tới", "đến", "với", "to", "with"]).pattern
    + r")(?=\s)"
)  # fmt: skip


@cache
def _data() -> dict[str, Any]:
    try:
        data: Any = yaml.safe_load(COMPANIES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read the list of companies {COMPANIES_FILE}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("companies"), list):
        raise ValueError("the list of companies needs a 'companies' list")
    return data


@cache
def default_companies() -> BrandList:
    """The shipped list of known companies, read once; ValueError names what is wrong in it."""
    return BrandList.from_data({"brands": _data()["companies"], "cues": _data().get("cues")})


@cache
def _banks() -> frozenset[str]:
    return frozenset(item["name"] for item in _data()["companies"] if item.get("bank") is True)


def is_known_bank(name: str) -> bool:
    """Whether a known company marked ``bank`` begins ``name`` ("ACB", "TPBank chi nhánh Thái Bình")."""
    mention = company_at(name.strip(), 0)
    return mention is not None and mention.brand.name in _banks()


def company_at(text: str, start: int) -> Mention | None:
    """The known company whose name begins ``text`` at ``start`` (spaces and quotes skipped), or None."""
    lead = re.match(r"[\s\"'“«]*", text[start:])
    at = start + (lead.end() if lead else 0)
    # The words before it are read too: they hold the cue an ambiguous name needs ("Cúp Hòa Phát").
    begin = max(0, at - _REACH)
    first = next((m for m in default_companies().find(text[begin : at + _REACH]) if m.end > at - begin), None)
    if first is None or first.start != at - begin:
        return None
    return Mention(first.brand, at, at + len(first.text), first.text)


def begins_with_company(name: str) -> bool:
    """Whether a known company begins ``name`` ("Grab Vietnam", "Petrolimex Hải Dương")."""
    return company_at(name.strip(), 0) is not None


def names_company(name: str) -> bool:
    """Whether a known company is named anywhere in ``name`` ("Trung tâm Anh ngữ ILA Hà Tĩnh")."""
    return bool(default_companies().find(name))


def companies_in_roles(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a known company as what a trophy, a prize, a scholarship or a fund is named after
    ("tranh Cúp Hòa Phát", "Quỹ Học bổng Bảo Việt", "Giải thưởng Prudential", "the Masan Scholarship") or as whom
    something is handed to ("shared with Grab Vietnam"): spans of the company's name."""
    low = lower(text)
    spans: list[tuple[int, int]] = []
    for head in NAMED_AFTER.finditer(low):
        mention = company_at(text, head.end())
        if mention is not None:
            spans.append((mention.start, mention.end))
    for handed in _HANDED_TO.finditer(low):
        mention = company_at(text, handed.end())
        if mention is not None:
            spans.append((mention.start, mention.end))
    for mention in default_companies().find(text):
        if _ENGLISH_AFTER.match(text, mention.end) and (mention.start, mention.end) not in spans:
            spans.append((mention.start, mention.end))
    return sorted(spans)
