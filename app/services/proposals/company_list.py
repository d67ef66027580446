"""The Sở's list of known companies that are no products, kept in the database: screening reads it (through
``brand_list.current``), reviewers and administrators edit it.

The migration fills the table from the shipped list (data/companies.yaml); from then on the Sở's edits are the truth.
Reading never writes: a table left empty (a database made without the migrations) reads as the shipped list, kept in
memory, and only an edit (``add``) writes the shipped list into it, beside the new company. (Requests that each filled
the empty table on first use, inside their own transactions, deadlocked on PostgreSQL.) The cue words that make an
ambiguous name count come from the shipped file, as the brand list's do. A name is on one list only: a known
company's name is no brand's, nor the reverse (``held_by_a_company`` serves the brand list's check).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import DbSession
from ...models import KnownCompany, ListedBrand, User
from ...policies.proposals import may_edit_company_list
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import flush_or_refuse, insert_or_nothing
from .brand_spellings import name_key
from .brands import Brand, default_brands
from .known_companies import CompanyList, default_companies, shipped_companies

MAX_NAME = 100
TAKEN = _l("One of these names is already on the list (perhaps under another company).")


def rows(session: DbSession) -> list[KnownCompany]:
    """The list in name order, as the table holds it (empty on a database made without the migrations)."""
    return list(session.scalars(select(KnownCompany).order_by(func.lower(KnownCompany.name))))


def _listed(session: DbSession) -> list[tuple[Brand, bool]]:
    """The companies screening reads, each with whether it is a bank: the table's, or the shipped list's while the
    table is empty."""
    return [(_company(r), r.bank) for r in rows(session)] or shipped_companies()


def current(session: DbSession) -> CompanyList:
    """The list screening uses now: the same object while the rows stay the same; the shipped list while the table
    is empty. Nothing is written."""
    listed = rows(session)
    if not listed:
        return default_companies()
    return _compiled(tuple((_company(r), r.bank) for r in listed))


def fill(session: DbSession) -> None:
    """Fill an empty table with the shipped list, as the migration does; nothing if it holds any company. Only an
    edit calls it (and the tests, whose database is made without the migrations), never a read."""
    if session.scalar(select(func.count()).select_from(KnownCompany)) == 0:
        # Two first edits at once both find the table empty: the names' constraint keeps one copy of each company.
        insert_or_nothing(session, KnownCompany, shipped_rows(), ["name"])


def shipped_rows() -> list[dict[str, Any]]:
    """The shipped list as the table's rows' columns: what ``fill`` writes and the list's page shows of an empty
    table."""
    return [
        {"name": c.name, "aliases": list(c.aliases), "ambiguous": list(c.ambiguous), "bank": bank}
        for c, bank in shipped_companies()
    ]


@lru_cache(maxsize=4)
def _compiled(companies: tuple[tuple[Brand, bool], ...]) -> CompanyList:
    # Compiling the matcher costs far more than reading the rows: done once per version of the list.
    return CompanyList.of(companies)


def _company(row: KnownCompany) -> Brand:
    return Brand(row.name, tuple(row.aliases), tuple(row.ambiguous))


def held_by_a_company(session: DbSession, names: list[str]) -> str | None:
    """The first of ``names`` that a known company holds (case and diacritics ignored), or None."""
    held = {name_key(n) for c, _bank in _listed(session) for n in (c.name, *c.aliases, *c.ambiguous)}
    return next((n for n in names if name_key(n) in held), None)


def _held_by_a_brand(session: DbSession, names: list[str]) -> str | None:
    """The first of ``names`` that a listed brand holds, or None; an empty brand table is the shipped list, as
    ``brand_list.rows`` fills it."""
    brands: list[Brand] = [
        Brand(r.name, tuple(r.aliases), tuple(r.ambiguous)) for r in session.scalars(select(ListedBrand))
    ] or list(default_brands().brands)
    held = {name_key(n) for b in brands for n in (b.name, *b.aliases, *b.ambiguous)}
    return next((n for n in names if name_key(n) in held), None)


def _check(session: DbSession, row: KnownCompany | None, name: str, aliases: list[str], ambiguous: list[str]) -> Brand:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_l("The company's name is required."), "name")
    names = [name, *aliases, *ambiguous]
    if any(len(n) > MAX_NAME for n in names):
        raise InvalidInput(_l("A name has at most %(n)s characters.", n=MAX_NAME), "name")
    if not all(re.search(r"[^\W_]", n) for n in names):
        raise InvalidInput(_l("Every name needs at least one letter or digit."), "aliases")
    if (brand := _held_by_a_brand(session, names)) is not None:
        raise InvalidInput(_l("“%(name)s” is on the brand list: a name is on one list only.", name=brand), "aliases")
    company = Brand(name, tuple(aliases), tuple(ambiguous))
    others = [(_company(r), r.bank) for r in rows(session) if r is not row]
    try:
        CompanyList.of([*others, (company, False)])
    except ValueError:
        raise InvalidInput(TAKEN, "aliases") from None
    return company


def add(
    session: DbSession, actor: User, name: str, aliases: list[str], ambiguous: list[str], bank: bool
) -> KnownCompany:
    """A new company on the list; InvalidInput if a name is empty, already a company's or a brand's."""
    if not may_edit_company_list(actor):
        raise NotAllowed()
    fill(session)  # an edit of a list never kept starts from the shipped one, which screening read until now
    company = _check(session, None, name, aliases, ambiguous)
    row = KnownCompany(name=company.name, aliases=list(company.aliases), ambiguous=list(company.ambiguous), bank=bank)
    session.add(row)
    flush_or_refuse(session, TAKEN, "name")  # the same company added by two reviewers at once
    audit.record(
        session, "known_company.add", actor_id=actor.id, object_type="known_company", object_id=row.id, data=_data(row)
    )
    return row


def update(
    session: DbSession,
    actor: User,
    row: KnownCompany,
    name: str,
    aliases: list[str],
    ambiguous: list[str],
    bank: bool,
) -> None:
    """Change ``row`` to the given names; InvalidInput as for ``add``."""
    if not may_edit_company_list(actor):
        raise NotAllowed()
    company = _check(session, row, name, aliases, ambiguous)
    row.name, row.aliases, row.ambiguous = company.name, list(company.aliases), list(company.ambiguous)
    row.bank = bank
    flush_or_refuse(session, TAKEN, "name")
    audit.record(
        session,
        "known_company.update",
        actor_id=actor.id,
        object_type="known_company",
        object_id=row.id,
        data=_data(row),
    )


def remove(session: DbSession, actor: User, row: KnownCompany) -> None:
    """Take a company off the list; the last one stays (an empty table would read as the shipped list)."""
    if not may_edit_company_list(actor):
        raise NotAllowed()
    if len(rows(session)) <= 1:
        raise InvalidInput(_l("The list keeps at least one company."), "name")
    audit.record(
        session,
        "known_company.remove",
        actor_id=actor.id,
        object_type="known_company",
        object_id=row.id,
        data=_data(row),
    )
    session.delete(row)
    session.flush()


def _data(row: KnownCompany) -> dict[str, object]:
    return {"name": row.name, "aliases": list(row.aliases), "ambiguous": list(row.ambiguous), "bank": row.bank}
