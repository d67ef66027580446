"""The Docker backend's containers as a judge leaves them behind: the labels that say who made a sandbox container
and which cgroup is its session's, and the removal of those whose maker is gone (``sweep``), with their cgroups."""

from __future__ import annotations

import os
import socket

from . import cgroups, engine, handover
from .docker_api import CONTAINER_PREFIX, docker_errors

SANDBOX_LABEL = "org.hoithi.sandbox"
OWNER_LABEL = "org.hoithi.sandbox.owner"
"""``<host>:<pid>`` of the process that made the container."""
CGROUP_LABEL = "org.hoithi.sandbox.cgroup"
"""``<base>/<name>`` of the session's cgroup (``cgroups.SessionCgroup``): whoever removes the container removes it."""


def connect(timeout: float = 60) -> engine.Engine:
    with docker_errors("connecting to the engine"):
        return engine.connect(timeout)


def sweep(everything: bool = False) -> int:
    """Remove the sandbox containers left behind on this machine, with their sessions' cgroups; returns how many.

    A container is left behind when the process that made it is gone; a handed-over one (``handover``) when its
    harness has ended (``handover.left_behind``), never while it runs: it waits for a command or serves one.
    ``everything=True`` removes every sandbox container on the engine, in use or not (for when no judge runs).
    """
    cli = connect()
    with docker_errors("listing sandbox containers"):
        found = cli.listing(CONTAINER_PREFIX, SANDBOX_LABEL)
    swept = 0
    for listed in found:
        if handover.WARM_LABEL in listed.labels:
            left = everything or handover.left_behind(cli, listed)
        else:
            left = everything or abandoned(listed.labels.get(OWNER_LABEL, ""))
        if left:
            remove_with_cgroup(cli, listed.id, listed.labels)
            swept += 1
    return swept


def remove_with_cgroup(cli: engine.Engine, container: str, labels: dict[str, str]) -> None:
    """Remove the container, then its session's cgroup as its label names it (if it does)."""
    try:
        remove(cli, container)
    finally:
        cgroup = session_cgroup(labels)
        if cgroup is not None:
            cgroup.remove()


def session_cgroup(labels: dict[str, str]) -> cgroups.SessionCgroup | None:
    """The session's cgroup a container's labels name (``CGROUP_LABEL``), to remove it; None when they name none."""
    base, _, name = labels.get(CGROUP_LABEL, "").rpartition("/")
    if not base or not name or name in (".", ".."):
        return None
    return cgroups.SessionCgroup(cgroups.detect(), name, None, 0, 0, base)


def owner() -> str:
    """``<host>:<pid>`` of this process, as ``OWNER_LABEL`` names a container's maker."""
    return f"{socket.gethostname()}:{os.getpid()}"


def abandoned(owner: str) -> bool:
    """Whether ``owner`` (``<host>:<pid>``) is a process of this host that is gone."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def remove(cli: engine.Engine, container: str) -> None:
    """Remove the container (one already gone is fine)."""
    with docker_errors(f"removing the container {container[:12]}"):
        cli.remove(container)
