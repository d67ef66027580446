"""Award rules (quotas per level) and computing the awards of a ranked category.

A rule gives an award level (Giải Nhất, Nhì, Ba, Khuyến khích) to a number of entries, or to a percentage of the
category's ranked entries (rounded down), provided they reach the rule's minimum score. Rules are set per category;
a category without rules of its own follows the contest's (``category_id`` None).

Computing goes down the ranking, level by level, from Giải Nhất: each level takes the next entries up to its quota;
entries tied with the last one taken (the same rank) at the quota's boundary receive the same award, so a level may
give more awards than its quota, and the next level's quota is counted afresh from the entry after them. An entry
below a level's minimum score does not receive it, and nor does anyone below it; it may still reach a lower level's
minimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ...extensions import DbSession
from ...models import AwardLevel, AwardRule, Contest, User
from ...policies.contests import is_staff
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from .aggregation import EntryResult

LEVELS = [AwardLevel.FIRST, AwardLevel.SECOND, AwardLevel.THIRD, AwardLevel.CONSOLATION]
LEVEL_LABELS = {
    AwardLevel.FIRST: _l("First prize"),
    AwardLevel.SECOND: _l("Second prize"),
    AwardLevel.THIRD: _l("Third prize"),
    AwardLevel.CONSOLATION: _l("Consolation prize"),
}
MAX_COUNT = 10000


@dataclass(frozen=True)
class RuleSpec:
    """An organiser's rule for one level: exactly one of ``quota_count`` and ``quota_percent``."""

    level: AwardLevel
    quota_count: int | None = None
    quota_percent: int | None = None
    min_score: Decimal = Decimal(0)


def contest_rules(session: DbSession, contest: Contest) -> list[AwardRule]:
    return list(session.scalars(select(AwardRule).where(AwardRule.contest_id == contest.id)))


def rules_for(rules: list[AwardRule], category_id: int | None) -> list[AwardRule]:
    """The rules a category follows: its own if it has any, else the contest's."""
    own = [r for r in rules if r.category_id == category_id]
    return own or [r for r in rules if r.category_id is None]


def _check(spec: RuleSpec) -> None:
    label = LEVEL_LABELS[spec.level]
    if (spec.quota_count is None) == (spec.quota_percent is None):
        raise InvalidInput(_l("%(level)s: give either a number of entries or a percentage.", level=label))
    if spec.quota_count is not None and not 0 <= spec.quota_count <= MAX_COUNT:
        raise InvalidInput(_l("%(level)s: the number of entries is from 0 to %(n)s.", level=label, n=MAX_COUNT))
    if spec.quota_percent is not None and not 0 <= spec.quota_percent <= 100:
        raise InvalidInput(_l("%(level)s: the percentage is from 0 to 100.", level=label))
    if (
        not spec.min_score.is_finite()
        or spec.min_score < 0
        or spec.min_score != spec.min_score.quantize(Decimal("0.01"))
    ):
        raise InvalidInput(_l("%(level)s: the minimum score is a number of at least 0.", level=label))


def set_rules(
    session: DbSession, actor: User, contest: Contest, category_id: int | None, specs: list[RuleSpec]
) -> list[AwardRule]:
    """Replace the rules of one scope (a category of ``contest``, or the contest's own when None); levels not in
    ``specs`` give no award there. Organisers of the contest only; audit-logged."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise InvalidInput(_l("This category is not one of the contest's."))
    if len({s.level for s in specs}) != len(specs):
        raise InvalidInput(_l("Each award level has one rule."))
    for spec in specs:
        _check(spec)
    scope = AwardRule.category_id.is_(None) if category_id is None else AwardRule.category_id == category_id
    session.execute(delete(AwardRule).where(AwardRule.contest_id == contest.id, scope))
    rows = [
        AwardRule(
            contest_id=contest.id,
            category_id=category_id,
            level=s.level,
            quota_count=s.quota_count,
            quota_percent=s.quota_percent,
            min_score=s.min_score,
        )
        for s in sorted(specs, key=lambda s: LEVELS.index(s.level))
    ]
    session.add_all(rows)
    session.flush()
    audit.record(
        session,
        "results.award_rules",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={
            "category_id": category_id,
            "rules": [[s.level.value, s.quota_count, s.quota_percent, str(s.min_score)] for s in specs],
        },
    )
    return rows


@dataclass(frozen=True)
class Placed:
    """One ranked entry or contestant as awards see it: an id, its score (the one minimum scores are compared
    with) and its rank (equal ranks are ties)."""

    key: int
    score: Decimal
    rank: int


def allot(placed: list[Placed], rules: list[AwardRule], base: int | None = None) -> dict[int, AwardLevel]:
    """The award of each of ``placed`` (best first) by key, under ``rules``; see the module's docstring. A
    percentage counts ``base`` (when given) rather than ``len(placed)``."""
    by_level = {r.level: r for r in rules}
    counted = len(placed) if base is None else base
    awards: dict[int, AwardLevel] = {}
    position = 0
    for level in LEVELS:
        rule = by_level.get(level)
        if rule is None:
            continue
        quota = rule.quota_count if rule.quota_count is not None else counted * (rule.quota_percent or 0) // 100
        taken = 0
        while position < len(placed):
            one = placed[position]
            if one.score < rule.min_score:
                break
            tied_with_last = taken > 0 and one.rank == placed[position - 1].rank
            if taken >= quota and not tied_with_last:
                break
            awards[one.key] = level
            taken += 1
            position += 1
    return awards


def compute(ranked: list[EntryResult], rules: list[AwardRule]) -> dict[int, AwardLevel]:
    """The award of each entry (by id) of one category, from its ranked results (``services.results.ranking.rank``) and
    its rules; see the module's docstring. Entries without a score receive nothing."""
    placed = [Placed(r.entry.id, r.score, r.rank) for r in ranked if r.score is not None and r.rank is not None]
    return allot(placed, rules)
