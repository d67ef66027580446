"""The bubblewrap backend: one ``bwrap`` per session, the harness inside it as PID 1.

The sandbox sees read-only ``/usr`` (and the ``/bin``, ``/lib``... links into it), the few files of ``/etc``
the compilers need, a private ``/proc`` and ``/dev``, and a size-capped tmpfs ``/box`` as its only writable
place; its root is a read-only tmpfs, so the host's ``/etc``, ``/home``, ``/root``, ``/tmp`` and ``/work`` are
simply not there. Every namespace is new (no network at all, not even the host's loopback), the environment
is cleared, capabilities are dropped and user namespaces cannot be nested.

When the judge runs as root, each session runs under its own unused host uid (not root: a uid of its own
means nothing else on the host belongs to it). The session starts inside a cgroup of its own
(``sandbox.cgroups``) that caps the whole sandbox's memory and processes; its delegated ``run`` folder is bound
at ``/cgroup`` so the harness can measure and limit each run there. No cgroup namespace is made: on cgroup v2
the harness moves its children between cgroups whose common ancestor must be visible to it.

The sandbox dies with the thread that opened the session (``--die-with-parent``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import random
import shutil
import subprocess
import uuid
from pathlib import Path

from . import cgroups, scratch
from .channel import PipeChannel
from .harness_client import HarnessSession
from .harness_source import HARNESS_SOURCE
from .languages import LANGUAGES
from .session import Backend, SandboxError, Session

WORKDIR = "/box"
SANDBOX_UID = 1000
HOST_UID_RANGE = (2_100_000_000, 2_140_000_000)
"""Host uids for sessions when the judge is root: far above any real account's."""

ETC_FILES = (
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/fpc*.cfg",
    "/etc/java-*-openjdk",
)
"""What the compilers need from the host's /etc (Debian's alternatives, Free Pascal's configuration, the JVM's)."""
HOST_PYTHON_PACKAGES = (
    "/usr/lib/python3/dist-packages",
    "/usr/local/lib/python3*/dist-packages",
    "/usr/local/lib/python3*/site-packages",
)
"""The host's third-party Python packages, each hidden behind an empty folder: the runner image has none (a
Python program imports the standard library alone, as on the references' judges), and a ``.pth`` file of the
host's would run at every start of a contestant's program."""


def _host_command(name: str) -> str | None:
    """Where the command ``name`` is among the folders the sandbox sees, or None."""
    return shutil.which(name, path="/usr/local/bin:/usr/bin:/bin")


def _share_priority(pid: int) -> None:
    """Give the sandbox's session (``start_new_session``: no controlling terminal, so no TIOCSTI into the worker's)
    this process's nice value. Under Linux's autogroup a session is a scheduling group of its own, weighted like
    any other whatever its processes' nice values, so without this a contestant's program or compiler would not
    yield the CPU to the web server as the judge worker does. Only the parent can: the sandboxed processes may
    not write their own ``/proc`` entries."""
    with contextlib.suppress(OSError):  # no autogroup on this kernel, or the sandbox already exited
        Path(f"/proc/{pid}/autogroup").write_text(str(os.getpriority(os.PRIO_PROCESS, 0)))


