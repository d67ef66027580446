"""Which of a proposal's parties are businesses (``is_business``: entered as one, or named as one whatever kind
it was entered as) and the businesses among its proposer, organisers and sponsors, each once with its roles
(``businesses``)."""

from __future__ import annotations

from .brands import BrandList
from .business_roles import is_listed_business
from .company_products import Business
from .party_names import named_by_kind
from .proposal_text import Party, PartyKind, ProposalText
from .text_businesses import is_business_name


def is_business(party: Party, brands: BrandList | None = None) -> bool:
    """Whether ``party`` is a business: entered as one, or named as one ("Công ty TNHH …") whatever its kind says,
    as when a company proposes through a school's account or a sponsor is entered as an association; with
    ``brands``, also when a brand of the list begins its name or names its fund ("Viettel Hải Dương" or "VNPT Hải
    Dương" entered as a state agency: a company, whoever owns it; "Quỹ Vingroup"); or by what it is, as in a text
    (``named_by_kind``: "Trung tâm Anh ngữ Apollo" entered as an education unit; not "Trung tâm GDNN-GDTX")."""
    if party.kind is PartyKind.BUSINESS or is_business_name(party.name) or named_by_kind(party.name, 0) is not None:
        return True
    return brands is not None and is_listed_business(party.name, brands)


def parties_with_roles(proposal: ProposalText) -> list[tuple[str, Party]]:
    """The proposer, organisers and sponsors, each with its role ("proposer", "organiser", "sponsor"), in order."""
    return [
        ("proposer", proposal.proposer),
        *(("organiser", p) for p in proposal.organisers),
        *(("sponsor", Party(s.name, s.kind)) for s in proposal.sponsors),
    ]


def businesses(proposal: ProposalText, brands: BrandList | None = None) -> list[Business]:
    """The businesses among the proposer, organisers and sponsors (``is_business``), each once with all its roles,
    in order; ``entered`` is False when one of them was entered as another kind of organisation."""
    roles: dict[str, tuple[str, list[str], list[bool]]] = {}
    for role, party in parties_with_roles(proposal):
        if is_business(party, brands):
            _, its_roles, entered = roles.setdefault(" ".join(party.name.lower().split()), (party.name, [], []))
            entered.append(party.kind is PartyKind.BUSINESS)
            if role not in its_roles:
                its_roles.append(role)
    return [Business(name, tuple(r), all(e)) for name, r, e in roles.values()]
