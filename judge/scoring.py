"""Scores and verdicts from test outcomes, as Kattis's default grader computes them for a test data group.

Pure functions over the test tree of ``judge.problem``; nothing here runs a program.

- A test that ran earns its ``points`` when accepted, ``fraction x points`` when its checker gave partial
  credit, else its ``reject_points``. A test that did not run (after a ``break``) earns nothing and a group
  counts only the children that ran, as Kattis hands its grader only the results it has.
- A group aggregates its children's scores by ``sum``, ``min``, ``max`` or ``avg`` (a group whose ``points``
  are set scales its sum to them, or takes ``points x`` the min/max/mean of its children's fractions). Its
  ``score_range`` clamps nothing: a score outside it is the package's fault (``out_of_range``), as problemtools'
  verifyproblem reports it. A ``pass-fail`` group earns its points when its verdict is AC.
- A group's verdict is JE when a child's is, else AC when ``accept_if_any_accepted`` and a child is AC, else
  its ``verdict_rule``: the first error, the worst error, or always AC.
- ``ignore_sample`` leaves the ``sample`` child out of the group's score and verdict.
- A group with ``places`` (a Kattis group without ``points``) keeps that many decimals of its aggregate, as
  Kattis's default grader prints it with ``%f`` and problemtools reads that back for the parent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from .problem import Aggregation, OnReject, TestCase, TestGroup, VerdictRule
from .verdict import Verdict


@dataclass(frozen=True)
class Outcome:
    """What one test earned: its verdict and the fraction of its points (1 for AC, partial credit for WA)."""

    verdict: Verdict
    fraction: float


@dataclass(frozen=True)
class Summary:
    verdict: Verdict
    score: float
    max_score: float


Node = TestGroup | TestCase

PART_PLACES = 9
"""The decimal places a subtask's part of a score keeps (``subtask_scores``): far finer than the four places of a
score, so that parts from different submissions add up to what one submission earning them all scores."""

WORST_FIRST = (Verdict.JE, Verdict.RE, Verdict.MLE, Verdict.TLE, Verdict.OLE, Verdict.WA, Verdict.CE, Verdict.AC)
"""Verdicts from worst to best, in the order of Kattis's ``worst_error`` (JE, RTE, MLE, TLE, OLE, WA, AC)."""


def max_score(node: Node) -> float:
    """The most a node can earn: its natural maximum, no more than its range allows (a score past the range is a
    fault of the package, ``out_of_range``)."""
    if isinstance(node, TestCase):
        return node.points
    if node.points is not None:
        top = node.points
    elif node.aggregation is Aggregation.PASS_FAIL:
        top = sum(max_score(child) for child in node.children)
    else:
        top = _natural_max(node)
    return _clamp(top, node.score_range)


def _natural_max(group: TestGroup) -> float:
    """The most the group's aggregation of its children's scores can give, before scaling and clamping."""
    tops = [max_score(child) for child in _counted(group, group.children)]
    if not tops:
        return 0.0
    return _printed(group, _aggregate(group.aggregation, tops))


def _printed(group: TestGroup, value: float) -> float:
    """The score as the group's grader prints it and its parent reads it back (``TestGroup.places``)."""
    return value if group.places is None else round(value, group.places)


def _aggregate(aggregation: Aggregation, values: list[float]) -> float:
    if aggregation is Aggregation.MIN:
        return min(values)
    if aggregation is Aggregation.MAX:
        return max(values)
    if aggregation is Aggregation.AVG:
        return sum(values) / len(values)
    return sum(values)


def _counted(group: TestGroup, children: tuple[Node, ...] | list[Node]) -> list[Node]:
    """The children whose results the group's grader looks at: all, or all but the samples (``ignore_sample``,
    which, like Kattis's grader, keeps the last result when the samples are all there is)."""
    if not group.ignore_sample:
        return list(children)
    rest = [c for c in children if not (isinstance(c, TestGroup) and c.name.rsplit("/", 1)[-1] == "sample")]
    return rest or list(children)[-1:]


def _clamp(value: float, bounds: tuple[float, float] | None) -> float:
    if bounds is None:
        return value
    low, high = bounds
    return min(max(value, low), high)


def _ran(node: Node, outcomes: Mapping[str, Outcome]) -> bool:
    if isinstance(node, TestCase):
        return node.name in outcomes
    return any(test.name in outcomes for test in node.tests())


