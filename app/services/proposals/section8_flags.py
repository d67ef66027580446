"""The Section-8 flags, each defined once: its stored code, its label, the templates of its reasons and the
places of a proposal where it is matched. Screening, the pages, the filters, the mail and the monthly summary
all take them from here, so that a flag added here is raised, shown, filtered and translated everywhere.

A reason is a template with named parameters; the parameters are plain values (names, quoted text) or codes of
the vocabularies below (``ROLES``, ``VERBS``), and the place a flag points to is a ``Place``. The English
msgid of a template is also the English sentence screening prints and stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Field:
    """A place of a proposal that screening reads: ``path`` is how screening names it in its English evidence
    (``{i}``: the 0-based index), ``heading`` how a page names it, ``in_sentence`` how a reason names it
    (``%(n)s``: the 1-based number, ``%(name)s``: the sponsor's name)."""

    key: str
    path: str
    heading: LazyString
    in_sentence: LazyString | None = None


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("title", "title", _l("Title"), _l("the title")),
        Field("summary", "summary", _l("Summary"), _l("the summary")),
        Field("rules", "rules", _l("Rules"), _l("the rules")),
        Field("prizes", "prizes[{i}].description", _l("Prize %(n)s"), _l("prize %(n)s")),
        Field(
            "participant_requirements",
            "participant_requirements",
            _l("Requirements on participants"),
            _l("the participant requirements"),
        ),
        Field("categories", "categories[{i}]", _l("Category %(n)s"), _l("category %(n)s")),
        Field("sponsors", "sponsors[{i}].details", _l("Sponsor %(n)s"), _l("the contribution of %(name)s")),
        Field("fees", "fees[{i}]", _l("Fee %(n)s")),
        Field("personal_data", "personal_data[{i}]", _l("Personal data %(n)s")),
        # What a contest publishes after its proposal (services.proposals.published_texts), never a proposal's.
        Field("published", "published", _l("Text to be published"), _l("the text to be published")),
    )
}
# The roles a business has in a proposal, and the verbs of a requirement, as screening names them.
ROLES: dict[str, LazyString] = {
    "proposer": _l("proposer"),
    "organiser": _l("organiser"),
    "sponsor": _l("sponsor"),
}
VERBS: dict[str, LazyString] = {
    "buy": _l("buy"),
    "install": _l("install"),
    "register for": _l("register for"),
    "follow": _l("like, share or follow"),
    "display": _l("wear or display"),
    "use": _l("use"),
}


@dataclass(frozen=True)
class Place:
    """Where a flag was raised: a field of ``FIELDS`` (``n``: which prize, sponsor, fee or personal data, from 1;
    ``name``: the sponsor's), or the ``roles`` a business has (the flags about who takes part)."""

    field: str = ""
    n: int | None = None
    name: str = ""
    roles: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The place as screening's English evidence names it: "rules", "prizes[0].description", "proposer"."""
        if self.roles:
            return ", ".join(self.roles)
        return FIELDS[self.field].path.format(i=(self.n or 1) - 1)

    def to_json(self) -> dict[str, Any]:
        data = {"field": self.field, "n": self.n, "name": self.name, "roles": list(self.roles)}
        return {k: v for k, v in data.items() if v}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Place:
        return cls(str(data.get("field", "")), data.get("n"), str(data.get("name", "")), tuple(data.get("roles", ())))


@dataclass(frozen=True)
class Reason:
    """One way a flag is explained: ``key`` (stored as the flag's ``reason_key``) and its ``template``."""

    key: str
    template: LazyString


@dataclass(frozen=True)
class FlagKind:
    """A Section-8 flag: ``code`` is what the database stores; ``matched_in`` the fields of ``FIELDS`` (or
    "parties": the proposer, organisers and sponsors) screening looks at for it."""

    code: str
    label: LazyString
    reasons: tuple[Reason, ...]
    matched_in: tuple[str, ...]


_TEXTS = ("title", "summary", "rules", "prizes", "participant_requirements", "categories", "sponsors")

# In the order screening reports them: the one list every page, filter and report follows.
FLAGS: tuple[FlagKind, ...] = (
    FlagKind(
        "S8-COMPANY",
        _l("Proposed by a business"),
        (Reason("S8-COMPANY", _l("The proposal comes from a business: %(name)s.")),),
        ("parties",),
    ),
    FlagKind(
        "S8-BUSINESS",
        _l("A business takes part"),
        (
            Reason("S8-BUSINESS", _l("A business takes part in the contest as %(roles)s: %(name)s.")),
            Reason(
                "S8-BUSINESS/kind",
                _l(
                    "A business takes part in the contest as %(roles)s: %(name)s (its name is a business's, though "
                    "it was entered as another kind of organisation)."
                ),
            ),
            Reason(
                "S8-BUSINESS/text",
                _l('Names a business or sponsor that is not among the declared parties: "%(text)s", in %(field)s.'),
            ),
        ),
        ("parties", *_TEXTS),
    ),
    FlagKind(
        "S8-PRODUCT",
        _l("Names or requires a commercial product"),
        (
            Reason("S8-PRODUCT", _l('Names the brand or product "%(text)s" (%(brand)s), in %(field)s.')),
            Reason(
                "S8-PRODUCT/required",
                _l('Requires participants to %(verb)s "%(text)s" (%(brand)s), in %(field)s.'),
            ),
            Reason(
                "S8-PRODUCT/company",
                _l('Requires participants to %(verb)s a product or service of %(name)s: "%(text)s", in %(field)s.'),
            ),
            Reason(
                "S8-PRODUCT/advert",
                _l('Advertises a product or service of %(name)s: "%(text)s", in %(field)s.'),
            ),
            Reason(
                "S8-PRODUCT/gift",
                _l('Gives participants or winners products of %(name)s: "%(text)s", in %(field)s.'),
            ),
        ),
        _TEXTS,
    ),
    FlagKind(
        "S8-FEE",
        _l("Fee collected by a business"),
        (Reason("S8-FEE", _l("Participants pay a fee (%(amount)s) collected by a business: %(name)s.")),),
        ("fees", *_TEXTS),
    ),
    FlagKind(
        "S8-DATA",
        _l("Personal data go to a business"),
        (Reason("S8-DATA", _l("Participants' personal data (%(data)s) go to a business: %(name)s.")),),
        ("personal_data", *_TEXTS),
    ),
)
CODES: tuple[str, ...] = tuple(f.code for f in FLAGS)
BY_CODE: dict[str, FlagKind] = {f.code: f for f in FLAGS}
REASONS: dict[str, Reason] = {r.key: r for f in FLAGS for r in f.reasons}
LABELS: dict[str, LazyString] = {f.code: f.label for f in FLAGS}
# The flag each reason explains.
KIND_OF_REASON: dict[str, FlagKind] = {r.key: f for f in FLAGS for r in f.reasons}
