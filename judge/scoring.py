"""Scores from test outcomes: points per test, subtask groups by ``sum`` or ``min``, ``on_reject``.

Pure functions over the test tree of ``judge.problem``; nothing here runs a program.

- A test earns ``fraction x points``.
- A ``sum`` group earns the sum of its children (scaled to its ``points`` when it has its own).
- A ``min`` group earns ``points x`` the smallest fraction among its children (IOI subtasks: all or nothing
  when tests are all-or-nothing).
- Tests that did not run (after a ``break``) earn nothing.
- The verdict is JE if any test is JE (the score cannot be trusted), else the verdict of the first test
  that failed in judging order, else AC.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from .problem import Aggregation, OnReject, TestCase, TestGroup
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


def max_score(node: Node) -> float:
    """The most a node can earn."""
    if isinstance(node, TestCase):
        return node.points
    if node.points is not None:
        return node.points
    return sum(max_score(child) for child in node.children)


def score(node: Node, outcomes: Mapping[str, Outcome]) -> float:
    """What a node earned; tests missing from ``outcomes`` earned nothing."""
    if isinstance(node, TestCase):
        return _fraction_of_test(node, outcomes) * node.points
    top = max_score(node)
    if node.aggregation is Aggregation.MIN:
        fractions = [fraction(child, outcomes) for child in node.children]
        return top * min(fractions, default=1.0)
    earned = sum(score(child, outcomes) for child in node.children)
    if node.points is None:
        return earned
    natural = sum(max_score(child) for child in node.children)
    return node.points * earned / natural if natural > 0 else 0.0


def fraction(node: Node, outcomes: Mapping[str, Outcome]) -> float:
    """What share of its maximum a node earned; for a node worth nothing, 1 if all its tests passed else 0."""
    if isinstance(node, TestCase):
        return _fraction_of_test(node, outcomes)
    top = max_score(node)
    if top > 0:
        return score(node, outcomes) / top
    passed = all(_outcome(test, outcomes).verdict is Verdict.AC for test in node.tests())
    return 1.0 if passed else 0.0


def _outcome(test: TestCase, outcomes: Mapping[str, Outcome]) -> Outcome:
    return outcomes.get(test.name) or Outcome(Verdict.WA, 0.0)


def _fraction_of_test(test: TestCase, outcomes: Mapping[str, Outcome]) -> float:
    return min(max(_outcome(test, outcomes).fraction, 0.0), 1.0)


def summarise(root: TestGroup, outcomes: Mapping[str, Outcome]) -> Summary:
    """The submission's verdict and score (clamped to ``[0, max]``) from the outcomes of the tests run."""
    top = max_score(root)
    earned = min(max(score(root, outcomes), 0.0), top)
    ran = [outcomes[test.name].verdict for test in root.tests() if test.name in outcomes]
    failed = [v for v in ran if v is not Verdict.AC]
    return Summary(Verdict.JE if Verdict.JE in failed else next(iter(failed), Verdict.AC), earned, top)


def subtask_scores(root: TestGroup, outcomes: Mapping[str, Outcome]) -> dict[str, float]:
    """What a submission earned in each subtask, for a scoreboard that adds up the best of every subtask across
    submissions.

    The subtasks are the groups directly under ``secret`` (keyed by their path, e.g. ``secret/group1``) when
    the root and ``secret`` add up their children, so that each group's share of the total is exact. Whatever
    else the submission earned (samples, tests directly in ``secret``, a problem without subtasks or scored all
    or nothing as a whole) is under the key ``""``. The values add up to the submission's score.
    """
    total = min(max(score(root, outcomes), 0.0), max_score(root))
    parts: dict[str, float] = {}
    secret = next((c for c in root.children if isinstance(c, TestGroup) and c.name == "secret"), None)
    if secret is not None and root.aggregation is Aggregation.SUM and secret.aggregation is Aggregation.SUM:
        scale = _scale(root) * _scale(secret)
        for child in secret.children:
            if isinstance(child, TestGroup):
                parts[child.name] = round(score(child, outcomes) * scale, 4)
    parts[""] = round(max(total - sum(parts.values()), 0.0), 4)
    return parts


def _scale(group: TestGroup) -> float:
    """How much a point earned by the group's children is worth in the group's own score."""
    if group.points is None:
        return 1.0
    natural = sum(max_score(child) for child in group.children)
    return group.points / natural if natural > 0 else 0.0


def judge_tests(root: TestGroup, run: Callable[[TestCase], Outcome]) -> dict[str, Outcome]:
    """Run every test in order with ``run`` and collect the outcomes by test name.

    A failed test does not stop the others, except inside a group whose ``on_reject`` is ``break``: there the
    rest of that group is skipped (and absent from the result).
    """
    outcomes: dict[str, Outcome] = {}

    def visit(group: TestGroup) -> bool:
        """Run a group; True when all its tests passed."""
        all_passed = True
        for child in group.children:
            if isinstance(child, TestCase):
                outcome = outcomes[child.name] = run(child)
                passed = outcome.verdict is Verdict.AC
            else:
                passed = visit(child)
            all_passed = all_passed and passed
            if not passed and group.on_reject is OnReject.BREAK:
                break
        return all_passed

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
        return node if scale == 1.0 else replace(node, points=node.points * scale)
    if node.points is not None:
        natural = sum(max_score(child) for child in node.children)
        scale = scale * node.points / natural if natural > 0 else 0.0
    return replace(node, children=tuple(_spread(child, scale) for child in node.children))
