"""Scoring: points per test, subtask groups by sum or min, on_reject, verdict order, clamping."""

from __future__ import annotations

import pytest

from judge.problem import Aggregation, OnReject, TestCase, TestGroup
from judge.scoring import (
    Outcome,
    judge_tests,
    max_score,
    out_of_range,
    score,
    spread_points,
    subtask_scores,
    summarise,
)
from judge.verdict import Verdict

AC = Outcome(Verdict.AC, 1.0)
WA = Outcome(Verdict.WA, 0.0)
TLE = Outcome(Verdict.TLE, 0.0)


def case(name: str, points: float = 1.0, group: str = "") -> TestCase:
    return TestCase(name, group, b"", b"", points)


def subtask(
    name: str,
    points: float | None,
    *tests: TestGroup | TestCase,
    aggregation: Aggregation = Aggregation.SUM,
    on_reject: OnReject = OnReject.CONTINUE,
) -> TestGroup:
    return TestGroup(name, tests, points, aggregation=aggregation, on_reject=on_reject)


def test_points_per_test_add_up() -> None:
    root = TestGroup("", (case("a", 30), case("b", 70)))
    assert max_score(root) == 100
    assert summarise(root, {"a": AC, "b": WA}) == summarise(root, {"a": AC, "b": WA})
    result = summarise(root, {"a": AC, "b": WA})
    assert (result.verdict, result.score, result.max_score) == (Verdict.WA, 30, 100)


def test_min_group_is_all_or_nothing() -> None:
    group = subtask("g", 40, case("a"), case("b"), aggregation=Aggregation.MIN)
    assert score(group, {"a": AC, "b": AC}) == 40
    assert score(group, {"a": AC, "b": WA}) == 0


def test_min_group_takes_the_worst_partial_fraction() -> None:
    group = subtask("g", 40, case("a"), case("b"), aggregation=Aggregation.MIN)
    outcomes = {"a": Outcome(Verdict.WA, 0.5), "b": Outcome(Verdict.WA, 0.25)}
    assert score(group, outcomes) == 10


def test_sum_group_with_own_points_scales_its_tests() -> None:
    group = subtask("g", 60, case("a"), case("b"), case("c"))
    assert score(group, {"a": AC, "b": AC, "c": WA}) == pytest.approx(40)


def test_subtasks_add_up_at_the_top() -> None:
    root = TestGroup(
        "",
        (
            subtask("s1", 40, case("a"), case("b"), aggregation=Aggregation.MIN),
            subtask("s2", 60, case("c"), case("d"), aggregation=Aggregation.MIN),
        ),
    )
    result = summarise(root, {"a": AC, "b": AC, "c": AC, "d": TLE})
    assert (result.verdict, result.score, result.max_score) == (Verdict.TLE, 40, 100)


def test_tests_that_did_not_run_earn_nothing() -> None:
    root = TestGroup("", (case("a", 50), case("b", 50)))
    assert summarise(root, {"a": AC}).score == 50


def test_verdict_is_the_first_failure_in_test_order() -> None:
    root = TestGroup("", (case("a"), case("b"), case("c")))
    # insertion order of the outcomes must not matter, only the order of the tests
    outcomes = {"c": WA, "b": TLE, "a": AC}
    assert summarise(root, outcomes).verdict is Verdict.TLE
    assert summarise(root, {"a": AC, "b": AC, "c": AC}).verdict is Verdict.AC


def test_judge_error_anywhere_makes_the_verdict_je() -> None:
    root = TestGroup("", (case("a"), case("b")))
    assert summarise(root, {"a": WA, "b": Outcome(Verdict.JE, 0.0)}).verdict is Verdict.JE


def test_score_is_clamped_to_zero_and_max() -> None:
    root = TestGroup("", (case("a", 10),))
    assert summarise(root, {"a": Outcome(Verdict.AC, 3.0)}).score == 10
    assert summarise(root, {"a": Outcome(Verdict.WA, -2.0)}).score == 0


def test_zero_point_group_counts_for_verdict_not_score() -> None:
    root = TestGroup("", (subtask("sample", 0.0, case("s")), subtask("secret", None, case("a", 100))))
    result = summarise(root, {"s": WA, "a": AC})
    assert (result.verdict, result.score, result.max_score) == (Verdict.WA, 100, 100)


def test_every_test_runs_after_a_failure_by_default() -> None:
    root = TestGroup("", (case("a"), case("b"), case("c")))
    ran: list[str] = []

    def run(test: TestCase) -> Outcome:
        ran.append(test.name)
        return WA

    assert list(judge_tests(root, run)) == ["a", "b", "c"]
    assert ran == ["a", "b", "c"]


def test_judging_stops_at_the_first_judge_error_whatever_on_reject_says() -> None:
    # a checker that fails (crashes, runs out of time) makes the submission JE whatever the other tests earn:
    # a looping Themis checker cost its 10 s on every test of the task (76 s for five tests) before the JE
    root = TestGroup("", (subtask("one", None, case("a"), case("b")), subtask("two", None, case("c"))))
    ran: list[str] = []

    def run(test: TestCase) -> Outcome:
        ran.append(test.name)
        return Outcome(Verdict.JE, 0.0) if test.name == "b" else WA

    outcomes = judge_tests(root, run)
    assert ran == ["a", "b"] and list(outcomes) == ["a", "b"]
    assert summarise(root, outcomes).verdict is Verdict.JE


