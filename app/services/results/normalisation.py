"""Per-judge z-score normalisation of sheet totals, shown beside the raw mean (never used for ranking or awards).

A lenient judge and a severe one score the same entries differently; normalisation puts every judge on the same
scale: each judge's totals are standardised by that judge's own mean and (population) standard deviation, then
rescaled to the mean and standard deviation of all the totals. A judge with fewer than two sheets, or whose totals
are all equal, cannot be standardised and is left raw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from statistics import mean, pstdev


def normalise(totals: Mapping[tuple[int, int], Decimal]) -> dict[tuple[int, int], Decimal]:
    """Each total normalised; keys are (entry id, judge id)."""
    if len(totals) < 2:
        return dict(totals)
    overall_mean = mean(totals.values())
    overall_sd = pstdev(totals.values())
    by_judge: dict[int, list[Decimal]] = defaultdict(list)
    for (_entry, judge), total in totals.items():
        by_judge[judge].append(total)
    scale: dict[int, tuple[Decimal, Decimal] | None] = {}
    for judge, values in by_judge.items():
        sd = pstdev(values) if len(values) >= 2 else Decimal(0)
        scale[judge] = (mean(values), sd) if sd > 0 else None
    result: dict[tuple[int, int], Decimal] = {}
    for (entry, judge), total in totals.items():
        own = scale[judge]
        result[(entry, judge)] = total if own is None else overall_mean + (total - own[0]) / own[1] * overall_sd
    return result
