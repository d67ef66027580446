"""A warm sandbox handed from one ``hoithi judge run`` to the next on this host (Docker, an engine on a local unix
socket).

A container's start (runc's, ~0.2-0.3 s here) is most of ``judge run``'s time, however early it is asked for. So
once a command has graded, it leaves one container started and never used for the next command on the host:

- Made (``make_ready``) by a process of its own after the command's grading (``ahead.OpenedAhead.close``), off the
  command's path, if none is waiting. It is a session's container, but for these: its harness talks over the
  engine's ``attach`` stream, the container's stdin and stdout (a unix socket would need a process of the host to
  outlive the wait), its stdout kept in no log (``LogConfig`` none: nothing of a run reaches the host's disk), it is
  made from the image's id, and its harness ends after ``idle_seconds()`` without a command. The maker reads the
  harness's greeting on a stdout-only attach, lets go, and only then names it ``hoithi-sbx-warm-<key>``: waiting.
  The key (``DockerBackend.warm_key``) hashes the container's configuration and the image's id: a command with
  another image (a rebuilt one), other limits, CPUs or cgroups finds no container under its key and never takes
  another's. Of two makers at once, the second's rename fails (the name is taken) and it removes its own.
- Claimed (``claim``) by the next command as its first sandbox: it renames the waiting container, by id, to
  ``hoithi-sbx-taken-<id>``. The engine renames under the container's lock and refuses a rename to the name the
  container already has: of two commands at once exactly one wins, and the other starts a sandbox of its own. (A
  rename to a name of each claimant's own would let both win: the engine looks the container up by its old name
  before it takes the lock.) The winner attaches to stdin and stdout, and uses the sandbox only if its harness
  answers a ping within ``PING_TIMEOUT_S``; one that does not is removed, never used.
- Used by that one command, then removed with its cgroup like any session: no state passes between commands (the
  container served none before). It is created with ``StdinOnce``: when the claimant's stream closes (the command
  ends, or dies) the harness's stdin ends and the container stops.
- Never left forever: a container nobody claims, or whose maker died before naming it, stops by itself after
  ``idle_seconds()``; a stopped one is removed, with its cgroup, by the next ``make_ready`` or sweep
  (``left_behind``). A running one is never swept: it waits, or serves a live command.

``HOITHI_CLI_WARM_SANDBOX=0`` turns it off. Workers keep their own warm pool (``sandbox/pool.py``); this is the
command line's. No program of a contestant reaches the harness's stream: it is the harness's stdin and stdout,
which no program inherits, and the harness is not dumpable (no ``/proc/1/fd``), as on an engine reached remotely.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING

from . import docker_leftovers
from .ahead import destroy_detached
from .channel import DockerAttachChannel
from .docker_api import CONTAINER_PREFIX, docker_errors
from .engine import Engine, EngineError, Listed, LocalEngine
from .harness_client import HarnessSession
from .session import SandboxError

if TYPE_CHECKING:
    from .docker_backend import DockerBackend

log = logging.getLogger(__name__)

WARM_LABEL = "org.hoithi.sandbox.warm"
"""The key (``DockerBackend.warm_key``) of a container made for a later command."""
WAITING = f"{CONTAINER_PREFIX}warm-"
"""A waiting container's name is this and its key: one at most per key."""
TAKEN = f"{CONTAINER_PREFIX}taken-"
"""A claimed container's name is this and its id."""
PING_TIMEOUT_S = 2.0
"""How long a claimed container's harness may take to answer before it is taken for dead."""
IDLE_S = 600.0
"""How long a waiting container waits for a command before its harness ends (``HOITHI_CLI_WARM_SANDBOX_IDLE``)."""


def enabled() -> bool:
    """Whether commands hand sandboxes over (``HOITHI_CLI_WARM_SANDBOX``, default on; ``0``, ``off``: not)."""
    return os.environ.get("HOITHI_CLI_WARM_SANDBOX", "1").strip().lower() not in ("0", "off", "no", "false")


