"""Section 8 for what a contest publishes after its proposal: announcements, answers to contestants' questions,
problem titles and statements, theory questions, team names. Each is screened with the proposal's own screener,
read as if it were part of the proposal's rules (so that "nhà tài trợ" means the proposal's sponsors and an
exercise's company is no party), and refused when it raises a flag the proposal the Sở approved does not already
carry: the Sở reviewed the proposal, not the text, so a new brand, sponsor, fee, data handover or requirement to
buy waits for the Sở. To publish such a text, the proposal's author puts it in the contest's proposal (its rules),
which goes back to the Sở for review (``workflow.change_after_approval``); once approved, the same text passes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ...extensions import DbSession
from ...models import AttemptKind, Contest, User
from ..errors import InvalidInput
from . import brand_list, flag_text, refused_attempts
from .brands import BrandList
from .exercise_text import to_the_contest
from .screening import Flag, PartyKind, ProposalText, screen
from .section8_flags import Place

PUBLISHED = "published"  # the field of section8_flags.FIELDS a refused text's flags point to


def _content(contest: Contest) -> dict[str, Any]:
    """The contest's proposal as screening reads it: the proposal's content, with the contest's title, description
    and organising unit where the content says nothing (a contest made before its proposal held them)."""
    unit = {"name": contest.organiser_unit.name, "kind": PartyKind.EDUCATION_UNIT.value}
    content = dict(contest.proposal.content) if contest.proposal is not None else {}
    content.setdefault("proposer", unit)
    content.setdefault("organisers", [unit])
    if not str(content.get("title") or "").strip():
        content["title"] = contest.title
    if not content.get("summary"):
        content["summary"] = contest.description
    return content


def _key(flag: Flag) -> str:
    """What a flag says, wherever it was raised: the same finding in the proposal and in a text is one."""
    return json.dumps([flag.code, flag.reason_key, dict(flag.params)], sort_keys=True, ensure_ascii=False, default=str)


@lru_cache(maxsize=16)
def _known(content: str, brands: BrandList) -> frozenset[str]:
    """What the proposal (its ``content`` as JSON) already says under Section 8: screened once for every row of an
    imported sheet, not once a row."""
    return frozenset(_key(flag) for flag in screen(ProposalText.from_json(json.loads(content)), brands).flags)


def new_flags(session: DbSession, contest: Contest, text: str, *, exercise: bool = False) -> list[Flag]:
    """The flags ``text``, published in ``contest``, raises that the contest's proposal does not: screened as the
    proposal with ``text`` added to its rules, against the Sở's current brand list. With ``exercise`` (a problem's
    statement, a theory question), only its sentences that speak to the contest are (``exercise_text``)."""
    if exercise:
        text = to_the_contest(text)
    if not text.strip():
        return []
    content = _content(contest)
    brands = brand_list.current(session)
    rules = "\n\n".join(part for part in (str(content.get("rules") or ""), text.strip()) if part)
    known = _known(json.dumps(content, sort_keys=True, ensure_ascii=False), brands)
    found = screen(ProposalText.from_json({**content, "rules": rules}), brands).flags
    return [flag for flag in found if _key(flag) not in known]


def check(
    session: DbSession,
    contest: Contest,
    texts: Iterable[tuple[str, str]],
    what: LazyString,
    *,
    by: User | None,
    exercise: bool = False,
) -> None:
    """Raise InvalidInput (its field: the first flagged text's) when one of ``texts`` ((form field, text) pairs, all
    to be published in ``contest`` as ``what``, e.g. "the announcement", by ``by``) raises a flag the contest's
    approved proposal does not carry; the message, in the reader's language, names each finding and says the Sở
    must review it. Nothing is written by the caller's transaction: the caller publishes nothing; the refusal is
    kept for the Sở's reviewers, with who, the contest, the text and its findings (``refused_attempts``).
    ``exercise``: the texts are an exercise's (``new_flags``)."""
    for field, text in texts:
        if not text or not text.strip():
            continue
        flags = new_flags(session, contest, text, exercise=exercise)
        if not flags:
            continue
        refused_attempts.note(
            session,
            refused_attempts.Attempt(
                AttemptKind.REFUSED_TEXT,
                contest.id,
                contest.title,
                by.id if by is not None else None,
                what,
                text=text,
                found=[stored(flag) for flag in flags],
            ),
        )
        found = " ".join(_reason(flag) for flag in flags)  # each a sentence of its own
        raise InvalidInput(
            _l(
                "%(what)s was not saved: under Section 8 of the Department's guidance, screening found: %(found)s "
                "The Department of Education and Training must review this first. Remove it, or put the text in the "
                "contest's proposal (its rules) and submit it to the Department; once approved, it can be published.",
                what=what,
                found=found,
            ),
            field,
        )


def stored(flag: Flag) -> dict[str, Any]:
    """The flag as stored (``Flag.to_stored``), pointing to the text being published as where it was found."""
    parts = flag.to_stored()
    parts["place"] = Place(PUBLISHED).to_json()
    return parts


def _reason(flag: Flag) -> str:
    """The flag's reason in the reader's language, naming the text being published as where it was found."""
    return flag_text.reason(stored(flag))
