"""An entry's score from its judges' sheets, and whether the judges agree closely enough.

- The score is made of the totals of the entry's submitted sheets as the contest's rules say
  (``ReviewSettings.score_method``, ``combine``): their mean (the default), their mean without the highest and the
  lowest (with three totals or more), or their median; to two places, half up. A head judge's decision (a
  ``HEAD_DECISION`` reconciliation) replaces it. ``mean`` is always the plain mean, shown beside it.
- An entry is discrepant when the submitted totals its score is made of (``counted``: all of them for the mean, all
  but the highest and the lowest for the trimmed mean, the middle ones for the median) differ by more than the
  contest's ``discrepancy_percent`` of the rubric's maximum weighted total: a total the score method leaves out
  moves neither the score nor the ranking, so it flags nothing and holds publication back no longer. A discrepant
  entry needs a recorded reconciliation: a further judge (the score then includes the further sheet, and the entry
  is settled once every assigned sheet is in) or the head judge's decision. The latest reconciliation of an entry
  counts; a further judge who leaves the entry before scoring it (a conflict declared, taken off by the organisers)
  settles nothing, and it is flagged again.
- A sheet whose judge has a conflict of interest with the entry found after they submitted it (declared since, or
  computed: their unit corrected to the entry's school or district office, say; ``services.reviews.conflicts``)
  still counts (``conflicted`` names those judges) until a head judge reopens it; publication waits for it
  (``publication.blockers``). A conflict by unit counts only while the results are not published: a unit is where
  the judge works now, and one who moves to an entry's school a year later leaves the published results standing.
- Beside the raw mean, each category's totals are normalised per judge (``services.results.normalisation``): shown only,
  never used for ranking or awards. A disqualified entry's totals take no part in it (they count for nothing).

Everything of a contest is computed from a fixed number of queries, whatever its size.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...extensions import DbSession
from ...models import (
    Assignment,
    AssignmentOrigin,
    Category,
    Contest,
    Entry,
    Reconciliation,
    ReconciliationKind,
    Rubric,
    ScoreMethod,
    ScoreSheet,
    SheetStatus,
    Unit,
    User,
)
from ...vnsort import sort_key
from ..reviews import conflicts, panel
from ..reviews.rubrics import max_total
from . import normalisation

CENT = Decimal("0.01")


class Agreement(enum.StrEnum):
    """Where an entry stands with respect to reconciliation."""

    AGREED = "agreed"  # the judges' totals are close enough (or fewer than two are in)
    FLAGGED = "flagged"  # too far apart, and nothing recorded yet
    AWAITING_FURTHER = "awaiting_further"  # a further judge was assigned; their sheet is not in yet
    FURTHER_JUDGED = "further_judged"  # settled: the mean includes the further judge's sheet
    HEAD_DECIDED = "head_decided"  # settled: the head judge set the score

    @property
    def unsettled(self) -> bool:
        return self in (Agreement.FLAGGED, Agreement.AWAITING_FURTHER)


AGREEMENT_LABELS = {
    Agreement.AGREED: _l("Judges agree"),
    Agreement.FLAGGED: _l("Needs reconciliation"),
    Agreement.AWAITING_FURTHER: _l("Waiting for a further judge"),
    Agreement.FURTHER_JUDGED: _l("Settled by a further judge"),
    Agreement.HEAD_DECIDED: _l("Settled by the head judge"),
}


def mean(values: Sequence[Decimal]) -> Decimal:
    """The arithmetic mean to two places, rounded half up (as a school rounds a mark). ``values`` is not empty."""
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def counted(values: Sequence[Decimal], method: ScoreMethod) -> list[Decimal]:
    """The totals that ``method`` makes the score of, lowest first: all of them; all but one highest and one lowest
    when there are three or more (``TRIMMED``); the middle one, or the two middle ones when their number is even
    (``MEDIAN``)."""
    ordered = sorted(values)
    return ordered[_counted_places(len(ordered), method)]


def _counted_places(count: int, method: ScoreMethod) -> slice:
    """Where, in ``count`` totals lowest first, are those that ``method`` counts (``counted``)."""
    if method is ScoreMethod.TRIMMED and count >= 3:
        return slice(1, count - 1)
    if method is ScoreMethod.MEDIAN and count:
        middle = count // 2
        return slice(middle - 1, middle + 1) if count % 2 == 0 else slice(middle, middle + 1)
    return slice(0, count)


def combine(values: Sequence[Decimal], method: ScoreMethod) -> Decimal:
    """The score of these totals (not empty) by ``method``, to two places, half up: the mean of those it counts
    (``counted``): the mean; the mean without one highest and one lowest total when there are three or more (a
    plain mean below that); the median (the mean of the two middle totals when their number is even)."""
    return mean(counted(values, method))


def is_discrepant(totals: Sequence[Decimal], maximum: Decimal | None, percent: int) -> bool:
    """Whether the totals differ by more than ``percent`` % of ``maximum`` (never with fewer than two totals)."""
    if len(totals) < 2 or maximum is None:
        return False
    return max(totals) - min(totals) > maximum * percent / 100


@dataclass
class EntryResult:
    """An entry's aggregate. ``totals`` maps each judge (user id) to their submitted total; ``criterion_means``
    maps each criterion to its points over the submitted sheets as the contest's score method combines them
    (``combine``: the mean, the trimmed mean, the median), for breaking ties: a judge's outlying points that the
    method leaves out of the score break no tie either."""

    entry: Entry
    assigned: int
    totals: dict[int, Decimal]
    criterion_means: dict[int, Decimal]
    mean: Decimal | None
    discrepant: bool
    reconciliation: Reconciliation | None
    agreement: Agreement
    normalised: Decimal | None = None
    combined: Decimal | None = None  # the totals as the contest's score method combines them (``combine``)
    rank: int | None = None  # set by services.results.ranking
    conflicted: list[str] = field(default_factory=list)  # judges with a submitted sheet and a conflict of interest
    method: ScoreMethod = ScoreMethod.MEAN  # the contest's score method, which ``combined`` is made by

    @property
    def left_out(self) -> frozenset[int]:
        """The judges whose totals the score method leaves out of ``combined`` (``counted``): one highest and one
        lowest for the trimmed mean, all but the middle ones for the median, none for the mean. Of equal totals,
        the one of the lower judge id is taken as the lower: which of two equal totals is left out moves nothing."""
        ordered = sorted(self.totals, key=lambda judge: (self.totals[judge], judge))
        return frozenset(ordered) - frozenset(ordered[_counted_places(len(ordered), self.method)])

    @property
    def submitted(self) -> int:
        return len(self.totals)

    @property
    def disqualified(self) -> bool:
        """Whether the organisers disqualified the entry: it is neither ranked nor awarded (``ranking``)."""
        return self.entry.disqualified_reason is not None

    @property
    def missing(self) -> int:
        """Sheets still to come: assigned but not submitted, or one at least when none was ever assigned."""
        return max(max(self.assigned, 1) - self.submitted, 0)

    @property
    def score(self) -> Decimal | None:
        """What counts for ranking and awards: the head judge's decision if it is the latest word, else the totals
        as the contest's score method combines them."""
        if self.agreement is Agreement.HEAD_DECIDED and self.reconciliation is not None:
            return self.reconciliation.score
        return self.combined


