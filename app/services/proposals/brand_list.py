"""The Sở's brand list, kept in the database: screening reads it, reviewers and administrators edit it.

The table is filled from the shipped list (data/brands.yaml) by the migration, or on first use when it is
empty; from then on the Sở's edits are the truth. The cue words that make an ambiguous name count (``cues`` and
``capital_cues``) are part of the language, not of the list, and always come from the shipped file.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import yaml
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import DbSession
from ...models import ListedBrand, User
from ...policies.proposals import may_edit_brand_list
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import flush_or_refuse, insert_or_nothing
from . import company_list
from .brands import DEFAULT_BRANDS_FILE, Brand, BrandList
from .known_companies import CompanyList

MAX_NAME = 100
TAKEN = _l("One of these names is already on the list (perhaps under another brand).")


@cache
def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULT_BRANDS_FILE.read_text(encoding="utf-8"))
    BrandList.from_data(data)  # the shipped file is valid, or nothing starts
    return data


def rows(session: DbSession) -> list[ListedBrand]:
    """The list in name order, filled from the shipped file first if the table is empty."""
    if session.scalar(select(func.count()).select_from(ListedBrand)) == 0:
        # Two first uses at once both find the table empty: the names' constraint keeps one copy of each brand.
        shipped = [
            {
                "name": item["name"],
                "aliases": list(item.get("aliases") or []),
                "ambiguous": list(item.get("ambiguous") or []),
            }
            for item in _shipped()["brands"]
        ]
        insert_or_nothing(session, ListedBrand, shipped, ["name"])
    return list(session.scalars(select(ListedBrand).order_by(func.lower(ListedBrand.name))))


def current(session: DbSession) -> BrandList:
    """The list screening uses now, carrying the known companies screening uses now (``company_list``)."""
    brands = tuple(Brand(r.name, tuple(r.aliases), tuple(r.ambiguous)) for r in rows(session))
    return _compiled(brands, company_list.current(session))


@lru_cache(maxsize=4)
def _compiled(brands: tuple[Brand, ...], companies: CompanyList) -> BrandList:
    # Compiling the matcher costs far more than reading the rows: done once per version of the lists (the companies'
    # list is one object per version of its rows: company_list.current).
    return BrandList(brands, _shipped().get("cues") or [], _shipped().get("capital_cues") or [], companies)


def split_names(text: str) -> list[str]:
    """Names typed one per line or separated by commas, tidied, without repeats."""
    names: list[str] = []
    for part in re.split(r"[,\n]", text or ""):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return names


def _check(session: DbSession, row: ListedBrand | None, name: str, aliases: list[str], ambiguous: list[str]) -> Brand:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_l("The brand's name is required."), "name")
    if any(len(n) > MAX_NAME for n in (name, *aliases, *ambiguous)):
        raise InvalidInput(_l("A name has at most %(n)s characters.", n=MAX_NAME), "name")
    if not all(re.search(r"[^\W_]", n) for n in (name, *aliases, *ambiguous)):
        raise InvalidInput(_l("Every name needs at least one letter or digit."), "aliases")
    if (company := company_list.held_by_a_company(session, [name, *aliases, *ambiguous])) is not None:
        raise InvalidInput(
            _l("“%(name)s” is on the list of known companies: a name is on one list only.", name=company), "aliases"
        )
    brand = Brand(name, tuple(aliases), tuple(ambiguous))
    others = [Brand(r.name, tuple(r.aliases), tuple(r.ambiguous)) for r in rows(session) if r is not row]
    try:
        BrandList([*others, brand])
    except ValueError:
        raise InvalidInput(TAKEN, "aliases") from None
    return brand


def add(session: DbSession, actor: User, name: str, aliases: list[str], ambiguous: list[str]) -> ListedBrand:
    """A new brand on the list; InvalidInput if a name is empty or already belongs to a brand."""
    if not may_edit_brand_list(actor):
        raise NotAllowed()
    brand = _check(session, None, name, aliases, ambiguous)
    row = ListedBrand(name=brand.name, aliases=list(brand.aliases), ambiguous=list(brand.ambiguous))
    session.add(row)
    flush_or_refuse(session, TAKEN, "name")  # the same brand added by two reviewers at once
    audit.record(session, "brand.add", actor_id=actor.id, object_type="brand", object_id=row.id, data=_data(row))
    return row


def update(
    session: DbSession, actor: User, row: ListedBrand, name: str, aliases: list[str], ambiguous: list[str]
) -> None:
    if not may_edit_brand_list(actor):
        raise NotAllowed()
    brand = _check(session, row, name, aliases, ambiguous)
    row.name, row.aliases, row.ambiguous = brand.name, list(brand.aliases), list(brand.ambiguous)
    flush_or_refuse(session, TAKEN, "name")
    audit.record(session, "brand.update", actor_id=actor.id, object_type="brand", object_id=row.id, data=_data(row))


def remove(session: DbSession, actor: User, row: ListedBrand) -> None:
    """Take a brand off the list; the last one stays (an empty table would be filled again from the file)."""
    if not may_edit_brand_list(actor):
        raise NotAllowed()
    if len(rows(session)) <= 1:
        raise InvalidInput(_l("The list keeps at least one brand."), "name")
    audit.record(session, "brand.remove", actor_id=actor.id, object_type="brand", object_id=row.id, data=_data(row))
    session.delete(row)
    session.flush()


def _data(row: ListedBrand) -> dict[str, object]:
    return {"name": row.name, "aliases": list(row.aliases), "ambiguous": list(row.ambiguous)}
