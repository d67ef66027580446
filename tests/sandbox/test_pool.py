"""The warm pool: every session it hands out is fresh, a dead warm sandbox is replaced, and closing it leaves
nothing behind (no container, no cgroup)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from judge.program_cache import toolchain
from sandbox import cgroups, docker_api
from sandbox.docker_leftovers import OWNER_LABEL, SANDBOX_LABEL
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.pool import WarmPool
from sandbox.session import Backend, SandboxError

from .conftest import usable

PYTHON = LANGUAGES["python"]
MARKED = b"""import os
print("marker" in os.listdir("."), open("/proc/self/cgroup").read())
open("marker", "w").write("left by the first submission")
"""
"""Whether the box holds a marker, and which sandbox (session cgroup) this is; then leaves a marker."""


def _sandboxes(backend: Backend) -> int:
    """How many sandboxes this test process has running."""
    if backend.name == "docker":
        owner = f"{socket.gethostname()}:{os.getpid()}"
        with docker_api.docker_errors("listing"):
            found = docker_api.client().containers.list(all=True, filters={"label": SANDBOX_LABEL})
        return sum(1 for container in found if container.labels.get(OWNER_LABEL) == owner)
    return len(_bwrap_children())


def _bwrap_children() -> list[int]:
    mine = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:
            continue
        name, fields = rest.rsplit(") ", 1)
        if name == "bwrap" and int(fields.split()[1]) == os.getpid():
            mine.append(int(pid))
    return mine


def _kill_warm(backend: Backend) -> None:
    """Kill the pool's warm sandbox from outside, as a crash or an operator would."""
    if backend.name == "docker":
        owner = f"{socket.gethostname()}:{os.getpid()}"
        with docker_api.docker_errors("killing"):
            for container in docker_api.client().containers.list(filters={"label": SANDBOX_LABEL}):
                if container.labels.get(OWNER_LABEL) == owner:
                    container.kill()
        return
    # The whole tree, harness included, and wait for it to be gone: killing bwrap alone lets its harness answer a
    # ping for a moment longer (it dies of its parent's death asynchronously).
    tree = [pid for root in _bwrap_children() for pid in _tree(root)]
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.01)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            for child in children.read_text().split():
                found += _tree(int(child))
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is alive (a zombie, dead but not reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _session_folders(base: str) -> list[Path]:
    """The sessions' cgroups left under ``base``, in every mounted hierarchy (Docker makes one in each)."""
    folders = [root / base for root in cgroups.detect().mounts]
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_dir()]


def test_each_submission_gets_a_sandbox_nobody_used(own_cgroup: tuple[Backend, str]) -> None:
    backend, _ = own_cgroup
    with WarmPool(backend, 2) as pool:
        seen = []
        for _ in range(3):
            assert pool.wait_warm(120)
            with pool.open_session() as session:
                assert session.compile(PYTHON, MARKED).ok
                first = session.run(Limits()).result
                assert first.ok, first
                marked, _, where = first.stdout.decode().partition(" ")
                assert marked == "False"  # the marker of an earlier submission is not here
                seen.append(where)
                again = session.run(Limits()).result  # and no run sees the one before's either
                assert again.stdout.decode().startswith("False")
        assert len(set(seen)) == 3  # three sandboxes for three submissions


def test_a_dead_warm_sandbox_is_replaced_and_the_submission_judged(own_cgroup: tuple[Backend, str]) -> None:
    backend, _ = own_cgroup
    with WarmPool(backend, 1) as pool:
        assert pool.wait_warm(120)
        _kill_warm(backend)
        with pool.open_session() as session:
            assert session.compile(PYTHON, b"a, b = map(int, input().split())\nprint(a + b)\n").ok
            result = session.run(Limits(), stdin=b"2 3\n").result
        assert (result.ok, result.stdout) == (True, b"5\n")
        assert pool.replaced == 1


def test_closing_the_pool_leaves_no_sandbox_and_no_cgroup(own_cgroup: tuple[Backend, str]) -> None:
    backend, base = own_cgroup
    pool = WarmPool(backend, 2)
    assert pool.wait_warm(120)
    taken = pool.open_session()
    assert taken.compile(PYTHON, b"print(1)\n").ok
    taken.close()  # destroyed by the pool's thread
    assert pool.wait_warm(120)
    assert _sandboxes(backend) >= 2
    pool.close()
    assert _sandboxes(backend) == 0
    assert _session_folders(base) == []
    with pytest.raises(SandboxError, match="closed"):  # a closed pool opens nothing more
        pool.open_session()


@pytest.mark.docker
def test_a_pool_names_the_toolchain_of_its_backend() -> None:
    """The compilation cache keys a Docker compile by the runner image's id, through a pool as without one."""
    backend = usable("docker")
    with WarmPool(backend, 0) as pool:
        assert pool.image == backend.image
        named = toolchain(pool, LANGUAGES["cpp"])
    assert named.startswith("sha256:") and named == toolchain(backend, LANGUAGES["cpp"])
