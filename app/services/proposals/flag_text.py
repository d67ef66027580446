"""Screening flags in the reader's language, rendered from the registry (``section8_flags``), with the text that
raised them split out for highlighting.

A stored flag (``screening.Flag.to_stored``) keeps its ``code``, its ``reason_key`` and ``params`` (plain values
and codes of the registry's vocabularies), its ``place``, the ``excerpt`` of the text there and the ``match``'s
span in it; and, for the log and the mail, screening's English ``reason`` and ``evidence``. A flag stored before
reasons had keys is shown with its English reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from .section8_flags import FIELDS, REASONS, ROLES, VERBS, Place


def roles(codes: list[str] | tuple[str, ...], joiner: str = ", ") -> str:
    """A business's roles ("proposer", "sponsor") in the reader's language, joined by ``joiner``."""
    return joiner.join(str(ROLES[code]) if code in ROLES else code for code in codes)


def heading(place: Place) -> str:
    """How a page names the place: "Rules", "Prize 2", "proposer, sponsor"."""
    if place.roles:
        return roles(place.roles)
    if place.field not in FIELDS:
        return ""
    return str(FIELDS[place.field].heading) % {"n": place.n}


def _in_sentence(place: Place) -> str:
    template = FIELDS[place.field].in_sentence if place.field in FIELDS else None
    return str(template) % {"n": place.n, "name": place.name} if template is not None else ""


def reason(flag: Mapping[str, Any]) -> str:
    """The flag's reason in the reader's language."""
    found = REASONS.get(flag.get("reason_key") or "")
    if found is None:
        return str(flag.get("reason", ""))
    params = flag.get("params") or {}
    shown = {key: str(value) for key, value in params.items()}
    if "roles" in params:
        shown["roles"] = roles(params["roles"], _(" and "))
    if "verb" in params:
        shown["verb"] = str(VERBS.get(params["verb"], params["verb"]))
    shown["field"] = _in_sentence(Place.from_json(flag.get("place") or {}))
    return str(found.template) % shown


@dataclass(frozen=True)
class Evidence:
    """Where a flag was raised and the text there: ``before`` + ``match`` (to highlight) + ``after``."""

    where: str
    before: str
    match: str
    after: str


def evidence(flag: Mapping[str, Any]) -> Evidence:
    """The flag's evidence ("Rules": "…cài đặt ứng dụng Zalo…") split so that the matched words can be marked."""
    where = heading(Place.from_json(flag.get("place") or {}))
    text = str(flag.get("excerpt", ""))
    if not flag.get("match"):
        return Evidence(where, text, "", "")
    start, end = flag["match"]
    return Evidence(where, text[:start], text[start:end], text[end:])
