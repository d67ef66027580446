"""A Kattis package's test data: ``data/sample`` and ``data/secret`` as a tree of groups and tests, each group
tuned by its ``testdata.yaml`` (``judge.kattis_grading``), in the order problemtools judges them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import ProblemError
from .faults import Fault, fault
from .faults import FaultCode as F
from .files import entries
from .kattis_grading import GROUP_FILES, Own, Settings, group_settings, read_legacy_grading
from .problem import Aggregation, OnReject, TestCase, TestGroup

TOP_FOLDERS = ("sample", "secret")
GRADER_PLACES = 6
"""The decimals of a group's score as Kattis's default grader prints it (``%f``), which problemtools reads back."""


class Faults:
    """Collects what is wrong with a package, so that one report names every fault at once."""

    def __init__(self) -> None:
        self.found: list[Fault] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Record a ``ProblemError`` raised inside the block instead of letting it through."""
        try:
            yield
        except ProblemError as exc:
            self.found.extend(exc.faults)

    def add(self, found: Fault) -> None:
        self.found.append(found)

    def raise_any(self) -> None:
        if self.found:
            raise ProblemError(*self.found)


def score_as_in_2025(data: Path, owns: dict[Path, Own]) -> None:
    """A scoring problem of the 2025-09 format: ``secret`` is worth 100 unless it says otherwise, the samples
    nothing, and every test is judged (a group's score is the sum of its accepted tests, never cut short)."""
    secret = owns.get(data / "secret", Own({}))
    if secret.score is None:
        owns[data / "secret"] = replace(secret, score=100.0)
    top = owns.get(data, Own({}))
    owns[data] = replace(top, settings={"on_reject": OnReject.CONTINUE, **top.settings})


def test_tree(
    data: Path,
    kinds: list[str],
    grading: dict[str, Any],
    owns: dict[Path, Own],
    total_points: float,
    yaml_path: Path,
    faults: Faults,
) -> TestGroup:
    """The test tree under ``data``; a sample-only package is judged on its samples."""
    if "scoring" not in kinds:
        _refuse_score_keys(owns, grading, yaml_path, faults)
    scored = "scoring" in kinds or any(own.scored for own in owns.values())
    hoithi_points = any(own.score is not None for own in owns.values())
    legacy: dict[str, Any] = {}
    with faults.collect():
        legacy = read_legacy_grading(grading, yaml_path)
    top_own = owns.get(data, Own({}))
    top = group_settings(Settings(), top_own, legacy)
    if top.ignore_sample and top.on_reject is OnReject.BREAK:  # problemtools' TestCaseGroup.check
        faults.add(fault(F.KATTIS_IGNORE_SAMPLE_BREAK, data / "testdata.yaml"))
    children: list[TestGroup] = []
    only_samples = not (data / "secret").is_dir()
    for folder in TOP_FOLDERS:
        if not (data / folder).is_dir():
            continue
        group = _group(data / folder, folder, top, owns, legacy, faults)
        own = owns.get(data / folder, Own({}))
        counts = own.score is not None or "accept_score" in own.settings
        if folder == "sample" and scored and hoithi_points and not only_samples and not counts:
            group = replace(group, points=0.0)
        children.append(group)
    if scored:
        aggregation = top.aggregation
        points = top_own.score
    else:
        aggregation = Aggregation.PASS_FAIL
        points = total_points
    return TestGroup(
        "",
        tuple(children),
        points,
        aggregation,
        top.on_reject,
        top.verdict_rule,
        top.accept_if_any_accepted,
        top.ignore_sample and not only_samples,
        top.score_range if scored else None,
        GRADER_PLACES if points is None else None,
    )


_SCORING_ONLY = {"accept_score": "accept_score", "reject_score": "reject_score", "score_range": "range"}
"""problemtools' ``TestCaseGroup._SCORING_ONLY_KEYS`` (their names here: their names in the files)."""


def _refuse_score_keys(owns: dict[Path, Own], grading: dict[str, Any], yaml_path: Path, faults: Faults) -> None:
    """A pass-fail problem's ``accept_score``, ``reject_score`` and ``range`` (in a testdata.yaml or problem.yaml's
    legacy ``grading:``), which problemtools refuses there and DOMjudge ignores; hoithi had made the problem a
    scoring one."""
    for folder, own in sorted(owns.items()):
        file = next((folder / name for name in GROUP_FILES if (folder / name).is_file()), folder)
        for key, spelled in _SCORING_ONLY.items():
            if key in own.settings:
                faults.add(fault(F.KATTIS_SCORE_KEY_PASS_FAIL, file, key=spelled))
    for spelled in _SCORING_ONLY.values():
        if grading.get(spelled) is not None:
            faults.add(fault(F.KATTIS_SCORE_KEY_PASS_FAIL, yaml_path, key=spelled))


def _group(
    folder: Path,
    rel: str,
    inherited: Settings,
    owns: dict[Path, Own],
    legacy: dict[str, Any],
    faults: Faults,
) -> TestGroup:
    own = owns.get(folder, Own({}))
    here = group_settings(inherited, own, legacy)
    if here.ignore_sample:  # problemtools refuses it, its grader keeping only the last of 1 or 2 results
        faults.add(fault(F.KATTIS_IGNORE_SAMPLE_BELOW_TOP, folder))
    children: list[TestGroup | TestCase] = []
    for path in sorted(entries(folder), key=_listing_key):
        if path.is_dir():
            children.append(_group(path, f"{rel}/{path.name}", here, owns, legacy, faults))
        elif path.suffix == ".in":
            answer = path.with_suffix(".ans")
            if not answer.is_file():
                faults.add(fault(F.KATTIS_TEST_WITHOUT_ANSWER, path, answer=answer.name))
                continue
            test = TestCase(
                f"{rel}/{path.stem}",
                rel,
                path,
                answer,
                here.accept_score,
                here.flags,
                here.reject_score,
                here.input_flags,
            )
            children.append(test)
        elif path.suffix == ".ans" and not path.with_suffix(".in").is_file():
            faults.add(fault(F.KATTIS_ANSWER_WITHOUT_INPUT, path, input=f"{path.stem}.in"))
    if not children and rel != "sample":
        faults.add(fault(F.KATTIS_EMPTY_GROUP, folder))
    return TestGroup(
        rel,
        tuple(children),
        own.score,
        here.aggregation,
        here.on_reject,
        here.verdict_rule,
        here.accept_if_any_accepted,
        False,  # refused above
        here.score_range,
        GRADER_PLACES if own.score is None else None,
    )


def _listing_key(path: Path) -> str:
    """Where ``path`` comes in a group's judging order, as problemtools orders it: it walks the group's folder in
    ``sorted(os.listdir())`` order (by code point: ``10`` before ``2``, ``B`` before ``a``), meeting a test at its
    ``.ans`` file and a subgroup at its folder (DOMjudge too ranks tests by their names' string order). The order
    decides which tests run before an ``on_reject: break`` and which error comes first."""
    return path.name if path.is_dir() else path.stem + ".ans"