def test_on_reject_break_skips_the_rest_of_that_group_only() -> None:
    root = TestGroup(
        "",
        (
            subtask("s1", 50, case("a"), case("b"), case("c"), on_reject=OnReject.BREAK),
            subtask("s2", 50, case("d"), case("e")),
        ),
    )
    results = {"a": AC, "b": WA, "c": AC, "d": WA, "e": AC}
    outcomes = judge_tests(root, lambda test: results[test.name])
    assert list(outcomes) == ["a", "b", "d", "e"]


def test_break_in_an_outer_group_stops_after_a_failed_subgroup() -> None:
    inner = subtask("g/1", None, case("a"), case("b"))
    outer = TestGroup("g", (inner, case("c")), on_reject=OnReject.BREAK)
    outcomes = judge_tests(TestGroup("", (outer,)), lambda test: WA if test.name == "a" else AC)
    assert list(outcomes) == ["a", "b"]


def test_spread_points_shares_group_points_among_tests() -> None:
    root = TestGroup(
        "",
        (
            subtask("s1", 40, case("a"), case("b"), aggregation=Aggregation.MIN),
            subtask("s2", 60, case("c", 1), case("d", 2)),
        ),
    )
    spread = spread_points(root)
    assert [t.points for t in spread.tests()] == pytest.approx([20, 20, 20, 40])
    outcomes = {"a": AC, "b": WA, "c": AC, "d": AC}
    assert score(spread, outcomes) == pytest.approx(score(root, outcomes)) == pytest.approx(60)
    assert max_score(spread) == max_score(root) == 100


def test_spread_points_nests() -> None:
    inner = subtask("g/1", 10, case("a"), case("b"))
    outer = TestGroup("g", (inner, case("c", 10)), points=40)
    spread = spread_points(TestGroup("", (outer,)))
    assert [t.points for t in spread.tests()] == pytest.approx([10, 10, 20])


def _with_subtasks(secret_points: float | None = None) -> TestGroup:
    """Samples worth nothing, then ``secret`` with an all-or-nothing subtask of 40 and a partial one of 60."""
    return TestGroup(
        "",
        (
            subtask("sample", 0, case("s", 0)),
            subtask(
                "secret",
                secret_points,
                subtask("secret/group1", 40, case("a"), case("b"), aggregation=Aggregation.MIN),
                subtask("secret/group2", 60, case("c"), case("d")),
            ),
        ),
    )


def test_subtask_scores_add_up_to_the_score() -> None:
    root = _with_subtasks()
    outcomes = {"s": AC, "a": AC, "b": WA, "c": AC, "d": WA}
    parts = subtask_scores(root, outcomes)
    assert parts == {"secret/group1": 0.0, "secret/group2": 30.0, "": 0.0}
    assert sum(parts.values()) == pytest.approx(summarise(root, outcomes).score)


def test_subtask_scores_follow_a_scaled_secret_group() -> None:
    parts = subtask_scores(_with_subtasks(secret_points=50), {"a": AC, "b": AC, "c": WA, "d": WA})
    assert parts == {"secret/group1": 20.0, "secret/group2": 0.0, "": 0.0}


def test_the_best_of_each_subtask_over_submissions_adds_up_to_a_full_score() -> None:
    """Three subtasks of 100/3 points each, solved one per submission, make 100 on a best-per-subtask scoreboard
    (which adds the best of each subtask and rounds to four places), as one submission solving them all does; not
    99.9999, a rank below for the same work."""
    root = TestGroup(
        "",
        (subtask("secret", 100, *(subtask(f"secret/g{i}", None, case(f"t{i}")) for i in range(3))),),
    )
    best: dict[str, float] = {}
    for solved in range(3):
        outcomes = {f"t{i}": AC if i == solved else WA for i in range(3)}
        for key, value in subtask_scores(root, outcomes).items():
            best[key] = max(best.get(key, 0.0), value)
    whole = summarise(root, {f"t{i}": AC for i in range(3)}).score
    assert round(sum(best.values()), 4) == round(whole, 4) == 100


def test_a_problem_without_subtasks_is_one_subtask() -> None:
    root = TestGroup("", (case("a", 30), case("b", 70)))
    assert subtask_scores(root, {"a": AC, "b": WA}) == {"": 30.0}
    all_or_nothing = TestGroup("", (subtask("secret", None, subtask("secret/g", 10, case("x"))),), 100, Aggregation.MIN)
    assert subtask_scores(all_or_nothing, {"x": AC}) == {"": 100.0}


def test_a_range_bounds_a_group_and_clamps_nothing() -> None:
    """problemtools checks every group that was judged against its own range, the inner groups too, and clamps
    no score; a group where no test ran is not checked, and floating-point sums do not count as outside."""
    inner = TestGroup("secret/g", (case("a", 30), case("b", 30)), score_range=(0.0, 50.0))
    tenths = TestGroup("secret/t", tuple(case(f"t{i}", 0.1) for i in range(3)), score_range=(0.0, 0.3))
    root = TestGroup("", (TestGroup("secret", (inner, tenths), score_range=(0.0, 100.0)),))
    both = {"a": AC, "b": AC, "t0": AC, "t1": AC, "t2": AC}
    assert score(root, both) == pytest.approx(60.3)  # not clamped to 50 + 0.3
    assert out_of_range(root, both) == ["data/secret/g: score 60 outside its range [0, 50]"]
    assert out_of_range(root, {"a": AC, "b": WA, "t0": AC, "t1": AC, "t2": AC}) == []
    assert out_of_range(root, {"t0": AC}) == []  # secret/g did not run
    assert max_score(inner) == 50  # the most it can earn without a fault
