"""Access to the Docker engine where every fault becomes a ``SandboxError``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .session import SandboxError

if TYPE_CHECKING:
    import docker

CONTAINER_PREFIX = "hoithi-sbx-"
"""Every sandbox container's name starts with this, so that leftovers can be found and swept."""


@contextmanager
def docker_errors(doing: str) -> Iterator[None]:
    """Turn any Docker or transport fault raised inside the block into ``SandboxError("<doing>: ...")``: an
    ``OSError`` (``engine.EngineError``, requests' errors) or, where the Docker SDK is in use, its exceptions."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, OSError) or _sdk_fault(exc):
            raise SandboxError(f"docker: {doing}: {exc}") from exc
        raise


def _sdk_fault(exc: Exception) -> bool:
    errors = sys.modules.get("docker.errors")  # not imported: none of its faults can be raised
    return errors is not None and isinstance(exc, errors.DockerException)


def client(timeout: int = 60) -> docker.DockerClient:
    """A Docker SDK client of the engine named by the environment (``DOCKER_HOST``, default socket), checked alive
    (what ``sandbox.engine`` does not do: building the image, tests)."""
    import docker

    with docker_errors("connecting to the engine"):
        cli = docker.from_env(timeout=timeout)
        cli.ping()
    return cli
