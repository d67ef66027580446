"""Screening a contest proposal against Section 8 of the Sở's IT guidance.

Units may not organise or join contests that advertise a business's products, and must send the Sở every IT
contest a company proposes. ``screen`` reads a proposal as plain values and returns the flags a reviewer at the
Sở must look at, each with its reason and the text that raised it; it never decides.

A company merely funding a contest is not advertised by it: a business among the proposer, organisers or
sponsors raises ``S8-BUSINESS``; ``S8-PRODUCT`` is raised by a brand of the Sở's list named in what participants
read (the title, summary, rules, prizes, requirements, a sponsor's contribution) other than only to forbid it
("nghiêm cấm sử dụng ChatGPT"), by a requirement that participants buy, install, register for, like or follow, or
use a product or service of a business the proposal names, listed or not (``company_products``), and by a prize or
contribution that is a named business's product.

A party is a business when entered as one or when its name says so ("Công ty TNHH …", whatever kind it was entered
as); a business that the texts name but the parties do not ("được tài trợ bởi Công ty X", "Nhà tài trợ vàng: X")
raises ``S8-BUSINESS`` where it is named (``text_businesses``).

Which parties are businesses is ``proposal_businesses``'s, the S8-PRODUCT flags ``product_flags``'s, and a flag and
the result are ``findings``'s; this module puts the flags together in their order.
"""

from __future__ import annotations

import re

from .brands import Brand, BrandList, Mention, default_brands
from .business_roles import Named
from .company_products import Business, short_names
from .data_handover import handovers
from .fee_text import fees_in_text
from .findings import Flag, ScreeningResult
from .mention_reading import excerpt
from .product_flags import product_flags
from .proposal_businesses import businesses, is_business, parties_with_roles
from .proposal_text import Contribution, Party, PartyKind, PrizeKind, ProposalText, Sponsor
from .section8_flags import Place
from .text_businesses import named_businesses
from .vietnamese_text import fold

# The proposal's types are read in proposal_text, the findings' in findings, a party's business in
# proposal_businesses; they stay importable from here, where screening's callers look.
__all__ = [
    "Contribution",
    "Flag",
    "Party",
    "PartyKind",
    "PrizeKind",
    "ProposalText",
    "ScreeningResult",
    "Sponsor",
    "businesses",
    "is_business",
    "screen",
]


def screen(proposal: ProposalText, brands: BrandList | None = None) -> ScreeningResult:
    """Screen ``proposal`` against Section 8 with ``brands`` (the shipped list by default).

    Flags come in a fixed order: S8-COMPANY, S8-BUSINESS (one per business), S8-PRODUCT (one per brand and
    field), S8-FEE, S8-DATA. The same proposal and list always give the same result.
    """
    brands = brands or default_brands()
    flags: list[Flag] = []
    if is_business(proposal.proposer, brands):
        name = proposal.proposer.name
        flags.append(Flag.make("S8-COMPANY", Place(roles=("proposer",)), name, name, name=name))
    flags += _business_flags(proposal, brands)
    text_flags, in_text = _named_in_text(proposal, brands)
    flags += text_flags
    flags += product_flags(proposal, brands, in_text)
    for i, fee in enumerate(proposal.fees):
        if is_business(fee.collected_by, brands) and fee.amount != 0:
            flags.append(
                Flag.make(
                    "S8-FEE",
                    Place("fees", i + 1),
                    f"{fee.amount}, collected by {fee.collected_by.name}",
                    fee.collected_by.name,
                    amount=str(fee.amount),
                    name=fee.collected_by.name,
                )
            )
    own, sponsor = _spoken_of(proposal, in_text, brands)
    flags += _fees_in_text(proposal, {f.params["name"].casefold() for f in flags if f.code == "S8-FEE"}, own, sponsor)
    for i, entry in enumerate(proposal.personal_data):
        if is_business(entry.recipient, brands):
            flags.append(
                Flag.make(
                    "S8-DATA",
                    Place("personal_data", i + 1),
                    f"{entry.data} → {entry.recipient.name}",
                    entry.recipient.name,
                    data=entry.data,
                    name=entry.recipient.name,
                )
            )
    flagged = {f.params["name"].casefold() for f in flags if f.code == "S8-DATA"}
    flags += _data_in_text(proposal, flagged, own, sponsor)
    return ScreeningResult(flags, bool(flags) or proposal.proposer.kind is not PartyKind.EDUCATION_UNIT)


def _spoken_of(
    proposal: ProposalText, in_text: list[Business], brands: BrandList
) -> tuple[list[tuple[str, list[str]]], str | None]:
    """The businesses a text may speak of, with their folded short names: the parties' and ``in_text``, those the
    texts name without declaring them; and the one "nhà tài trợ" stands for: the declared business sponsor, or else
    the first sponsor the texts name ("Nhà tài trợ là Công ty X. … gửi danh sách thí sinh cho nhà tài trợ")."""
    own = [(b.name, short_names(b.name)) for b in (*businesses(proposal, brands), *in_text)]
    declared = (s.name for s in proposal.sponsors if is_business(Party(s.name, s.kind), brands))
    named = (b.name for b in in_text if "sponsor" in b.roles)
    return own, next(declared, None) or next(named, None)