class BwrapBackend(Backend):
    """Sessions in bubblewrap, using the host's compilers and Python."""

    name = "bwrap"

    def __init__(
        self,
        bwrap: str = "bwrap",
        python: str = "/usr/bin/python3",
        workdir_bytes: int = 512 * 1024 * 1024,
        memory_bytes: int = 2 * 1024**3,
        pids: int = 256,
    ) -> None:
        """``memory_bytes`` and ``pids`` cap the whole session (harness, programs, the files in its box)."""
        self.bwrap = bwrap
        self.python = python
        self.workdir_bytes = workdir_bytes
        self.memory_bytes = memory_bytes
        self.pids = pids

    def check(self) -> str | None:
        reason = self.quick_check()
        if reason is not None:
            return reason
        try:
            self.open_session().close()
        except SandboxError as exc:
            return str(exc)
        return None

    def quick_check(self) -> str | None:
        """What ``check`` asks but the trial session: bubblewrap, Python and the compilers are installed (Node and
        the Scratch runtime only make Scratch ``unavailable``)."""
        if shutil.which(self.bwrap) is None:
            return "bubblewrap is not installed (apt-get install bubblewrap)"
        if not Path(self.python).is_file():
            return f"{self.python} is missing"
        compilers = {lang.compiler for lang in LANGUAGES.values() if lang.compiler and lang.key != scratch.LANGUAGE_KEY}
        missing = sorted(cmd for cmd in compilers if _host_command(cmd) is None)
        if missing:
            return f"compilers missing on this machine: {', '.join(missing)}"
        return None

    def unavailable(self) -> dict[str, str]:
        """Scratch, when this host has no Node or not this code's Scratch runtime (``sandbox.scratch``)."""
        reason = self._scratch_unfit()
        return {} if reason is None else {scratch.LANGUAGE_KEY: reason}

    def _scratch_unfit(self) -> str | None:
        if _host_command("node") is None:
            return "Node.js is not installed (apt-get install nodejs), which Scratch projects run on"
        runtime = scratch.host_runtime()
        reason = scratch.unfit(runtime)
        if reason is not None or runtime == Path(scratch.RUNTIME_DIR):
            return reason
        if not Path(scratch.RUNTIME_DIR).is_dir():
            # the sandbox's /usr is the host's, read-only: the copy is mounted on a folder that must already be there
            return f"the Scratch runtime in {runtime} needs an empty folder {scratch.RUNTIME_DIR} to be mounted on"
        closed = [str(p) for p in (runtime.resolve(), *runtime.resolve().parents) if not p.stat().st_mode & 0o005]
        if closed:
            # bwrap mounts it as the sandbox's user, who is no one on the host: a folder closed to others would
            # stop every sandbox from starting, not only Scratch's
            return f"the Scratch runtime in {runtime} is not open to other users, as /usr is: {closed[0]}"
        return None

    def open_session(self) -> Session:
        bwrap = shutil.which(self.bwrap)
        if bwrap is None:
            raise SandboxError(f"bwrap: {self.bwrap} not found")
        uid = random.randrange(*HOST_UID_RANGE) if os.geteuid() == 0 else None
        cgroup = cgroups.SessionCgroup(
            cgroups.detect(), f"bwrap-{uuid.uuid4().hex[:16]}", uid, self.memory_bytes, self.pids
        )
        cgroup.create()
        try:
            proc = subprocess.Popen(
                [*cgroup.launcher(), *self._command(bwrap, cgroup)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={},
                start_new_session=True,
            )
        except OSError as exc:
            cgroup.remove()
            raise SandboxError(f"bwrap: cannot start: {exc}") from exc
        _share_priority(proc.pid)
        stdin, stdout, stderr = proc.stdin, proc.stdout, proc.stderr
        assert stdin is not None and stdout is not None and stderr is not None
        complaints: list[bytes] = []

        def destroy() -> None:
            try:
                proc.kill()
                proc.wait()
                # Only bwrap itself or a crashing harness write here, and little: the pipe cannot fill up.
                complaints.append(stderr.read()[-2000:])
                for stream in (stdin, stdout, stderr):
                    stream.close()
            finally:
                cgroup.remove()

        session = HarnessSession(PipeChannel(stdin.fileno(), stdout.fileno()), destroy, cgroup.fit)
        try:
            session.wait_ready()
        except BaseException as exc:
            session.close()
            if isinstance(exc, SandboxError):
                why = b"".join(complaints).decode(errors="replace").strip()
                raise SandboxError(f"bwrap: sandbox did not start: {exc}" + (f" ({why})" if why else "")) from exc
            raise
        return session

    def _command(self, bwrap: str, cgroup: cgroups.SessionCgroup) -> list[str]:
        args = [
            bwrap,
            "--unshare-user",
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--disable-userns",
            "--die-with-parent",
            "--as-pid-1",
            "--uid",
            str(SANDBOX_UID),
            "--gid",
            str(SANDBOX_UID),
            "--hostname",
            "sandbox",
            "--cap-drop",
            "ALL",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/local/bin:/usr/bin:/bin",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--ro-bind",
            "/usr",
            "/usr",
        ]
        runtime = scratch.host_runtime()
        if runtime != Path(scratch.RUNTIME_DIR) and self._scratch_unfit() is None:
            args += ["--ro-bind", str(runtime), scratch.RUNTIME_DIR]
        for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            path = Path("/", top)
            if path.is_symlink():
                args += ["--symlink", os.readlink(path), str(path)]
            elif path.is_dir():
                args += ["--ro-bind", str(path), str(path)]
        for pattern in HOST_PYTHON_PACKAGES:
            for path_name in sorted(glob.glob(pattern)):
                args += ["--perms", "0555", "--tmpfs", path_name, "--remount-ro", path_name]
        for pattern in ETC_FILES:
            for path_name in sorted(glob.glob(pattern)):
                args += ["--ro-bind", path_name, path_name]
        args += [
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--remount-ro",
            "/dev",
            "--size",
            str(self.workdir_bytes),
            "--perms",
            "0700",
            "--tmpfs",
            WORKDIR,
        ]
        for host, inside in cgroup.binds():
            args += ["--bind", host, inside]
        args += [
            "--remount-ro",
            "/",
            "--chdir",
            WORKDIR,
            self.python,
            "-I",
            "-S",
            "-c",
            HARNESS_SOURCE,
            WORKDIR,
            cgroup.harness_config(),
        ]
        return args
