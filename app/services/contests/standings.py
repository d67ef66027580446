"""Where each entrant of a round stood once its results were published: the nominees are chosen from this.

Two kinds of entrant, one list: entries judged by people (e-Learning, creativity, Tin học trẻ Bảng D), ranked per
category with their published award (``services.results``); and contestants or teams of programming boards (Tin học
trẻ Bảng A–C), ranked per board on the final scoreboard with their published award (``services.programming.awards``).
Each part counts only once its own results are published; nothing else is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Award, AwardLevel, Contest, Entry, ProgrammingAward, Registration, Unit
from ..programming import awards as programming_awards
from ..results import publication
from ..results.ranking import ranked_results
from .contest_kinds import is_programming


@dataclass(frozen=True)
class Standing:
    """One entrant: an entry (``entry``) or a programming board's registration (``registration``), its category
    (code and name, "" without one), unit, rank in the category (None: unranked), score and award."""

    key: str  # "e<entry id>" or "r<registration id>": what a form names it by
    entry: Entry | None
    registration: Registration | None
    category_code: str
    category_name: str
    unit: Unit
    rank: int | None
    score: float | None
    award: AwardLevel | None

    @property
    def label(self) -> str:
        """The entry's code and title, or the team's name (else its members' names)."""
        if self.entry is not None:
            return f"{self.entry.code} – {self.entry.title}"
        assert self.registration is not None
        names = ", ".join(m.user.full_name for m in self.registration.members)
        return self.registration.team_name or names


def published(session: DbSession, contest: Contest) -> bool:
    """Whether any part of the contest's results (entries judged by people, or programming boards) is published."""
    if publication.published_at(session, contest) is not None:
        return True
    return is_programming(contest) and programming_awards.published_at(session, contest) is not None


def changed_since_publication(session: DbSession, contest: Contest) -> bool:
    """Whether a published part of the contest's results no longer stands as published (see
    ``publication.changed_since_publication`` and ``programming_awards.changed_since_publication``): its standings
    are then not those published, and nobody should be chosen from them until they are published again."""
    if publication.changed_since_publication(session, contest):
        return True
    return is_programming(contest) and programming_awards.changed_since_publication(session, contest)


def _entries(session: DbSession, contest: Contest) -> list[Standing]:
    if publication.published_at(session, contest) is None:
        return []
    levels = {a.entry_id: a.level for a in session.scalars(select(Award).where(Award.contest_id == contest.id))}
    return [
        Standing(
            key=f"e{result.entry.id}",
            entry=result.entry,
            registration=None,
            category_code=group.category.code if group.category else "",
            category_name=group.category.name if group.category else "",
            unit=result.entry.unit,
            rank=result.rank,
            score=float(result.score) if result.score is not None else None,
            award=levels.get(result.entry.id),
        )
        for group in ranked_results(session, contest)
        for result in group.entries
    ]


def _boards(session: DbSession, contest: Contest) -> list[Standing]:
    if not is_programming(contest) or programming_awards.published_at(session, contest) is None:
        return []
    levels = {
        a.registration_id: a.level
        for a in session.scalars(select(ProgrammingAward).where(ProgrammingAward.contest_id == contest.id))
    }
    registrations = {
        r.id: r for r in session.scalars(select(Registration).where(Registration.contest_id == contest.id))
    }
    return [
        Standing(
            key=f"r{placing.row.registration_id}",
            entry=None,
            registration=registrations[placing.row.registration_id],
            category_code=board.category.code if board.category else "",
            category_name=board.category.name if board.category else "",
            unit=registrations[placing.row.registration_id].unit,
            rank=placing.rank,
            score=placing.row.total,
            award=levels.get(placing.row.registration_id),
        )
        for board in programming_awards.boards(session, contest)
        for placing in board.placings
    ]


def standings(session: DbSession, contest: Contest) -> list[Standing]:
    """Every ranked entrant of the published parts of ``contest``: programming boards first, then entries judged by
    people, each in category order and by rank (see the module's docstring)."""
    return _boards(session, contest) + _entries(session, contest)
