"""``hoithi judge run``'s sandbox, started before click parses: handed to the command only for the backend click
then names, and destroyed when nobody takes it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from judge import early_sandbox
from sandbox import cgroups, engine
from sandbox.docker_api import CONTAINER_PREFIX
from sandbox.docker_leftovers import OWNER_LABEL, SANDBOX_LABEL
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend

from ..sandbox.conftest import usable
from ..sandbox.test_ahead import _none_left
from ..sandbox.test_pool import _session_folders

SUM = Path(__file__).parent / "data" / "themis" / "SUM"
SOURCE = SUM / "submissions" / "accepted" / "sum_stdio.py"


@pytest.fixture
def own_cgroup(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The sessions' cgroups under a folder of this test's own, so that what is left of them can be counted, and no
    sandbox left ready for a next command (``sandbox/handover.py``, tested in tests/sandbox/test_handover.py)."""
    base = f"hoithi/test-early-{os.getpid()}"
    monkeypatch.setenv("HOITHI_CGROUP", base)
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX", "0")
    yield base
    for root in cgroups.detect().mounts:
        if (root / base).is_dir():
            (root / base).rmdir()


def test_other_commands_start_no_sandbox() -> None:
    for argv in (["judge", "verify", "pkg"], ["judge", "run", "pkg", "a.cpp", "--help"], ["--help"], []):
        with early_sandbox.started(argv):
            assert early_sandbox.take(None) is None


@pytest.mark.bwrap
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


@pytest.mark.bwrap
def test_a_sandbox_started_for_another_backend_is_destroyed(backend: Backend, own_cgroup: str) -> None:
    with early_sandbox.started(["judge", "run", "pkg", "a.py", "--sandbox", "bwrap"]):
        assert early_sandbox.take("docker") is None
        assert _none_left(backend, own_cgroup)


@pytest.mark.bwrap
def test_a_sandbox_nobody_takes_is_destroyed_on_leaving(backend: Backend, own_cgroup: str) -> None:
    with early_sandbox.started(["judge", "run", "no-such-package", "a.py", "--sandbox", "bwrap"]):
        pass
    assert _none_left(backend, own_cgroup)


def _hoithi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``hoithi`` as its console script runs it, in a process of its own."""
    command = [sys.executable, "-c", "import sys; from app.cli import main; sys.argv[0] = 'hoithi'; sys.exit(main())"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.mark.bwrap
def test_hoithi_judge_run_grades_in_the_sandbox_it_started_first(backend: Backend, own_cgroup: str) -> None:
    graded = _hoithi("judge", "run", SUM, SOURCE, "--sandbox", "bwrap")
    assert (graded.returncode, graded.stdout.splitlines()[-1]) == (0, "AC  100 / 100"), graded.stderr
    assert _none_left(backend, own_cgroup)
    refused = _hoithi("judge", "run", SUM, "no-such-source.py", "--sandbox", "bwrap")
    assert refused.returncode == 2  # click's usage error; the sandbox started for nothing is gone with the process
    assert "does not exist" in refused.stderr
    assert _none_left(backend, own_cgroup)
    failed = _hoithi("judge", "run", SUM, SOURCE, "--sandbox", "bwrap", "--lang", "no-such-language")
    assert (failed.returncode, failed.stdout) == (2, ""), failed.stderr
    assert "no-such-language" in failed.stderr


@pytest.mark.docker
def test_hoithi_judge_run_leaves_no_container(own_cgroup: str) -> None:
    usable("docker")
    command = [sys.executable, "-c", "import sys; from app.cli import main; sys.argv[0] = 'hoithi'; sys.exit(main())"]
    with subprocess.Popen(
        [*command, "judge", "run", str(SUM), str(SOURCE), "--sandbox", "docker"], stdout=subprocess.PIPE, text=True
    ) as hoithi:
        out, _ = hoithi.communicate(timeout=120)
    assert (hoithi.returncode, out.splitlines()[-1]) == (0, "AC  100 / 100")
    owner = f"{socket.gethostname()}:{hoithi.pid}"
    cli = engine.connect()  # lists without inspecting: a container removed meanwhile is no fault
    deadline = time.monotonic() + 30  # removed by a process of its own, after the command
    while any(
        owner == labels.get(OWNER_LABEL) for _, labels in cli.sandbox_containers(CONTAINER_PREFIX, SANDBOX_LABEL)
    ) or _session_folders(own_cgroup):
        assert time.monotonic() < deadline, "the command's container or its cgroup is left"
        time.sleep(0.05)
