"""The Docker backend: one container per session, the harness inside it as PID 1.

The container has no network, a read-only root, a size-capped tmpfs ``/box`` as its only writable place,
no ``/dev/shm``, memory equal to memory+swap, a pids limit, no capabilities, ``no-new-privileges``, and runs
as an unprivileged uid of its own (so that RLIMIT_NPROC, counted per uid, is not shared between sessions).
Commands travel over one stream, so a test costs a fork and exec inside, not a ``docker exec``: a unix socket the
harness connects to when the engine runs on this machine (a folder bound into the container for the moment of the
start, removed once the harness is connected; no program has run by then), else the engine's ``attach`` stream,
which relays every command and answer through the engine (a round trip of about 0.2 ms more per test). The
container runs on the CPUs of the thread that made it (a worker slot's core, ``hoithi worker --concurrency``).
A container started for a later ``hoithi judge run`` (``sandbox/handover.py``) talks over the ``attach`` stream too.
Containers are named ``hoithi-sbx-*`` and labelled with their maker and their session's cgroup:
``docker_leftovers.sweep()`` removes the ones a crashed judge left behind, and the cgroups with them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from typing import Any

from . import cgroups, engine, handover, scratch
from .channel import Channel, DockerAttachChannel, PipeChannel
from .docker_api import CONTAINER_PREFIX, docker_errors
from .docker_leftovers import CGROUP_LABEL, OWNER_LABEL, SANDBOX_LABEL, connect, owner, remove
from .harness_client import HarnessSession
from .harness_socket import HarnessSocket
from .harness_source import HARNESS_SOURCE, HARNESS_STAMP
from .image import (
    HARNESS_LABEL,
    HARNESS_PROGRAM,
    IMAGE_TAG,
    IMAGE_VERSION,
    SCRATCH_LABEL,
    VERSION_LABEL,
    WORKDIR,
)
from .session import Backend, SandboxError, Session

SESSION_UID_RANGE = (2_000_000_000, 2_100_000_000)
"""Uids for sessions: far above any real account's, below Docker's 2^31 bound."""
HARNESS_SOCKET_DIR = "/run/hoithi"
"""Where the folder holding the socket the harness connects to appears in the container (only while it starts)."""


class DockerBackend(Backend):
    """Sessions in containers of the runner image (``hoithi sandbox build-image`` makes it)."""

    name = "docker"
    image: str
    destroy_anywhere = True

    def __init__(
        self,
        image: str = IMAGE_TAG,
        memory_bytes: int = 2 * 1024**3,
        workdir_bytes: int = 512 * 1024**2,
        pids: int = 256,
    ) -> None:
        """``memory_bytes`` and ``pids`` cap the whole session (harness, programs, the files in its box); each run's
        own limits are those of the cgroup the harness makes for it."""
        self.image = image
        self.memory_bytes = memory_bytes
        self.workdir_bytes = workdir_bytes
        self.pids = pids
        self._driver: str | None = None
        self._clients = threading.local()
        self._scratch_unfit: str | None = None
        self._image_checked = False
        self._image_id = ""
        self._harness_built_in = False

    def check(self) -> str | None:
        try:
            cgroups.detect()
            self.check_image(connect(timeout=10))
        except SandboxError as exc:
            return str(exc)
        return None

    def quick_check(self) -> str | None:
        """``check`` on this thread's client of the engine, which the session opened next on this thread then uses,
        without asking for the image again: one connection and three calls (ping, driver, image) before the
        container is created, where ``check`` and ``open_session`` made two connections and five calls."""
        try:
            cgroups.detect()
            cli = self._client()
            self._cgroup_driver(cli)
            self.check_image(cli)
        except SandboxError as exc:
            return str(exc)
        self._clients.checked = True
        return None

    def unavailable(self) -> dict[str, str]:
        """Scratch, when the image holds another Scratch runtime than this code's (or none): as the image was found
        by the last check or session, else looked up now. A backend that cannot reach its image at all says
        nothing here: ``check`` and ``open_session`` report that."""
        if not self._image_checked:
            try:
                self.check_image(self._client())
            except SandboxError:
                return {}
        return {} if self._scratch_unfit is None else {scratch.LANGUAGE_KEY: self._scratch_unfit}

    def _client(self) -> engine.Engine:
        """This thread's client of the engine, made (and checked alive) on the thread's first session: a client is
        not shared between threads (worker slots, a warm pool), and is not remade for every session."""
        cli: engine.Engine | None = getattr(self._clients, "cli", None)
        if cli is None:
            cli = self._clients.cli = connect()
        return cli

    def open_session(self) -> Session:
        cli = self._client()
        if not getattr(self._clients, "checked", False):  # a quick_check just made on this thread stands for it
            self.check_image(cli)
        self._clients.checked = False
        container, stream, channel, cgroup = self.start(cli)
        session = self.session_of(cli, container, stream, channel, cgroup)
        try:
            session.wait_ready()
        except SandboxError as exc:
            logs = _logs(cli, container)
            session.close()
            raise SandboxError(f"docker: sandbox did not start: {exc}{logs}") from exc
        except BaseException:
            session.close()
            raise
        return session

    def open_handed_over(self) -> Session:
        """A sandbox the previous command on this host left waiting (``sandbox/handover.py``) when there is one of
        this backend's very configuration and its harness answers, else a new one."""
        cli = self._client()
        if handover.enabled() and isinstance(cli, engine.LocalEngine):
            if not getattr(self._clients, "checked", False):
                self.check_image(cli)
                self._clients.checked = True  # for ``open_session`` below, if nothing is claimed
            claimed = handover.claim(self, cli)
            if claimed is not None:
                self._clients.checked = False
                return claimed
        return self.open_session()

    def ready_next(self) -> Callable[[], None] | None:
        if not handover.enabled() or engine.local_socket() is None:
            return None
        return lambda: handover.make_ready(self)

    def start(
        self, cli: engine.Engine, warm: str | None = None
    ) -> tuple[str, socket.socket, Channel, cgroups.SessionCgroup]:
        """Create and start a container and its session's cgroup: its id, the stream its harness talks over, the
        channel on it and the cgroup. ``warm`` (a handover key, local engines only): a container started for a later
        command, whose stream is its stdout only, from before the start (its greeting comes on it)."""
        uid = random.randrange(*SESSION_UID_RANGE)
        key = uuid.uuid4().hex[:16]
        name = f"{CONTAINER_PREFIX}{key}"
        cgroup = self._session_cgroup(cli, key, uid)
        cgroup.create()
        with contextlib.ExitStack() as undo:
            undo.callback(cgroup.remove)
            local = HarnessSocket() if cli.local and warm is None else None
            if local is not None:
                undo.callback(local.close)
            with docker_errors("creating the sandbox container"):
                container = cli.create(self._container_config(uid, cgroup, local, warm), name)
            undo.callback(remove, cli, container)
            if warm is not None and isinstance(cli, engine.LocalEngine):
                with docker_errors("attaching to the sandbox container"):
                    stream, first = cli.attach(container, stdin=False)
                    channel: Channel = DockerAttachChannel(stream, first)
                undo.callback(stream.close)
            elif isinstance(cli, engine.SdkEngine):
                with docker_errors("attaching to the sandbox container"):
                    stream = cli.attach(container)
                    channel = DockerAttachChannel(stream)
            with docker_errors("starting the sandbox container"):
                cli.start(container)
            if local is not None:
                stream = local.accept(cli, container)
                channel = PipeChannel(stream.fileno(), stream.fileno())
                local.close()
            undo.pop_all()
        return container, stream, channel, cgroup

    def session_of(
        self,
        cli: engine.Engine,
        container: str,
        stream: socket.socket,
        channel: Channel,
        cgroup: cgroups.SessionCgroup,
    ) -> HarnessSession:
        """The session of a started container, which ``close`` removes with its cgroup."""
        opener = os.getpid()

        def destroy() -> None:
            """Remove the container and the session's cgroup, on the calling thread's connection to the engine (a
            warm pool destroys from a thread of its own); in another process (``ahead.destroy_detached``) on a
            connection of that process's own, never on one the opener may be using."""
            try:
                stream.close()
                remove(self._client() if os.getpid() == opener else connect(), container)
            finally:
                cgroup.remove()

        return HarnessSession(channel, destroy, cgroup.fit)

    def warm_key(self, cli: engine.Engine) -> str:
        """What a container handed over between commands must have been made with to serve this backend now: a hash
        of its configuration (but for the parts every session has of its own: uid, cgroup, labels) and of the
        image's id, as the last check found it (another image, a rebuilt one, other limits, CPUs or cgroups: another
        key)."""
        self._cgroup_driver(cli)
        hierarchy = cgroups.detect()
        placeholder = cgroups.SessionCgroup(hierarchy, "-", None, self.memory_bytes, self.pids)
        config = self._container_config(0, placeholder, None, "-")
        del config["Labels"]
        made = json.dumps({"config": config, "image": self._image_id, "driver": self._driver}, sort_keys=True)
        return hashlib.sha256(made.encode()).hexdigest()[:24]

    def _session_cgroup(self, cli: engine.Engine, key: str, uid: int) -> cgroups.SessionCgroup:
        """The session's cgroup, where Docker will make the container's: with the systemd driver a slice of its own
        (``hoithi.slice/hoithi-<key>.slice``), with cgroupfs ``<HOITHI_CGROUP>/<key>``."""
        driver = self._cgroup_driver(cli)
        hierarchy = cgroups.detect()
        if driver == "systemd":
            return cgroups.SessionCgroup(
                hierarchy, f"hoithi-{key}.slice", uid, self.memory_bytes, self.pids, "hoithi.slice"
            )
        return cgroups.SessionCgroup(hierarchy, key, uid, self.memory_bytes, self.pids)

    def _cgroup_driver(self, cli: engine.Engine) -> str:
        """The engine's cgroup driver (``systemd`` or ``cgroupfs``), asked once."""
        if self._driver is None:
            with docker_errors("asking the engine for its cgroup driver"):
                self._driver = cli.cgroup_driver()
        return self._driver

    def _container_config(
        self, uid: int, cgroup: cgroups.SessionCgroup, local: HarnessSocket | None, warm: str | None = None
    ) -> dict[str, Any]:
        """The container's configuration, as the engine's API takes it (``ContainerCreate``). ``warm``: the key of
        a container started for a later command (``handover``): made from the image's id, not its tag, its harness
        ending after ``handover.idle_seconds()`` without a command, its stdout kept by no log (it carries the
        commands' answers)."""
        harness = [HARNESS_PROGRAM] if self._harness_built_in else ["-c", HARNESS_SOURCE]
        command = ["python3", "-I", "-S", *harness, WORKDIR, cgroup.harness_config()]
        binds = [f"{host}:{inside}:rw" for host, inside in cgroup.binds()]
        if local is not None:
            command.append(f"{HARNESS_SOCKET_DIR}/{local.path.name}")
            binds.append(f"{local.path.parent}:{HARNESS_SOCKET_DIR}:ro")
        labels = {SANDBOX_LABEL: "1", OWNER_LABEL: owner(), CGROUP_LABEL: f"{cgroup.base}/{cgroup.name}"}
        extra: dict[str, Any] = {}
        if warm is not None:
            command.append(f"--idle-exit={handover.idle_seconds():g}")
            labels[handover.WARM_LABEL] = warm
            extra["LogConfig"] = {"Type": "none", "Config": {}}
        attached = local is None  # the engine's stream carries the commands (an engine elsewhere, a handover)
        return {
            "Image": self.image if warm is None else self._image_id,
            "Cmd": command,
            "User": f"{uid}:{uid}",
            "WorkingDir": WORKDIR,
            "Hostname": "sandbox",
            "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"],
            "Labels": labels,
            "OpenStdin": attached,
            "StdinOnce": attached,
            "AttachStdin": attached,
            "AttachStdout": True,
            "AttachStderr": True,
            "Tty": False,
            "HostConfig": {
                "CgroupParent": cgroup.name if self._driver == "systemd" else cgroup.parent,
                # on cgroup v2 the harness moves its children to cgroups outside the container's own: it must see them
                "CgroupnsMode": "host",
                "Binds": binds,
                "NetworkMode": "none",
                "IpcMode": "none",
                "ReadonlyRootfs": True,
                "Tmpfs": {WORKDIR: f"rw,exec,nosuid,nodev,size={self.workdir_bytes},mode=0700,uid={uid},gid={uid}"},
                "Memory": self.memory_bytes,
                "MemorySwap": self.memory_bytes,
                "PidsLimit": self.pids,
                # the CPUs the judge may use (a worker slot's own core), as a bubblewrap sandbox inherits them
                "CpusetCpus": ",".join(str(cpu) for cpu in sorted(os.sched_getaffinity(0))),
                "CapDrop": ["ALL"],
                "SecurityOpt": ["no-new-privileges"],
                "OomScoreAdj": 1000,
                **extra,
            },
        }

    def check_image(self, cli: engine.Engine) -> None:
        """Raise ``SandboxError`` unless the runner image is present and of the version this code expects; note
        whether it holds this Scratch runtime (``unavailable``), which only Scratch needs, and this harness compiled
        (else the container is given the harness's source)."""
        with docker_errors(f"looking up the image {self.image}"):
            image = cli.image(self.image)
        if image is None:
            raise SandboxError(
                f"docker: the runner image {self.image} is missing; build it with `hoithi sandbox build-image`"
            )
        self._image_id = str(image.get("Id", ""))
        labels = (image.get("Config") or {}).get("Labels") or {}
        version = labels.get(VERSION_LABEL)
        if version != IMAGE_VERSION:
            raise SandboxError(
                f"docker: the image {self.image} is version {version}, this code needs {IMAGE_VERSION}; "
                "rebuild it with `hoithi sandbox build-image`"
            )
        if labels.get(SCRATCH_LABEL) != scratch.stamp():
            self._scratch_unfit = (
                f"the image {self.image} holds another Scratch runtime than sandbox/scratch (or none): "
                "rebuild it with `hoithi sandbox build-image`"
            )
        else:
            self._scratch_unfit = None
        self._harness_built_in = labels.get(HARNESS_LABEL) == HARNESS_STAMP
        self._image_checked = True


def _logs(cli: engine.Engine, container: str) -> str:
    try:
        with docker_errors("reading the harness's messages"):
            text = cli.logs(container, tail=20).decode(errors="replace").strip()
    except SandboxError:
        return ""
    return f" ({text})" if text else ""