def _fees_in_text(
    proposal: ProposalText, flagged: set[str], own: list[tuple[str, list[str]]], sponsor: str | None
) -> list[Flag]:
    """An S8-FEE flag for each business the texts have participants pay a fee to (``fee_text``), at the first place
    they say so, unless a declared fee already flags it (``flagged``: casefolded names)."""
    flags: list[Flag] = []
    for place, text, _sponsor in proposal.texts():
        for fee in fees_in_text(text, own, sponsor):
            if fee.name.casefold() in flagged:
                continue
            flagged.add(fee.name.casefold())
            shown = " ".join(text[fee.start : fee.end].split())
            flags.append(Flag.make("S8-FEE", place, shown, fee.amount, amount=fee.amount, name=fee.name))
    return flags


def _data_in_text(
    proposal: ProposalText, flagged: set[str], own: list[tuple[str, list[str]]], sponsor: str | None
) -> list[Flag]:
    """An S8-DATA flag for each business that the texts hand participants' personal data to (``data_handover``),
    at the first place they say so, unless the declared personal data already flag it (``flagged``: casefolded
    names). ``own`` and ``sponsor`` as ``_spoken_of`` gives them."""
    flags: list[Flag] = []
    for place, text, _sponsor in proposal.texts():
        for handover in handovers(text, own, sponsor):
            if handover.name.casefold() in flagged:
                continue
            flagged.add(handover.name.casefold())
            shown = " ".join(text[handover.start : handover.end].split())
            first = handover.data.split(", ")[0]
            flags.append(Flag.make("S8-DATA", place, shown, first, data=handover.data, name=handover.name))
    return flags


def _business_flags(proposal: ProposalText, brands: BrandList) -> list[Flag]:
    """One S8-BUSINESS flag per business, naming all its roles ("proposer, sponsor"), and saying so when it was
    entered as another kind of organisation."""
    return [
        Flag.make(
            "S8-BUSINESS" if b.entered else "S8-BUSINESS/kind",
            Place(roles=b.roles),
            b.name,
            b.name,
            roles=list(b.roles),
            name=b.name,
        )
        for b in businesses(proposal, brands)
    ]


def _same_business(names: list[str], known: list[str]) -> bool:
    """Whether one of ``names`` (folded short names) stands as whole words in one of ``known`` or the reverse."""

    def within(a: str, b: str) -> bool:
        return re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", b) is not None

    return any(within(a, b) or within(b, a) for a in names for b in known)


def _named_in_text(proposal: ProposalText, brands: BrandList) -> tuple[list[Flag], list[Business]]:
    """The businesses that what participants read names and the parties do not (as sponsors where a sponsor's title
    names them, so that "the sponsor" later in the text is they), and one S8-BUSINESS flag for each (at the first
    place it is named); and a flag for a sponsor spoken of without a name ("do nhà tài trợ trao")
    when the proposal declares no sponsor and no business."""
    declared = [party for _, party in parties_with_roles(proposal)]
    declared += [f.collected_by for f in proposal.fees] + [d.recipient for d in proposal.personal_data]
    # A business is a declared party by any of its short names; an education unit, an agency or an association
    # only by its whole name, so that "Công ty TNHH Sách và Thiết bị Trường học Bình Giang" is not taken for
    # "Phòng GD&ĐT huyện Bình Giang", which proposes.
    parties = [short for party in declared if is_business(party, brands) for short in short_names(party.name)]
    others = {" ".join(fold(party.name).split()) for party in declared if not is_business(party, brands)}
    known = list(parties)
    unnamed_ok = not proposal.sponsors and not businesses(proposal, brands)
    flags: list[Flag] = []
    named_in_text: dict[str, Business] = {}
    for place, text, _sponsor in proposal.texts():
        for named in named_businesses(text, brands=brands, prize=place.field in ("prizes", "sponsors")):
            shorts = short_names(named.name) if named.name else []
            if shorts and " ".join(fold(named.name).split()) in others:
                continue
            if shorts and not _same_business(shorts, parties):
                roles = ("sponsor",) if named.sponsor else ()
                named_in_text.setdefault(" ".join(named.name.split()), Business(named.name, roles))
            if (shorts and _same_business(shorts, known)) or (not shorts and not unnamed_ok):
                continue
            known += shorts
            unnamed_ok = False  # an unnamed sponsor after this is the one just named, or the same one again
            written = " ".join(text[named.start : named.end].split())
            shown = excerpt(text, _as_mention(named, text))
            flags.append(Flag.make("S8-BUSINESS/text", place, shown, written, text=written))
    return flags, list(named_in_text.values())


def _as_mention(named: Named, text: str) -> Mention:
    return Mention(Brand(named.name or "?"), named.start, named.end, text[named.start : named.end])
