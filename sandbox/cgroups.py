"""Control groups for sandbox sessions: the kernel's own count of what a run uses, on cgroup v2 or v1.

A session's cgroup holds the whole sandbox (harness, compilers, programs, the files they keep in memory) under one
cap; inside it a folder ``run`` is delegated to the session's uid, and the harness makes one fresh cgroup there for
every run (``sandbox/harness/cgroup.py``), so a test's memory (every process and thread, files in its box or any
tmpfs, memfds, shared memory), its process count and its CPU time are measured by the kernel, whatever it does.

Layout, under ``<hierarchy root>/<HOITHI_CGROUP, default hoithi>/``::

    <session>/           the session's cap (v1: in each of the memory, pids and cpuacct hierarchies)
    <session>/harness/   v2 only: the sandbox's own processes (v2 keeps processes out of inner nodes)
    <session>/run/       owned by the session's uid: the harness makes ``run/<n>`` for each run

Making cgroups needs root, or ``HOITHI_CGROUP`` naming a cgroup (a path from the hierarchy's root) that is
delegated to the judge's user.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .session import SandboxError

V1_CONTROLLERS = ("memory", "pids", "cpuacct")
V2_CONTROLLERS = ("memory", "pids")
SANDBOX_MOUNT = "/cgroup"
"""Where the delegated ``run`` folder(s) appear inside a sandbox (v1: one subfolder per controller)."""


@dataclass(frozen=True)
class Hierarchy:
    """The cgroup hierarchy this host uses: v2 (one root) or v1 (one root per controller)."""

    version: int
    roots: dict[str, Path]  # v2: {"unified": root}; v1: {"memory": ..., "pids": ..., "cpuacct": ...}
    mounts: tuple[Path, ...] = ()
    """Every cgroup hierarchy mounted here: Docker makes a container's parent cgroup in each of them."""

    @property
    def base(self) -> str:
        """Where sessions are made, relative to each root (``HOITHI_CGROUP``, default ``hoithi``)."""
        return (os.environ.get("HOITHI_CGROUP") or "hoithi").strip("/")

    def folders(self, base: str, *parts: str) -> dict[str, Path]:
        """The folder ``<base>/<parts>`` in each root, by controller (``unified`` on v2)."""
        return {key: root.joinpath(base, *parts) for key, root in self.roots.items()}


def detect(mounts: Path = Path("/proc/self/mounts")) -> Hierarchy:
    """The hierarchy to use: v2 when its root offers the memory and pids controllers, else v1 when the memory,
    pids and cpuacct hierarchies are mounted; raises ``SandboxError`` saying what is missing."""
    v1: dict[str, Path] = {}
    v2: list[Path] = []
    mounted: list[Path] = []
    for line in mounts.read_text().splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        where, kind, options = Path(fields[1].replace("\\040", " ")), fields[2], fields[3].split(",")
        if kind == "cgroup2":
            v2.append(where)
            mounted.append(where)
        elif kind == "cgroup":
            for controller in V1_CONTROLLERS:
                if controller in options:
                    v1.setdefault(controller, where)
            mounted.append(where)
    for root in v2:
        offered = _read(root / "cgroup.controllers").split()
        if all(controller in offered for controller in V2_CONTROLLERS):
            return Hierarchy(2, {"unified": root}, tuple(mounted))
    if all(controller in v1 for controller in V1_CONTROLLERS):
        return Hierarchy(1, {controller: v1[controller] for controller in V1_CONTROLLERS}, tuple(mounted))
    raise SandboxError(
        "no usable cgroups: memory is measured by cgroup v2 (with the memory and pids controllers) or v1 (memory, "
        "pids and cpuacct hierarchies); none is mounted here"
    )