@dataclass
class CategoryResults:
    """The entries of one category (``category`` None: entries of a contest without categories)."""

    category: Category | None
    rubric: Rubric | None
    maximum: Decimal | None
    entries: list[EntryResult] = field(default_factory=list)

    @property
    def tie_break_criteria(self) -> list[int]:
        """Criterion ids in the order the organiser set for breaking ties."""
        if self.rubric is None:
            return []
        chosen = [c for c in self.rubric.criteria if c.tie_break is not None]
        return [c.id for c in sorted(chosen, key=lambda c: (c.tie_break, c.position))]


def _agreement(
    discrepant: bool, latest: Reconciliation | None, submitted: int, assigned: int, further: int
) -> Agreement:
    """``further``: how many further judges (assigned for reconciliation) the entry still has. One who left it
    before scoring (a conflict declared, taken off by the organisers) settles nothing: with none left, the entry is
    as if no further judge had been asked."""
    if latest is not None and latest.kind is ReconciliationKind.HEAD_DECISION:
        return Agreement.HEAD_DECIDED
    if latest is None or further == 0:
        return Agreement.FLAGGED if discrepant else Agreement.AGREED
    return Agreement.FURTHER_JUDGED if submitted >= assigned else Agreement.AWAITING_FURTHER


def contest_results(session: DbSession, contest: Contest, entry_ids: set[int] | None = None) -> list[CategoryResults]:
    """Every entry of ``contest``, grouped by category in the contest's order (entries without a category last),
    each group in entry-code order and normalised. With ``entry_ids``, only those entries, and not normalised
    (normalisation needs the whole category)."""
    query = select(Entry).where(Entry.contest_id == contest.id).order_by(Entry.code).options(selectinload(Entry.unit))
    if entry_ids is not None:
        query = query.where(Entry.id.in_(entry_ids))
    entries = list(session.scalars(query))
    assigned: dict[int, int] = defaultdict(int)
    further: dict[int, int] = defaultdict(int)  # assigned for reconciliation
    for entry_id, origin, count in session.execute(
        select(Assignment.entry_id, Assignment.origin, func.count())
        .where(Assignment.contest_id == contest.id)
        .group_by(Assignment.entry_id, Assignment.origin)
    ):
        assigned[entry_id] += count
        if origin is AssignmentOrigin.RECONCILIATION:
            further[entry_id] += count
    sheets: dict[int, list[ScoreSheet]] = defaultdict(list)
    for sheet in session.scalars(
        select(ScoreSheet).where(ScoreSheet.contest_id == contest.id, ScoreSheet.status == SheetStatus.SUBMITTED)
    ):
        sheets[sheet.entry_id].append(sheet)
    latest: dict[int, Reconciliation] = {}
    for row in session.scalars(
        select(Reconciliation)
        .join(Entry, Entry.id == Reconciliation.entry_id)
        .where(Entry.contest_id == contest.id)
        .order_by(Reconciliation.created_at, Reconciliation.id)
    ):
        latest[row.entry_id] = row
    people = conflicts.people_pairs(session, contest.id)
    judges = {
        judge_id: (name, unit_id, kind)
        for judge_id, name, unit_id, kind in session.execute(
            select(User.id, User.full_name, User.unit_id, Unit.kind)
            .join(Unit, Unit.id == User.unit_id)
            .where(User.id.in_({s.judge_id for own in sheets.values() for s in own}))
        )
    }

    settings = panel.settings_for(session, contest)
    # A unit is where a judge works now, not where they worked when they scored: once the results are published, a
    # judge who moves to an entry's school later does not unsettle them. Conflicts recorded with the contest
    # (declared, authorship) always count.
    by_unit = settings.results_published_at is None

    def conflicted(entry: Entry, judge_ids: Iterable[int]) -> list[str]:
        found = [
            judges[j][0]
            for j in judge_ids
            if (entry.id, j) in people
            or (
                by_unit
                and conflicts.unit_conflict(
                    judges[j][1],
                    judges[j][2],
                    entry.unit_id,
                    entry.unit.parent_id,
                    organiser_unit_id=contest.organiser_unit_id,
                )
                is not None
            )
        ]
        return sorted(found, key=sort_key)

    rubrics = {r.category_id: r for r in session.scalars(select(Rubric).where(Rubric.contest_id == contest.id))}
    percent = settings.discrepancy_percent

    groups: dict[int | None, CategoryResults] = {}
    for category in [*contest.categories, None]:
        rubric = rubrics.get(category.id if category else None) or rubrics.get(None)
        groups[category.id if category else None] = CategoryResults(
            category, rubric, max_total(rubric) if rubric is not None else None
        )
    for entry in entries:
        group = groups.get(entry.category_id, groups[None])
        own = sheets.get(entry.id, [])
        totals = {s.judge_id: s.total for s in own if s.total is not None}
        points: dict[int, list[Decimal]] = defaultdict(list)
        for sheet in own:
            for score in sheet.scores:
                if score.points is not None:
                    points[score.criterion_id].append(score.points)
        discrepant = is_discrepant(counted(list(totals.values()), settings.score_method), group.maximum, percent)
        count = assigned.get(entry.id, 0)
        group.entries.append(
            EntryResult(
                entry=entry,
                assigned=count,
                totals=totals,
                criterion_means={c: combine(p, settings.score_method) for c, p in points.items()},
                mean=mean(list(totals.values())) if totals else None,
                combined=combine(list(totals.values()), settings.score_method) if totals else None,
                discrepant=discrepant,
                reconciliation=latest.get(entry.id),
                agreement=_agreement(discrepant, latest.get(entry.id), len(totals), count, further[entry.id]),
                conflicted=conflicted(entry, totals),
                method=settings.score_method,
            )
        )
    for group in groups.values() if entry_ids is None else ():
        normalised: dict[int, list[Decimal]] = defaultdict(list)
        for (entry_id, _judge), value in normalisation.normalise(
            {
                (r.entry.id, judge): total
                for r in group.entries
                if not r.disqualified
                for judge, total in r.totals.items()
            }
        ).items():
            normalised[entry_id].append(value)
        for result in group.entries:
            values = normalised.get(result.entry.id)
            result.normalised = mean(values) if values else None
    return [g for key, g in groups.items() if key is not None or g.entries]


def entry_result(session: DbSession, entry: Entry) -> EntryResult:
    """The aggregate of one entry (``normalised`` left None: it needs the whole category)."""
    for group in contest_results(session, entry.contest, {entry.id}):
        for result in group.entries:
            return result
    raise LookupError(entry.id)  # not reached: every entry of the contest is in one of its groups
