"""``hoithi judge run``'s sandbox, started before click parses: handed to the command only for the backend click
then names, and destroyed when nobody takes it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from judge import early_sandbox
from sandbox import cgroups
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend

from ..sandbox.test_ahead import _none_left

pytestmark = pytest.mark.bwrap

SUM = Path(__file__).parent / "data" / "themis" / "SUM"
SOURCE = SUM / "submissions" / "accepted" / "sum_stdio.py"


@pytest.fixture
def own_cgroup(monkeypatch: pytest.MonkeyPatch, backend: Backend) -> Iterator[str]:
    """The sessions' cgroups under a folder of this test's own, so that what is left of them can be counted."""
    base = f"hoithi/test-early-{os.getpid()}"
    monkeypatch.setenv("HOITHI_CGROUP", base)
    yield base
    for root in cgroups.detect().mounts:
        if (root / base).is_dir():
            (root / base).rmdir()


def test_other_commands_start_no_sandbox() -> None:
    for argv in (["judge", "verify", "pkg"], ["judge", "run", "pkg", "a.cpp", "--help"], ["--help"], []):
        with early_sandbox.started(argv):
            assert early_sandbox.take(None) is None


def test_the_command_takes_the_sandbox_started_for_its_backend(backend: Backend, own_cgroup: str) -> None:
    for argv in (["judge", "run", "pkg", "a.py", "--sandbox", "bwrap"], ["judge", "run", "--sandbox=bwrap", "p", "a"]):
        with early_sandbox.started(argv):
            early = early_sandbox.take("bwrap")
            assert early is not None
            assert early_sandbox.take("bwrap") is None  # once
            with early, early.open_session() as session:
                assert early.backend().name == "bwrap"
                assert session.compile(LANGUAGES["python"], b"print(2)").ok
                assert session.run(Limits()).result.stdout == b"2\n"
    assert _none_left(backend, own_cgroup)


def test_a_sandbox_started_for_another_backend_is_destroyed(backend: Backend, own_cgroup: str) -> None:
    with early_sandbox.started(["judge", "run", "pkg", "a.py", "--sandbox", "bwrap"]):
        assert early_sandbox.take("docker") is None
        assert _none_left(backend, own_cgroup)


def test_a_sandbox_nobody_takes_is_destroyed_on_leaving(backend: Backend, own_cgroup: str) -> None:
    with early_sandbox.started(["judge", "run", "no-such-package", "a.py", "--sandbox", "bwrap"]):
        pass
    assert _none_left(backend, own_cgroup)


def test_hoithi_judge_run_grades_in_the_sandbox_it_started_first(
    backend: Backend, own_cgroup: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["hoithi", "judge", "run", str(SUM), str(SOURCE), "--sandbox", "bwrap"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert capsys.readouterr().out.splitlines()[-1] == "AC  100 / 100"
    assert _none_left(backend, own_cgroup)
    monkeypatch.setattr(sys, "argv", ["hoithi", "judge", "run", str(SUM), "no-such-source.py", "--sandbox", "bwrap"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2  # click's usage error; the sandbox started for nothing is gone
    assert _none_left(backend, own_cgroup)