def idle_seconds() -> float:
    """``HOITHI_CLI_WARM_SANDBOX_IDLE`` (seconds, above 0), else ``IDLE_S``."""
    try:
        seconds = float(os.environ.get("HOITHI_CLI_WARM_SANDBOX_IDLE") or IDLE_S)
    except ValueError:
        return IDLE_S
    return seconds if seconds > 0 else IDLE_S


def claim(backend: DockerBackend, cli: LocalEngine) -> HarnessSession | None:
    """The container waiting under ``backend``'s key, claimed, its harness answering; None when there is none,
    another claimant won it, or it does not answer (it is then removed by a process of its own)."""
    key = backend.warm_key(cli)
    try:
        with docker_errors("looking for a waiting sandbox"):
            found = cli.inspect(f"{WAITING}{key}")
    except SandboxError as exc:
        log.warning("%s", exc)
        return None
    if found is None:
        return None
    labels = (found.get("Config") or {}).get("Labels") or {}
    state = found.get("State") or {}
    cgroup = docker_leftovers.session_cgroup(labels)
    if labels.get(WARM_LABEL) != key or cgroup is None or not state.get("Running") or state.get("Paused"):
        return None  # stopped (left to ``make_ready`` and the sweep), or not one of ours
    container = str(found["Id"])
    try:
        cli.rename(container, f"{TAKEN}{container}")
    except EngineError:
        return None  # another command claimed it first, or it is gone
    try:
        stream, first = cli.attach(container, stdin=True)
    except EngineError as exc:
        log.warning("cannot attach to a waiting sandbox: %s", exc)
        destroy_detached(lambda: docker_leftovers.remove_with_cgroup(docker_leftovers.connect(), container, labels))
        return None
    session = backend.session_of(cli, container, stream, DockerAttachChannel(stream, first), cgroup)
    if session.alive(PING_TIMEOUT_S):
        return session
    log.warning("a waiting %s sandbox did not answer: removed, not used", backend.name)
    session.destroy_with(destroy_detached)
    session.close()
    return None


def make_ready(backend: DockerBackend) -> None:
    """Remove the handed-over containers of this host left behind, then, unless one waits under ``backend``'s key
    (as its image is now), start one and leave it waiting. For a process of its own: it waits for the start."""
    cli = docker_leftovers.connect()
    try:
        with docker_errors("looking up the runner image"):
            backend.check_image(cli)  # the key and the container are of the image as it is now
        key = backend.warm_key(cli)
        with docker_errors("listing sandbox containers"):
            found = cli.listing(CONTAINER_PREFIX, WARM_LABEL)
        waiting = False
        for listed in found:
            if left_behind(cli, listed):
                docker_leftovers.remove_with_cgroup(cli, listed.id, listed.labels)
            elif listed.name == f"{WAITING}{key}" and listed.state == "running":
                waiting = True
        if not waiting:
            _start_waiting(backend, cli, key)
    finally:
        cli.close()


def _start_waiting(backend: DockerBackend, cli: Engine, key: str) -> None:
    container, stream, channel, cgroup = backend.start(cli, key)
    try:
        HarnessSession(channel, lambda: None).wait_ready()
        stream.close()  # its stdin stays open: only a stream that may write to it closes it
        with docker_errors("naming the waiting sandbox"):
            cli.rename(container, f"{WAITING}{key}")
    except BaseException:
        stream.close()
        try:
            docker_leftovers.remove(cli, container)
        finally:
            cgroup.remove()
        raise


def left_behind(cli: Engine, listed: Listed) -> bool:
    """Whether a handed-over container of this host may be removed: its harness has ended (a container is never
    started again, so it serves nobody), or it was never started and its maker is gone (claimed first, so that one
    its maker did start and name meanwhile, and a command then claimed, is left alone). A running one never: it
    waits (and ends by itself), or serves a command (whose end stops it)."""
    owner = listed.labels.get(docker_leftovers.OWNER_LABEL, "")
    if owner.rpartition(":")[0] != socket.gethostname():
        return False
    if listed.state in ("exited", "dead"):
        return True
    if listed.state == "created" and docker_leftovers.abandoned(owner):
        try:
            cli.rename(listed.id, f"{TAKEN}{listed.id}")
        except (EngineError, OSError):
            return False
        return True
    return False
