"""Known companies that are no products: the second tier beside the Sở's brand list.

The Sở keeps the list in the database (``company_list``, filled from the shipped data/companies.yaml); screening
reads the list a ``BrandList`` carries (``companies_of``: ``brand_list.current`` gives it the database's), else the
shipped one.

A company on this list is a business by its name alone wherever the proposal gives it a role that screening already
reads: a party that it begins or owns ("Trung tâm Anh ngữ ILA Hà Tĩnh", "Quỹ Học bổng Bảo Việt"), a trophy, a prize
or a fund named after it ("tranh Cúp Hòa Phát", "Giải thưởng Prudential", "the Masan Scholarship") and whom
participants' data is handed to. It makes a proposal S8-BUSINESS, never S8-PRODUCT: products are the brand list's.
The list is read with the brand list's matcher (``BrandList``), so that an ambiguous name ("Bảo Việt", a given name;
"Hòa Phát", a ward) counts only after a cue, and never in a person's, a school's or a place's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .brands import Brand, BrandList, Mention
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


@dataclass(frozen=True, eq=False)
class CompanyList:
    """The known companies screening reads: ``names`` matched as the brand list's are, and which of them are banks
    (``banks``: their names). Compared by identity, so that a compiled brand list that carries it is cached per
    version of both lists."""

    names: BrandList
    banks: frozenset[str]

    @classmethod
    def of(cls, companies: Sequence[tuple[Brand, bool]]) -> CompanyList:
        """The list of ``companies`` (each with whether it is a bank), with the shipped file's cues; ValueError when
        two companies share a name."""
        names = BrandList([company for company, _ in companies], _shipped().get("cues") or [])
        return cls(names, frozenset(company.name for company, bank in companies if bank))


@cache
def _shipped() -> dict[str, Any]:
    try:
        data: Any = yaml.safe_load(COMPANIES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read the list of companies {COMPANIES_FILE}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("companies"), list):
        raise ValueError("the list of companies needs a 'companies' list")
    return data


def shipped_companies() -> list[tuple[Brand, bool]]:
    """The shipped list (data/companies.yaml), each company with whether it is a bank; ValueError names what is
    wrong in it. The database's list is filled from it (``company_list``)."""
    names = BrandList.from_data({"brands": _shipped()["companies"]})
    return [
        (company, item.get("bank") is True) for company, item in zip(names.brands, _shipped()["companies"], strict=True)
    ]


@cache
def default_companies() -> CompanyList:
    """The shipped list of known companies, read once: the list where no database's list is given."""
    return CompanyList.of(shipped_companies())


def companies_of(brands: BrandList | None) -> CompanyList:
    """The known companies screened beside ``brands``: those it carries (the database's, ``brand_list.current``),
    else the shipped ones."""
    return brands.companies if brands is not None and brands.companies is not None else default_companies()


def is_known_bank(name: str, companies: CompanyList) -> bool:
    """Whether a known company marked ``bank`` begins ``name`` ("ACB", "TPBank chi nhánh Thái Bình")."""
    mention = company_at(name.strip(), 0, companies)
    return mention is not None and mention.brand.name in companies.banks


def company_at(text: str, start: int, companies: CompanyList) -> Mention | None:
    """The known company whose name begins ``text`` at ``start`` (spaces and quotes skipped), or None."""
    lead = re.match(r"[\s\"'“«]*", text[start:])
    at = start + (lead.end() if lead else 0)
    # The words before it are read too: they hold the cue an ambiguous name needs ("Cúp Hòa Phát").
    begin = max(0, at - _REACH)
    first = next((m for m in companies.names.find(text[begin : at + _REACH]) if m.end > at - begin), None)
    if first is None or first.start != at - begin:
        return None
    return Mention(first.brand, at, at + len(first.text), first.text)


def begins_with_company(name: str, companies: CompanyList) -> bool:
    """Whether a known company begins ``name`` ("Grab Vietnam", "Petrolimex Hải Dương")."""
    return company_at(name.strip(), 0, companies) is not None


def names_company(name: str, companies: CompanyList) -> bool:
    """Whether a known company is named anywhere in ``name`` ("Trung tâm Anh ngữ ILA Hà Tĩnh")."""
    return bool(companies.names.find(name))


def companies_in_roles(text: str, companies: CompanyList) -> list[tuple[int, int]]:
    """Where ``text`` names a known company as what a trophy, a prize, a scholarship or a fund is named after
    ("tranh Cúp Hòa Phát", "Quỹ Học bổng Bảo Việt", "Giải thưởng Prudential", "the Masan Scholarship") or as whom
    something is handed to ("shared with Grab Vietnam"): spans of the company's name."""
    low = lower(text)
    spans: list[tuple[int, int]] = []
    for head in NAMED_AFTER.finditer(low):
        mention = company_at(text, head.end(), companies)
        if mention is not None:
            spans.append((mention.start, mention.end))
    for handed in _HANDED_TO.finditer(low):
        mention = company_at(text, handed.end(), companies)
        if mention is not None:
            spans.append((mention.start, mention.end))
    for mention in companies.names.find(text):
        if _ENGLISH_AFTER.match(text, mention.end) and (mention.start, mention.end) not in spans:
            spans.append((mention.start, mention.end))
    return sorted(spans)