def score(node: Node, outcomes: Mapping[str, Outcome]) -> float:
    """What a node earned; tests missing from ``outcomes`` earned nothing."""
    if isinstance(node, TestCase):
        outcome = outcomes.get(node.name)
        if outcome is None:
            return 0.0
        share = min(max(outcome.fraction, 0.0), 1.0)
        if outcome.verdict is Verdict.AC or share > 0:
            return share * node.points
        return node.reject_points
    ran = _counted(node, [child for child in node.children if _ran(child, outcomes)])
    if not ran:
        return 0.0
    if node.aggregation is Aggregation.PASS_FAIL:
        return max_score(node) if verdict(node, outcomes) is Verdict.AC else 0.0
    if node.points is None:
        earned = _printed(node, _aggregate(node.aggregation, [score(child, outcomes) for child in ran]))
    elif node.aggregation is Aggregation.SUM:
        natural = sum(max_score(child) for child in _counted(node, node.children))
        earned = node.points * sum(score(child, outcomes) for child in ran) / natural if natural > 0 else 0.0
    else:
        earned = node.points * _aggregate(node.aggregation, [fraction(child, outcomes) for child in ran])
    return earned


RANGE_SLACK = 1e-9
"""How far past its range a group's score may be from floating-point sums alone (0.1 x 3 is 0.30000000000000004)."""


def unearnable_range(root: TestGroup) -> float | None:
    """The top of the root's ``range`` when it is more than the tests can earn, else ``None``. hoithi gives full
    marks at what the tests can earn (``max_score``); problemtools calls only the range's top a full score, warns
    of an accepted submission below it ("did not attain full score") and counts one there as partially
    accepted."""
    if root.score_range is None:
        return None
    high = root.score_range[1]
    return high if high > max_score(root) + RANGE_SLACK else None


def out_of_range(root: TestGroup, outcomes: Mapping[str, Outcome]) -> list[str]:
    """The groups, of those where a test ran, whose score falls outside their ``score_range``, each as
    ``'data/secret/g1: score 90 outside its range [0, 60]'``, outermost first.

    problemtools' verifyproblem reports such a score as an error in the package (the organiser's accept_score,
    reject_score or range is wrong) and clamps nothing, so no score of such a grading can be trusted."""
    found: list[str] = []

    def visit(group: TestGroup) -> None:
        if not _ran(group, outcomes):
            return
        if group.score_range is not None:
            low, high = group.score_range
            earned = score(group, outcomes)
            if earned < low - RANGE_SLACK or earned > high + RANGE_SLACK:
                where = f"data/{group.name}" if group.name else "data"
                found.append(f"{where}: score {earned:g} outside its range [{low:g}, {high:g}]")
        for child in group.children:
            if isinstance(child, TestGroup):
                visit(child)

    visit(root)
    return found


def fraction(node: Node, outcomes: Mapping[str, Outcome]) -> float:
    """What share of its maximum a node earned; for a node worth nothing, 1 if it was accepted else 0."""
    top = max_score(node)
    if top > 0:
        return min(max(score(node, outcomes) / top, 0.0), 1.0)
    return 1.0 if verdict(node, outcomes) is Verdict.AC else 0.0


def verdict(node: Node, outcomes: Mapping[str, Outcome]) -> Verdict | None:
    """The verdict of a node from the outcomes of the tests that ran below it; ``None`` when none ran."""
    if isinstance(node, TestCase):
        outcome = outcomes.get(node.name)
        return None if outcome is None else outcome.verdict
    ran = [(child, found) for child in node.children if (found := verdict(child, outcomes)) is not None]
    if not ran:
        return None
    if any(found is Verdict.JE for _, found in ran):
        return Verdict.JE  # the score cannot be trusted, whatever the grader would say
    counted_nodes = _counted(node, [child for child, _ in ran])
    verdicts = [found for child, found in ran if child in counted_nodes]
    if node.accept_if_any_accepted and Verdict.AC in verdicts:
        return Verdict.AC
    if node.verdict_rule is VerdictRule.ALWAYS_ACCEPT:
        return Verdict.AC
    if node.verdict_rule is VerdictRule.WORST_ERROR:
        return min(verdicts, key=WORST_FIRST.index, default=Verdict.AC)
    return next((found for found in verdicts if found is not Verdict.AC), Verdict.AC)


