"""Screening flags in the reader's language, with the text that raised them split out for highlighting.

A stored flag keeps its English ``reason`` for the log, plus ``reason_key`` and ``params``: the reason is
rebuilt here from a translated template, and its English parameters (which field, which roles, which verb)
are translated too. A flag stored before reasons had keys is shown with its English reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .screening import FLAG_CODES, REASONS

CODE_LABELS = {
    "S8-COMPANY": _l("Proposed by a business"),
    "S8-BUSINESS": _l("A business takes part"),
    "S8-PRODUCT": _l("Names or requires a commercial product"),
    "S8-FEE": _l("Fee collected by a business"),
    "S8-DATA": _l("Personal data go to a business"),
}
_REASONS = {
    "S8-COMPANY": _l("The proposal comes from a business: %(name)s."),
    "S8-BUSINESS": _l("A business takes part in the contest as %(roles)s: %(name)s."),
    "S8-PRODUCT": _l('Names the brand or product "%(text)s" (%(brand)s), in %(field)s.'),
    "S8-PRODUCT/required": _l('Requires participants to %(verb)s "%(text)s" (%(brand)s), in %(field)s.'),
    "S8-PRODUCT/company": _l(
        'Requires participants to %(verb)s a product or service of %(name)s: "%(text)s", in %(field)s.'
    ),
    "S8-FEE": _l("Participants pay a fee (%(amount)s) collected by a business: %(name)s."),
    "S8-DATA": _l("Participants' personal data (%(data)s) go to a business: %(name)s."),
}
# Every flag has a label and every reason its translation (screening.FLAG_CODES is the list of flags).
assert list(CODE_LABELS) == list(FLAG_CODES) and set(_REASONS) == set(REASONS)
_WORDS = {
    # roles
    "proposer": _l("proposer"),
    "organiser": _l("organiser"),
    "sponsor": _l("sponsor"),
    # verbs
    "buy": _l("buy"),
    "install": _l("install"),
    "register for": _l("register for"),
    "use": _l("use"),
    # fields, as screening names them in a reason ("in the rules") and in evidence ("rules: …")
    "the title": _l("the title"),
    "the summary": _l("the summary"),
    "the rules": _l("the rules"),
    "the participant requirements": _l("the participant requirements"),
    "title": _l("Title"),
    "summary": _l("Summary"),
    "rules": _l("Rules"),
    "participant_requirements": _l("Requirements on participants"),
}
_NUMBERED = [
    (re.compile(r"^prize (\d+)$"), lambda m: _("prize %(n)s", n=m.group(1))),
    (re.compile(r"^the contribution of (.+)$"), lambda m: _("the contribution of %(name)s", name=m.group(1))),
    (re.compile(r"^prizes\[(\d+)\]\.description$"), lambda m: _("Prize %(n)s", n=int(m.group(1)) + 1)),
    (re.compile(r"^sponsors\[(\d+)\]\.details$"), lambda m: _("Sponsor %(n)s", n=int(m.group(1)) + 1)),
    (re.compile(r"^fees\[(\d+)\]$"), lambda m: _("Fee %(n)s", n=int(m.group(1)) + 1)),
    (re.compile(r"^personal_data\[(\d+)\]$"), lambda m: _("Personal data %(n)s", n=int(m.group(1)) + 1)),
]


def word(english: str) -> str:
    """One of screening's English words or field names in the reader's language (as is if unknown)."""
    if english in _WORDS:
        return str(_WORDS[english])
    for pattern, translate in _NUMBERED:
        if m := pattern.match(english):
            return str(translate(m))
    if " and " in english:  # roles: "proposer and sponsor"
        return str(_(" and ")).join(word(w) for w in english.split(" and "))
    if ", " in english:  # roles in evidence: "proposer, sponsor"
        return ", ".join(word(w) for w in english.split(", "))
    return english


def reason(flag: Mapping[str, Any]) -> str:
    """The flag's reason in the reader's language."""
    template = _REASONS.get(flag.get("reason_key") or "")
    if template is None:
        return str(flag.get("reason", ""))
    params = {k: word(str(v)) if k in ("roles", "verb", "field") else str(v) for k, v in flag["params"].items()}
    return str(template) % params


@dataclass(frozen=True)
class Evidence:
    """Where a flag was raised and the text there: ``before`` + ``match`` (to highlight) + ``after``."""

    where: str
    before: str
    match: str
    after: str


def evidence(flag: Mapping[str, Any]) -> Evidence:
    """The flag's evidence ("rules: …cài đặt ứng dụng Zalo…") split so that the matched words can be marked."""
    where, _sep, text = str(flag.get("evidence", "")).partition(": ")
    if not _sep:
        where, text = "", where
    params = flag.get("params") or {}
    needle = str(params.get("text") or params.get("name") or "")
    at = text.find(needle) if needle else -1
    if at < 0:
        return Evidence(word(where), text, "", "")
    return Evidence(word(where), text[:at], needle, text[at + len(needle) :])
