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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale

from . import flag_text
from .brands import Brand, BrandList, Mention, default_brands
from .company_products import Business, adverts, gifts, requirements, short_names
from .data_handover import handovers
from .fee_text import fees_in_text
from .mention_context import a_topics_example, an_exercises_story
from .mention_reading import excerpt, forbidden, required_verb
from .named_apps import required_apps
from .party_names import named_by_kind
from .proposal_text import Contribution, Party, PartyKind, PrizeKind, ProposalText, Sponsor
from .section8_flags import KIND_OF_REASON, Place
from .text_businesses import Named, is_business_name, is_listed_business, named_businesses
from .vietnamese_text import fold

# The proposal's types are read in proposal_text; they stay importable from here, where screening's callers look.
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


@dataclass(frozen=True)
class Flag:
    """One finding: ``code`` (a flag of ``section8_flags``), its reason's ``reason_key`` and ``params``, the
    ``place`` where it was raised, the ``excerpt`` of the text there and ``match``, the span in ``excerpt`` of the
    words that raised it (None when they cannot be told apart)."""

    code: str
    reason_key: str
    params: Mapping[str, Any]
    place: Place
    excerpt: str
    match: tuple[int, int] | None

    @classmethod
    def make(cls, reason_key: str, place: Place, shown: str, matched: str, /, **params: Any) -> Flag:
        """The flag whose reason is ``reason_key``, raised by the words ``matched`` in ``shown``, at ``place``."""
        at = shown.find(matched) if matched else -1
        match = (at, at + len(matched)) if at >= 0 else None
        return cls(KIND_OF_REASON[reason_key].code, reason_key, params, place, shown, match)

    @property
    def reason(self) -> str:
        """The reason as an English sentence (for the command line and the log)."""
        with force_locale("en"):
            return flag_text.reason(self._parts())

    @property
    def evidence(self) -> str:
        """Where and what, in one line: "rules: …cài đặt ứng dụng Zalo…"."""
        return f"{self.place.path}: {self.excerpt}"

    def _parts(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "reason_key": self.reason_key,
            "params": dict(self.params),
            "place": self.place.to_json(),
            "excerpt": self.excerpt,
            "match": list(self.match) if self.match else None,
        }

    def to_stored(self) -> dict[str, Any]:
        """What a proposal keeps of the flag (JSON): its parts, and its English reason and evidence."""
        return {**self._parts(), "reason": self.reason, "evidence": self.evidence}

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason, "evidence": self.evidence}


@dataclass(frozen=True)
class ScreeningResult:
    """The flags of a proposal, and whether the Sở must review it (any flag, or a proposer outside education)."""

    flags: list[Flag]
    needs_so_review: bool

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}

    def to_json(self) -> dict[str, Any]:
        return {"flags": [f.to_json() for f in self.flags], "needs_so_review": self.needs_so_review}


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
    flags += _product_flags(proposal, brands, in_text)
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


def is_business(party: Party, brands: BrandList | None = None) -> bool:
    """Whether ``party`` is a business: entered as one, or named as one ("Công ty TNHH …") whatever its kind says,
    as when a company proposes through a school's account or a sponsor is entered as an association; with
    ``brands``, also when a brand of the list begins its name or names its fund ("Viettel Hải Dương" or "VNPT Hải
    Dương" entered as a state agency: a company, whoever owns it; "Quỹ Vingroup"); or by what it is, as in a text
    (``named_by_kind``: "Trung tâm Anh ngữ Apollo" entered as an education unit; not "Trung tâm GDNN-GDTX")."""
    if party.kind is PartyKind.BUSINESS or is_business_name(party.name) or named_by_kind(party.name, 0) is not None:
        return True
    return brands is not None and is_listed_business(party.name, brands)


def _parties(proposal: ProposalText) -> list[tuple[str, Party]]:
    return [
        ("proposer", proposal.proposer),
        *(("organiser", p) for p in proposal.organisers),
        *(("sponsor", Party(s.name, s.kind)) for s in proposal.sponsors),
    ]


def businesses(proposal: ProposalText, brands: BrandList | None = None) -> list[Business]:
    """The businesses among the proposer, organisers and sponsors (``is_business``), each once with all its roles,
    in order; ``entered`` is False when one of them was entered as another kind of organisation."""
    roles: dict[str, tuple[str, list[str], list[bool]]] = {}
    for role, party in _parties(proposal):
        if is_business(party, brands):
            _, its_roles, entered = roles.setdefault(" ".join(party.name.lower().split()), (party.name, [], []))
            entered.append(party.kind is PartyKind.BUSINESS)
            if role not in its_roles:
                its_roles.append(role)
    return [Business(name, tuple(r), all(e)) for name, r, e in roles.values()]


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
    declared = [party for _, party in _parties(proposal)]
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


