"""Fixtures of the judge's tests: sample packages and the real bubblewrap sandbox."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.session import Backend, SandboxError

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def judge_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Unpacked zips go to a folder of the test run, not the host's shared cache."""
    folder = tmp_path_factory.mktemp("judge-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOITHI_JUDGE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def backend() -> Backend:
    """The bubblewrap backend; the test is skipped when it cannot run here (failed if
    ``HOITHI_REQUIRE_SANDBOX=1``)."""
    from sandbox.backends import get_backend

    try:
        found = get_backend("bwrap")
        reason = found.check()
    except SandboxError as exc:
        reason = str(exc)
    if reason is not None:
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"bubblewrap sandbox required but unavailable: {reason}")
        pytest.skip(f"bubblewrap sandbox unavailable: {reason}")
    return found


@pytest.fixture
def package(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of a sample package under ``tests/judge/data`` that the test may change."""

    def copy(name: str) -> Path:
        target = tmp_path / Path(name).name
        shutil.copytree(DATA / name, target)
        return target

    return copy
