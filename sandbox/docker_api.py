"""Access to the Docker engine where every fault becomes a ``SandboxError``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import docker
import docker.errors

from .session import SandboxError

CONTAINER_PREFIX = "hoithi-sbx-"
"""Every sandbox container's name starts with this, so that leftovers can be found and swept."""


@contextmanager
def docker_errors(doing: str) -> Iterator[None]:
    """Turn any Docker or transport fault raised inside the block into ``SandboxError("<doing>: ...")``."""
    try:
        yield
    except (docker.errors.DockerException, OSError) as exc:  # requests' errors are OSErrors
        raise SandboxError(f"docker: {doing}: {exc}") from exc


def client(timeout: int = 60) -> docker.DockerClient:
    """A client of the engine named by the environment (``DOCKER_HOST``, default socket), checked alive."""
    with docker_errors("connecting to the engine"):
        cli = docker.from_env(timeout=timeout)
        cli.ping()
    return cli