class SessionCgroup:
    """The cgroup of one sandbox session, made by ``create`` and removed by ``remove`` (both idempotent)."""

    def __init__(
        self,
        hierarchy: Hierarchy,
        name: str,
        uid: int | None,
        memory_bytes: int,
        processes: int,
        base: str | None = None,
    ) -> None:
        """``uid`` is the host uid the sandbox runs as (``None``: the judge's own); ``memory_bytes`` and
        ``processes`` cap the whole session; ``base`` overrides where sessions are made (``Hierarchy.base``)."""
        self.hierarchy = hierarchy
        self.base = (base or hierarchy.base).strip("/")
        self.name = name
        self.uid = uid
        self.memory_bytes = memory_bytes
        self.processes = processes
        self.session = hierarchy.folders(self.base, name)
        self.run = hierarchy.folders(self.base, name, "run")

    @property
    def parent(self) -> str:
        """The session's path from the hierarchy's root (Docker's ``cgroup_parent`` with the cgroupfs driver)."""
        return f"/{self.base}/{self.name}"

    def create(self) -> None:
        """Make the session's cgroup with its caps and the delegated ``run`` folder; ``SandboxError`` if it cannot."""
        try:
            self._create()
        except OSError as exc:
            self.remove()
            raise SandboxError(
                f"cannot make the sandbox's cgroup ({exc}); the judge needs root, or HOITHI_CGROUP naming a cgroup "
                "delegated to its user"
            ) from exc

    def _create(self) -> None:
        h = self.hierarchy
        if h.version == 2:
            root = h.roots["unified"]
            enable = " ".join(f"+{c}" for c in V2_CONTROLLERS)
            folder = root
            _enable(folder, enable)
            for part in (*Path(self.base).parts, self.name):
                folder = folder / part
                folder.mkdir(exist_ok=True)
                if part != self.name:
                    _enable(folder, enable)
            session = self.session["unified"]
            session.mkdir(exist_ok=True)
            _write(session / "memory.max", str(self.memory_bytes))
            _write(session / "memory.swap.max", "0", optional=True)
            _write(session / "pids.max", str(self.processes))
            (session / "harness").mkdir(exist_ok=True)
            _write(session / "cgroup.subtree_control", enable)
            run = self.run["unified"]
            run.mkdir(exist_ok=True)
            _write(run / "cgroup.subtree_control", enable)
            # v2 lets a process move a process between two cgroups when it may write the cgroup.procs of their
            # common ancestor: the session's, for the harness's children.
            self._delegate(run, session / "cgroup.procs", run / "cgroup.procs", run / "cgroup.subtree_control")
            return
        for controller, session in self.session.items():
            session.mkdir(parents=True, exist_ok=True)
            (session / "run").mkdir(exist_ok=True)
            if controller == "pids":
                _write(session / "pids.max", str(self.processes))
            elif controller == "memory":
                _write(session / "memory.limit_in_bytes", str(self.memory_bytes))
                _write(session / "memory.memsw.limit_in_bytes", str(self.memory_bytes), optional=True)
            self._delegate(session / "run", session / "run" / "cgroup.procs", session / "run" / "tasks")

    def fit(self, needed: int) -> None:
        """Let the session hold ``needed`` bytes: its memory cap, as the kernel has it now, is raised to ``needed``
        when lower (never lowered). Raises ``SandboxError`` saying so when the host cannot give that much: its
        memory (``MemTotal``), or the cap of a cgroup above the session's."""
        h = self.hierarchy
        key, limit = ("unified", "memory.max") if h.version == 2 else ("memory", "memory.limit_in_bytes")
        session = self.session[key]
        if _bytes(_read(session / limit)) >= needed:
            return
        room = min(host_memory_bytes(), *(_bytes(_read(folder / limit)) for folder in session.parents))
        if needed > room:
            raise SandboxError(
                f"this host cannot give a run {needed // 2**20} MiB (the problem's memory limit and the sandbox's "
                f"own): it has {room // 2**20} MiB; judge the problem on a host with more memory"
            )
        try:
            if h.version == 2:
                _write(session / limit, str(needed))
            else:  # the cap with swap first: it may never be below the cap without
                _write(session / "memory.memsw.limit_in_bytes", str(needed), optional=True)
                _write(session / limit, str(needed))
        except OSError as exc:
            raise SandboxError(f"cannot raise the sandbox's memory cap to {needed // 2**20} MiB: {exc}") from exc
        self.memory_bytes = needed

    def _delegate(self, *paths: Path) -> None:
        if self.uid is not None:
            for path in paths:
                os.chown(path, self.uid, self.uid)

    def launcher(self) -> list[str]:
        """A command prefix that moves itself into the session, drops to the session's uid and then runs the rest
        of the command: so the sandbox starts, with everything it will fork, inside the session."""
        if self.hierarchy.version == 2:
            procs = [str(self.session["unified"] / "harness" / "cgroup.procs")]
        else:
            procs = [str(folder / "cgroup.procs") for folder in self.session.values()]
        script = 'for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f" || exit 125; shift; done; shift; exec "$@"'
        drop = [] if self.uid is None else ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups"]
        return ["/bin/sh", "-c", script, "sh", *procs, "--", *drop]

    def binds(self) -> list[tuple[str, str]]:
        """``(host folder, sandbox folder)`` pairs that show the delegated ``run`` folder(s) to the harness."""
        if self.hierarchy.version == 2:
            return [(str(self.run["unified"]), SANDBOX_MOUNT)]
        return [(str(folder), f"{SANDBOX_MOUNT}/{controller}") for controller, folder in self.run.items()]

    def harness_config(self) -> str:
        """The argument that tells the harness where its cgroups are: ``v2`` or ``v1``."""
        return f"v{self.hierarchy.version}"

    def remove(self, timeout: float = 5.0) -> None:
        """Remove the session's cgroups, deepest first, killing what is left in them (a sandbox that died)."""
        deadline = time.monotonic() + timeout
        others = [root.joinpath(self.base, self.name) for root in self.hierarchy.mounts]
        for session in dict.fromkeys([*self.session.values(), *others]):
            if not session.is_dir():
                continue
            try:
                found = [p for p in session.rglob("*") if p.is_dir()]
            except FileNotFoundError:  # another process removes it too (a handed-over sandbox's, ``handover``)
                found = []
            folders = sorted(found, key=lambda p: len(p.parts), reverse=True)
            for folder in [*folders, session]:
                while True:
                    try:
                        folder.rmdir()
                        break
                    except FileNotFoundError:
                        break
                    except OSError:
                        _kill_members(folder)
                        if time.monotonic() > deadline:
                            break  # left for the next sweep; never blocks the judge
                        time.sleep(0.01)


def host_memory_bytes(meminfo: Path = Path("/proc/meminfo")) -> int:
    """The host's memory (``MemTotal``), in bytes."""
    for line in _read(meminfo).splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0


def _bytes(value: str) -> int:
    """A cgroup's memory cap as its file says it (``max`` on v2, a huge number on v1 when there is none)."""
    value = value.strip()
    if value == "max":
        return 1 << 62
    return int(value) if value.isdigit() else 1 << 62


def _enable(folder: Path, controllers: str) -> None:
    """Offer ``controllers`` to the children of ``folder``, unless they already are (an ancestor we may not
    write to, such as the root of a hierarchy delegated to us)."""
    wanted = {c.lstrip("+") for c in controllers.split()}
    if wanted <= set(_read(folder / "cgroup.subtree_control").split()):
        return
    _write(folder / "cgroup.subtree_control", controllers)


def _kill_members(folder: Path) -> None:
    for pid in _read(folder / "cgroup.procs").split():
        with contextlib.suppress(OSError):
            os.kill(int(pid), 9)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _write(path: Path, value: str, optional: bool = False) -> None:
    try:
        with open(path, "w") as file:
            file.write(value)
    except FileNotFoundError:
        if not optional:
            raise
