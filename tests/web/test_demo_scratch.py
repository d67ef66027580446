"""The demo's Scratch projects are judged as the demo says they were: its Bảng A task, built as the demo builds
it, graded by the real judge in bubblewrap, accepts the sample solution and gives the perimeter project WA on
exactly the tests the demo's stored report marks wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.demo import primary
from judge.grader import grade
from judge.package import LoadOptions, load_problem
from judge.verdict import Verdict
from sandbox.languages import LANGUAGES

from ..sandbox.conftest import usable


@pytest.mark.slow
@pytest.mark.bwrap
@pytest.mark.parametrize("project", sorted(primary.PROJECTS))
def test_the_demo_projects_get_the_verdicts_the_demo_stores(tmp_path: Path, project: str) -> None:
    problem = load_problem(primary.package(tmp_path), LoadOptions(time_limit_s=primary.TIME_LIMIT_S))
    report = grade(problem, primary.PROJECTS[project](), LANGUAGES["scratch"], usable("bwrap"))
    assert [t.verdict.value for t in report.tests] == primary.verdicts(project), report
    assert report.verdict is (Verdict.AC if project == "area" else Verdict.WA)
