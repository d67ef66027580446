"""A sandbox opened ahead for a one-shot command: the first session is the one started in the background, a
container is destroyed by a process of its own after its session closes, and nothing is left behind."""

from __future__ import annotations

import time

import pytest

from sandbox.ahead import OpenedAhead
from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend, SandboxError

from .test_pool import MARKED, _sandboxes, _session_folders

PYTHON = LANGUAGES["python"]


def _none_left(backend: Backend, base: str, timeout: float = 30.0) -> bool:
    """Whether this test's sandboxes and their cgroups are gone within ``timeout`` seconds (a container's removal
    may still be under way in the process it was left to)."""
    deadline = time.monotonic() + timeout
    while _sandboxes(backend) or _session_folders(base):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow
def test_the_first_session_is_opened_ahead_and_later_ones_fresh(own_cgroup: tuple[Backend, str]) -> None:
    backend, base = own_cgroup
    with OpenedAhead(lambda: backend) as ahead:
        assert ahead.backend() is backend
        assert (ahead.name, ahead.image) == (backend.name, backend.image)
        seen = []
        for _ in range(2):
            with ahead.open_session() as session:
                assert session.compile(PYTHON, MARKED).ok
                result = session.run(Limits()).result
                assert result.ok, result
                marked, _, where = result.stdout.decode().partition(" ")
                assert marked == "False"  # no marker of the session before
                seen.append(where)
        assert len(set(seen)) == 2
    assert _none_left(backend, base)


@pytest.mark.slow
def test_a_session_never_taken_is_destroyed_on_close(own_cgroup: tuple[Backend, str]) -> None:
    backend, base = own_cgroup
    with OpenedAhead(lambda: backend):
        pass
    assert _none_left(backend, base)


def test_a_backend_that_cannot_be_made_is_raised_where_asked() -> None:
    def missing() -> Backend:
        raise SandboxError("no sandbox backend works here")

    ahead = OpenedAhead(missing)
    with pytest.raises(SandboxError, match="no sandbox backend"):
        ahead.backend()
    with pytest.raises(SandboxError, match="no sandbox backend"):
        ahead.open_session()
    ahead.close()
    ahead.close()
