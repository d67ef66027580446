"""Fixtures of the sandbox conformance suite: every test runs on every backend."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sandbox import cgroups
from sandbox.backends import BACKENDS
from sandbox.session import Backend, Session


def usable(name: str) -> Backend:
    """The backend ``name`` if it works here; else the test is skipped, or fails when
    ``HOITHI_REQUIRE_SANDBOX=1`` (CI must not pass by skipping)."""
    made = BACKENDS[name]()
    reason = made.check()
    if reason is not None:
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"{name} sandbox required but unusable: {reason}")
        pytest.skip(f"{name} sandbox unusable: {reason}")
    return made


@pytest.fixture(
    scope="module",
    params=[pytest.param("docker", marks=pytest.mark.docker), pytest.param("bwrap", marks=pytest.mark.bwrap)],
)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each backend in turn: every test that uses it is part of the conformance suite."""
    return usable(request.param)


@pytest.fixture
def docker_backend() -> Backend:
    return usable("docker")


@pytest.fixture
def session(backend: Backend) -> Iterator[Session]:
    with backend.open_session() as opened:
        yield opened


@pytest.fixture(
    params=[pytest.param("docker", marks=pytest.mark.docker), pytest.param("bwrap", marks=pytest.mark.bwrap)]
)
def own_cgroup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Backend, str]]:
    """Each backend, making its sessions under a cgroup folder of this test's own (``HOITHI_CGROUP``), leaving no
    sandbox ready for a next command (``sandbox/handover.py``, tested on its own): what is left is counted."""
    base = f"hoithi/test-pool-{os.getpid()}"
    monkeypatch.setenv("HOITHI_CGROUP", base)
    monkeypatch.setenv("HOITHI_CLI_WARM_SANDBOX", "0")
    yield usable(request.param), base
    for root in cgroups.detect().mounts:
        if (root / base).is_dir():
            (root / base).rmdir()
