"""Ranking the entries of each category by score.

Equal scores are told apart by the criteria the organiser chose for breaking ties (``Criterion.tie_break``, 1 first):
the entry with the higher mean of that criterion's points goes first (combined as the score is: trimmed, or the
median, where the contest's score method says so). Entries equal on the score and on every
tie-break criterion share a rank, and the next rank skips (1, 1, 3). Entries without a score (no submitted sheet)
and disqualified entries (``services.results.disqualification``) are listed last without a rank: they take no place
and no award, and the entries below move up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from ...extensions import DbSession
from ...models import Contest
from .aggregation import CategoryResults, EntryResult, contest_results


def _key(result: EntryResult, tie_break: list[int]) -> tuple[Decimal, ...]:
    return (cast(Decimal, result.score), *(result.criterion_means.get(c, Decimal(0)) for c in tie_break))


def rank(results: list[EntryResult], tie_break: list[int]) -> list[EntryResult]:
    """``results`` ordered best first with ``rank`` set (see the module's docstring); ties keep entry-code order."""
    scored = sorted(
        (r for r in results if r.score is not None and not r.disqualified),
        key=lambda r: (tuple(-v for v in _key(r, tie_break)), r.entry.code),
    )
    previous: tuple[Decimal, ...] | None = None
    for position, result in enumerate(scored, start=1):
        key = _key(result, tie_break)
        result.rank = position if key != previous else scored[position - 2].rank
        previous = key
    unscored = [r for r in results if r.score is None or r.disqualified]
    for result in unscored:
        result.rank = None
    return scored + unscored


def ranked_results(session: DbSession, contest: Contest) -> list[CategoryResults]:
    """Every category of ``contest`` with its entries ranked."""
    groups = contest_results(session, contest)
    for group in groups:
        group.entries = rank(group.entries, group.tie_break_criteria)
    return groups
