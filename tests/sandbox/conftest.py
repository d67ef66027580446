"""Fixtures of the sandbox conformance suite: every test runs on every backend."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sandbox.backends import BACKENDS
from sandbox.session import Backend, Session


@pytest.fixture(
    scope="module",
    params=[pytest.param("docker", marks=pytest.mark.docker), pytest.param("bwrap", marks=pytest.mark.bwrap)],
)
def backend(request: pytest.FixtureRequest) -> Backend:
    """A working backend; a backend that does not work here is skipped, or fails the run when
    ``HOITHI_REQUIRE_SANDBOX=1`` (CI must not pass by skipping)."""
    made = BACKENDS[request.param]()
    reason = made.check()
    if reason is not None:
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"{request.param} sandbox required but unusable: {reason}")
        pytest.skip(f"{request.param} sandbox unusable: {reason}")
    return made


@pytest.fixture
def session(backend: Backend) -> Iterator[Session]:
    with backend.open_session() as opened:
        yield opened
