"""What a contest proposal says, as plain values read from its JSON: the parties (proposer, organisers, sponsors,
fee collectors, data recipients) with their kinds, the prizes, the fees, the personal data handed over and the
texts participants read. ``ProposalText.from_json`` refuses a missing, misspelt or badly typed field by name;
``screening`` reads the result.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from .section8_flags import Place

E = TypeVar("E", bound=enum.StrEnum)


class PartyKind(enum.StrEnum):
    EDUCATION_UNIT = "education_unit"
    STATE_AGENCY = "state_agency"
    ASSOCIATION = "association"
    BUSINESS = "business"
    FOREIGN = "foreign"


# The unit kinds of app.models.units.UnitKind, all inside the education system.
_UNIT_KINDS = {"department", "district_office", "school", "gdtx_centre"}


class Contribution(enum.StrEnum):
    MONEY = "money"
    PRIZES = "prizes"
    PRODUCTS = "products"
    SERVICES = "services"


class PrizeKind(enum.StrEnum):
    MONEY = "money"
    PRODUCTS = "products"
    SCHOLARSHIPS = "scholarships"
    CERTIFICATES = "certificates"


@dataclass(frozen=True)
class Party:
    """An organisation taking part in a contest: the proposer, an organiser, a fee collector, a data recipient."""

    name: str
    kind: PartyKind


@dataclass(frozen=True)
class Sponsor:
    name: str
    kind: PartyKind
    contribution: Contribution
    details: str = ""


@dataclass(frozen=True)
class Prize:
    kind: PrizeKind
    description: str = ""


@dataclass(frozen=True)
class Fee:
    """A fee participants pay: ``amount`` as written ("50.000 đồng") or a number; a zero number is no fee."""

    amount: int | float | str
    collected_by: Party


@dataclass(frozen=True)
class PersonalData:
    """Participants' personal ``data`` (as described) handed to ``recipient``."""

    data: str
    recipient: Party


class _Reader:
    """Reads one JSON object, naming the field in every error ("sponsors[1].kind must be one of ...")."""

    def __init__(self, data: object, path: str, allowed: set[str]) -> None:
        where = f"{path} " if path else "a proposal "
        if not isinstance(data, dict):
            raise ValueError(f"{where}must be a JSON object")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError(f"unknown field {self._name(path, str(unknown[0]))}")
        self.data: dict[str, Any] = data
        self.path = path

    @staticmethod
    def _name(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise ValueError(f"{self._name(self.path, key)} is required")
            return ""
        if not isinstance(value, str):
            raise ValueError(f"{self._name(self.path, key)} must be text")
        return unicodedata.normalize("NFC", value.strip())

    def choice(self, key: str, kind: type[E], aliases: Mapping[str, E] | None = None) -> E:
        value = self.text(key, required=True)
        if aliases and value in aliases:
            return aliases[value]
        try:
            return kind(value)
        except ValueError:
            raise ValueError(
                f"{self._name(self.path, key)} must be one of {', '.join(k.value for k in kind)}"
            ) from None

    def items(self, key: str) -> list[tuple[str, object]]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise ValueError(f"{self._name(self.path, key)} must be a list")
        return [(f"{self._name(self.path, key)}[{i}]", item) for i, item in enumerate(value)]

    def as_party(self) -> Party:
        """This object's ``name`` and ``kind``."""
        kind = self.choice("kind", PartyKind, {k: PartyKind.EDUCATION_UNIT for k in _UNIT_KINDS})
        return Party(self.text("name", required=True), kind)

    def party(self, key: str) -> Party:
        """The organisation in field ``key``, which is required."""
        path = self._name(self.path, key)
        if not self.data.get(key):
            raise ValueError(f"{path} is required")
        return _Reader(self.data[key], path, _PARTY_FIELDS).as_party()


_PARTY_FIELDS = {"name", "kind"}


@dataclass(frozen=True)
class ProposalText:
    """What a proposal says, as plain values; built from JSON with ``from_json``."""

    title: str
    proposer: Party
    summary: str = ""
    rules: str = ""
    organisers: tuple[Party, ...] = ()
    sponsors: tuple[Sponsor, ...] = ()
    prizes: tuple[Prize, ...] = ()
    fees: tuple[Fee, ...] = ()
    participant_requirements: str = ""
    personal_data: tuple[PersonalData, ...] = ()
    categories: tuple[str, ...] = ()  # a contest's categories (Bảng A, …) by their names, as contestants read them

    @classmethod
    def from_json(cls, data: object) -> ProposalText:
        """The proposal in ``data`` (parsed JSON); raises ValueError naming the first missing or bad field.

        Every text is stripped and NFC-normalised. An organisation's ``kind`` is one of PartyKind's values or a
        unit kind of the models ("school", "department", "district_office", "gdtx_centre": an education unit).
        Unknown fields are refused rather than ignored, so that a misspelt "sponsor" cannot hide a sponsor.
        """
        reader = _Reader(data, "", {f.name for f in fields(cls)})
        sponsors = []
        for path, item in reader.items("sponsors"):
            sponsor = _Reader(item, path, _PARTY_FIELDS | {"contribution", "details"})
            party = sponsor.as_party()
            contribution = sponsor.choice("contribution", Contribution)
            sponsors.append(Sponsor(party.name, party.kind, contribution, sponsor.text("details")))
        prizes = []
        for path, item in reader.items("prizes"):
            prize = _Reader(item, path, {"kind", "description"})
            prizes.append(Prize(prize.choice("kind", PrizeKind), prize.text("description")))
        fees = []
        for path, item in reader.items("fees"):
            fee = _Reader(item, path, {"amount", "collected_by"})
            amount = fee.data.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, int | float | str) or amount == "":
                raise ValueError(f"{path}.amount is required (a number or a text)")
            if not isinstance(amount, str) and amount < 0:
                raise ValueError(f"{path}.amount must not be negative")
            fees.append(Fee(fee.text("amount") if isinstance(amount, str) else amount, fee.party("collected_by")))
        categories = []
        for path, item in reader.items("categories"):
            if not isinstance(item, str):
                raise ValueError(f"{path} must be text")
            categories.append(unicodedata.normalize("NFC", item.strip()))
        personal_data = []
        for path, item in reader.items("personal_data"):
            entry = _Reader(item, path, {"data", "recipient"})
            personal_data.append(PersonalData(entry.text("data", required=True), entry.party("recipient")))
        return cls(
            title=reader.text("title", required=True),
            proposer=reader.party("proposer"),
            summary=reader.text("summary"),
            rules=reader.text("rules"),
            organisers=tuple(
                _Reader(item, path, _PARTY_FIELDS).as_party() for path, item in reader.items("organisers")
            ),
            sponsors=tuple(sponsors),
            prizes=tuple(prizes),
            fees=tuple(fees),
            participant_requirements=reader.text("participant_requirements"),
            personal_data=tuple(personal_data),
            categories=tuple(categories),
        )

    def texts(self) -> Iterator[tuple[Place, str, Sponsor | None]]:
        """(place, text, its sponsor or None) for every text participants read or a sponsor gives."""
        yield Place("title"), self.title, None
        yield Place("summary"), self.summary, None
        yield Place("rules"), self.rules, None
        for i, prize in enumerate(self.prizes):
            yield Place("prizes", i + 1), prize.description, None
        yield Place("participant_requirements"), self.participant_requirements, None
        for i, category in enumerate(self.categories):
            yield Place("categories", i + 1), category, None
        for i, sponsor in enumerate(self.sponsors):
            yield Place("sponsors", i + 1, sponsor.name), sponsor.details, sponsor
