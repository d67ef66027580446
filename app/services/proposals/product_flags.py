"""The S8-PRODUCT flags of a proposal: a brand of the Sở's list named where participants read (other than only to
forbid it, as an essay's example, in an exercise's story, as the bank that keeps an account money is paid into or as
where someone works), a requirement that participants buy, install, register
for, like or follow, or use a product or service of a business the proposal names (``company_products``) or an app
off the list by its coined name (``named_apps``), a sentence that sells one, and a prize or a sponsor's contribution
that is a named business's product."""

from __future__ import annotations

from .brands import Brand, BrandList, Mention
from .company_products import Business, adverts, gifts, requirements
from .findings import Flag
from .mention_context import a_topics_example, a_workplace, an_accounts_bank, an_exercises_story
from .mention_reading import excerpt, forbidden, required_verb
from .named_apps import required_apps
from .proposal_businesses import businesses, is_business
from .proposal_text import Contribution, Party, ProposalText, Sponsor
from .section8_flags import Place


def product_flags(proposal: ProposalText, brands: BrandList, in_text: list[Business]) -> list[Flag]:
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
            if verb is None and (an_accounts_bank(*at, brands) or a_workplace(text, mention.start)):
                continue  # the bank that keeps an account ("vào tài khoản của nhà trường tại X"), a parent's employer
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
