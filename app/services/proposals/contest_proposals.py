"""The proposal a contest is made with (``contests.organising.create_contest``): its title, summary and categories
are the contest's title, description and category names, what contestants read. A change of the proposal may not
change them (it would be screened and approved while the contest still says what was flagged); they change on the
contest's page, which screens them again (``workflow.contest_text_changed``)."""

from __future__ import annotations

import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import DbSession
from ...models import Contest, Proposal
from ..errors import InvalidInput


def _tidy(text: object) -> str:
    return unicodedata.normalize("NFC", text.strip()) if isinstance(text, str) else ""


def as_its_contests(session: DbSession, proposal: Proposal, content: dict[str, Any]) -> dict[str, Any]:
    """``content``, a change of ``proposal``, with the categories ``proposal`` holds kept (the proposal's form does
    not show them). Raises InvalidInput (its field: "title" or "summary") when ``proposal`` is a contest's own and
    ``content`` changes its title or summary: the contest's page changes them, with the contest's own text."""
    if "categories" in proposal.content and "categories" not in content:
        content = {**content, "categories": proposal.content["categories"]}
    contest = session.scalar(select(Contest).where(Contest.proposal_id == proposal.id)) if proposal.id else None
    if contest is None:
        return content
    for key, now in (("title", proposal.title), ("summary", proposal.summary)):
        if _tidy(content.get(key)) != _tidy(now):
            raise InvalidInput(
                _l(
                    "This is the proposal of the contest %(contest)s: its title and summary are the contest's title "
                    "and description, which change on the contest's page.",
                    contest=contest.title,
                ),
                key,
            )
    return content