def _product_flags(proposal: ProposalText, brands: BrandList, in_text: list[Business]) -> list[Flag]:
    """One S8-PRODUCT flag per brand named in a field, preferring a mention that is a requirement, then one per
    business whose product a field requires participants to buy, install, register for or use, and one per app
    off the list that it requires them to install or register for by its coined name (``named_apps``), unless a
    requirement already flagged says so at the same place.

    The businesses are those of the parties and ``in_text``, those the texts name without declaring them. In the
    details of a money sponsor, the sponsor's own name is not a product: "Viettel tài trợ 30 triệu".
    """
    flags: list[Flag] = []
    named = businesses(proposal, brands) + in_text
    for place, text, sponsor in proposal.texts():
        implied = place.field == "participant_requirements"
        own = set()
        if sponsor is not None and sponsor.contribution is Contribution.MONEY:
            own = {m.brand.name for m in brands.find(sponsor.name)}
        chosen: dict[str, tuple[Mention, str | None]] = {}
        for mention in brands.find(text):
            brand, at = mention.brand.name, (text, mention.start, mention.end)
            if brand in own or (brand in chosen and chosen[brand][1]):
                continue
            verb = required_verb(text, mention, implied=implied)
            if verb is None and forbidden(text, mention):
                continue  # "nghiêm cấm sử dụng ChatGPT" forbids the brand, it does not advertise it
            if verb is None and (a_topics_example(*at) or an_exercises_story(*at)):
                continue  # what an essay may be about ("… chẳng hạn X") or an exercise asks about ("Câu 2: … sữa X")
            if brand not in chosen or verb:
                chosen[brand] = (mention, verb)
        seen: set[tuple[str, ...]] = set()
        for mention, verb in chosen.values():
            named_as = " ".join(mention.text.split())
            shown = excerpt(text, mention)
            if verb:
                flags.append(
                    Flag.make(
                        "S8-PRODUCT/required",
                        place,
                        shown,
                        named_as,
                        verb=verb,
                        text=named_as,
                        brand=mention.brand.name,
                    )
                )
            else:
                flags.append(Flag.make("S8-PRODUCT", place, shown, named_as, text=named_as, brand=mention.brand.name))
        required = [(m.start, m.end) for m, verb in chosen.values() if verb]
        apps = [r for r in required_apps(text, implied=implied) if not brands.find(r.businesses[0])]
        found = [(req, "S8-PRODUCT/company") for req in [*requirements(text, named, implied=implied), *apps]]
        found += [(ad, "S8-PRODUCT/advert") for ad in adverts(text, named)]
        for req, reason in found:
            if req.businesses in seen or any(s < req.end and req.start < e for s, e in required):
                continue
            seen.add(req.businesses)
            required.append((req.start, req.end))
            where = Mention(Brand(req.businesses[0]), req.start, req.end, req.text)
            named_as = " ".join(req.text.split())
            flags.append(
                Flag.make(
                    reason,
                    place,
                    excerpt(text, where),
                    named_as,
                    verb=req.verb,
                    name=", ".join(req.businesses),
                    text=named_as,
                )
            )
        if not chosen and not seen:
            flags += _gift_flags(place, text, sponsor, named, brands)
    return flags


def _gift_flags(
    place: Place, text: str, sponsor: Sponsor | None, named: list[Business], brands: BrandList
) -> list[Flag]:
    """A flag when a prize or a sponsor's contribution gives a product of a business the proposal names ("sản phẩm
    của nhà tài trợ"), or a business sponsor contributes products, its own by what it gives."""
    if place.field not in ("prizes", "sponsors"):
        return []
    for gift in gifts(text, named):
        named_as = " ".join(gift.text.split())
        where = Mention(Brand(gift.businesses[0]), gift.start, gift.end, gift.text)
        name = ", ".join(gift.businesses)
        return [Flag.make("S8-PRODUCT/gift", place, excerpt(text, where), named_as, name=name, text=named_as)]
    if (
        sponsor is not None
        and sponsor.contribution is Contribution.PRODUCTS
        and is_business(Party(sponsor.name, sponsor.kind), brands)
    ):
        shown = " ".join((text or sponsor.name).split())
        return [Flag.make("S8-PRODUCT/gift", place, shown, shown, name=sponsor.name, text=shown)]
    return []