def summarise(root: TestGroup, outcomes: Mapping[str, Outcome]) -> Summary:
    """The submission's verdict and score (clamped to ``[0, max]``) from the outcomes of the tests run."""
    top = max_score(root)
    earned = min(max(score(root, outcomes), 0.0), top)
    return Summary(verdict(root, outcomes) or Verdict.AC, earned, top)


def subtask_scores(root: TestGroup, outcomes: Mapping[str, Outcome]) -> dict[str, float]:
    """What a submission earned in each subtask, for a scoreboard that adds up the best of every subtask across
    submissions.

    The subtasks are the groups directly under ``secret`` (keyed by their path, e.g. ``secret/group1``) when
    the root and ``secret`` add up their children, so that each group's share of the total is exact. Whatever
    else the submission earned (samples, tests directly in ``secret``, a problem without subtasks or scored all
    or nothing as a whole) is under the key ``""``. The values add up to the submission's score.

    The values keep nine places (``PART_PLACES``), not the four a score is shown with: a subtask's best may come
    from one submission and another's from a second, and parts rounded to four places apart do not add up again
    (three subtasks of 100/3 gave 3 x 33.3333 = 99.9999 where one submission solving all three scores 100). The
    scoreboard rounds the sum to four places.
    """
    total = min(max(score(root, outcomes), 0.0), max_score(root))
    parts: dict[str, float] = {}
    secret = next((c for c in root.children if isinstance(c, TestGroup) and c.name == "secret"), None)
    if secret is not None and root.aggregation is Aggregation.SUM and secret.aggregation is Aggregation.SUM:
        scale = _scale(root) * _scale(secret)
        for child in secret.children:
            if isinstance(child, TestGroup):
                parts[child.name] = round(score(child, outcomes) * scale, PART_PLACES)
    if sum(parts.values()) > total + 1e-6:  # the total clamped below its parts (to [0, max]): no exact split
        parts = {}
    parts[""] = round(max(total - sum(parts.values()), 0.0), PART_PLACES)
    return parts


def _scale(group: TestGroup) -> float:
    """How much a point earned by the group's children is worth in the group's own score."""
    if group.points is None:
        return 1.0
    natural = _natural_max(group)
    return group.points / natural if natural > 0 else 0.0


def judge_tests(root: TestGroup, run: Callable[[TestCase], Outcome]) -> dict[str, Outcome]:
    """Run every test in order with ``run`` and collect the outcomes by test name.

    A failed test does not stop the others, except inside a group whose ``on_reject`` is ``break``: there the
    rest of that group is skipped (and absent from the result). A judge error (the checker's fault) stops them
    all: the result is JE whatever the rest would earn, and a broken checker would spend its limits on each.
    """
    outcomes: dict[str, Outcome] = {}

    def visit(group: TestGroup) -> bool:
        """Judge ``group``'s tests; False once one of them is a judge error."""
        for child in group.children:
            if isinstance(child, TestCase):
                outcomes[child.name] = run(child)
                if outcomes[child.name].verdict is Verdict.JE:
                    return False
            elif not visit(child):
                return False
            # as in Kattis, a child group "fails" by its own verdict, which its grader flags may make AC
            if group.on_reject is OnReject.BREAK and verdict(child, outcomes) not in (Verdict.AC, None):
                break
        return True

    visit(root)
    return outcomes


def spread_points(node: TestGroup) -> TestGroup:
    """The same tree with each group's own ``points`` shared out among its tests by their weights.

    After this, a test's ``points`` is its real share of the maximum, so per-test scores add up to the
    group's (exactly for ``sum`` groups; for ``min`` groups when every test passed). Maximum scores and
    totals are unchanged.
    """
    spread = _spread(node, 1.0)
    assert isinstance(spread, TestGroup)
    return spread


def _spread(node: Node, scale: float) -> Node:
    if isinstance(node, TestCase):
        return (
            node
            if scale == 1.0
            else replace(node, points=node.points * scale, reject_points=node.reject_points * scale)
        )
    bounds = node.score_range
    if bounds is not None and scale != 1.0:  # a range set below a group with its own points scales with it
        bounds = (bounds[0] * scale, bounds[1] * scale)
    if node.points is not None:
        natural = sum(max_score(child) for child in node.children)
        scale = scale * node.points / natural if natural > 0 else 0.0
    children = tuple(_spread(child, scale) for child in node.children)
    places = node.places if scale == 1.0 else None  # scaled, its score is no longer what a grader printed
    return replace(node, children=children, score_range=bounds, places=places)
