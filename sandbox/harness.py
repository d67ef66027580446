"""The harness that runs inside a sandbox: one JSON command per stdin line, one JSON answer per stdout line.

It is started as the first process (PID 1) of the sandbox's own PID namespace, so that ``kill(-1, SIGKILL)``
reaches every process a run left behind and nothing inside can kill the harness. It uses the standard
library only and is started as ``python3 -I -S -c <this source> <workdir>`` by both backends, so the runner
image does not have to change when the harness does.

Each run: the working directory is filled with a fresh copy of the stored program and the run's files;
stdin is a memory file; stdout and stderr are pipes drained with a cap (RLIMIT_FSIZE caps files). The
program is forked and exec'd in a new session with its limits set by setrlimit, and traced with ptrace so
that the harness learns, without cgroups, its peak resident memory and whether an anonymous ``mmap`` or an
``mremap`` failed for lack of address space (a seccomp filter stops the program only at those calls). One
helper thread drains the output, stopping the run when it is too long, and enforces the wall-clock and CPU
limits. Afterwards every leftover process is killed and reaped, System V IPC objects are removed and the
working directory is emptied.

Commands (``b64`` marks base64-encoded bytes):

- ``{"op": "run", "argv": [...], "limits": {...}, "stdin": b64, "files": {name: b64}, "collect": [names],
  "with_program": bool, "keep": [names], "trace": bool, "stdout_cap": int, "stderr_cap": int}`` ->
  ``{"ok": true, "status", "exit_code", "signal", "cpu_ms", "wall_ms", "memory_kb", "stdout": b64,
  "stderr": b64, "files": {name: b64}, "kept": bool}``. ``keep`` names the files that become the stored
  program when the run succeeds (a compilation); ``with_program`` puts the stored program in place first.
- ``{"op": "install", "files": {name: b64}}`` -> ``{"ok": true}``: store files as the program directly.

Any fault of the harness itself is answered with ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import errno
import json
import math
import os
import platform
import resource
import selectors
import signal
import stat
import sys
import threading
import time
from typing import Any

PROGRAM_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/box", "TMPDIR": "/box"}

# ptrace(2) and seccomp(2) constants (x86_64; elsewhere runs are not traced, see _TRACEABLE).
PTRACE_TRACEME, PTRACE_PEEKUSER, PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SETOPTIONS = 0, 3, 7, 24, 0x4200
PTRACE_O_TRACESYSGOOD, PTRACE_O_TRACEFORK, PTRACE_O_TRACEVFORK, PTRACE_O_TRACECLONE = 0x1, 0x2, 0x4, 0x8
PTRACE_O_TRACEEXEC, PTRACE_O_TRACEEXIT, PTRACE_O_TRACESECCOMP, PTRACE_O_EXITKILL = 0x10, 0x40, 0x80, 0x100000
PTRACE_EVENT_EXIT, PTRACE_EVENT_SECCOMP = 6, 7
TRACE_OPTIONS = (
    PTRACE_O_TRACESYSGOOD
    | PTRACE_O_TRACEFORK
    | PTRACE_O_TRACEVFORK
    | PTRACE_O_TRACECLONE
    | PTRACE_O_TRACEEXEC
    | PTRACE_O_TRACEEXIT
    | PTRACE_O_TRACESECCOMP
    | PTRACE_O_EXITKILL
)
RAX_OFFSET = 10 * 8  # offsetof(struct user_regs_struct, rax)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_SET_DUMPABLE, SECCOMP_MODE_FILTER = 38, 22, 4, 2
AUDIT_ARCH_X86_64, SYS_MMAP, SYS_MREMAP = 0xC000003E, 9, 25
MAP_FIXED, MAP_ANONYMOUS, MAP_FIXED_NOREPLACE = 0x10, 0x20, 0x100000
SECCOMP_RET_ALLOW, SECCOMP_RET_TRACE = 0x7FFF0000, 0x7FF00000
WALL = 0x40000000  # __WALL: wait for every kind of child, threads and tracees included
STOP_SIGNALS = {signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.ptrace.restype = ctypes.c_long
_libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
_TRACEABLE = platform.machine() == "x86_64"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_CPUS = max(1, len(os.sched_getaffinity(0)))


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def _seccomp_program() -> SockFprog:
    """A filter that hands the tracer mremap and anonymous, non-fixed mmap (how allocators get memory; the
    dynamic loader's mappings are left alone) and allows everything else."""
    ld_abs, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06
    insns = [
        SockFilter(ld_abs, 0, 0, 4),  # 0: arch
        SockFilter(jeq, 0, 6, AUDIT_ARCH_X86_64),  # 1: other ABIs -> allow
        SockFilter(ld_abs, 0, 0, 0),  # 2: syscall number
        SockFilter(jeq, 5, 0, SYS_MREMAP),  # 3: -> trace
        SockFilter(jeq, 0, 3, SYS_MMAP),  # 4: others -> allow
        SockFilter(ld_abs, 0, 0, 16 + 3 * 8),  # 5: mmap's flags (low word of args[3])
        SockFilter(jset, 1, 0, MAP_FIXED | MAP_FIXED_NOREPLACE),  # 6: -> allow
        SockFilter(jset, 1, 0, MAP_ANONYMOUS),  # 7: -> trace
        SockFilter(ret, 0, 0, SECCOMP_RET_ALLOW),  # 8
        SockFilter(ret, 0, 0, SECCOMP_RET_TRACE),  # 9
    ]
    array = (SockFilter * len(insns))(*insns)
    return SockFprog(len(insns), ctypes.cast(array, ctypes.POINTER(SockFilter)))


_SECCOMP = _seccomp_program()


def _ptrace(request: int, pid: int, addr: int = 0, data: int = 0) -> int:
    return int(_libc.ptrace(request, pid, ctypes.c_void_p(addr), ctypes.c_void_p(data)))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)


class HarnessFault(Exception):
    """Something went wrong on the harness's side, never the program's."""


class Harness:
    """Runs programs in ``workdir`` one after another and keeps the compiled program between runs."""

    def __init__(self, workdir: str) -> None:
        self.workdir = workdir
        self.program: dict[str, tuple[bytes, int]] = {}  # name -> (content, mode)
        self._lock = threading.Lock()
        self._running = False
        self._stopped_for: str | None = None
        self.monitor = _Monitor(self)
        self.monitor.start()

    @property
    def running(self) -> bool:
        """Whether a program is running now (stop requests are honoured only then)."""
        return self._running

    # -- commands -------------------------------------------------------------------------------------------

    def install(self, request: dict[str, Any]) -> dict[str, Any]:
        self.program = {name: (_unb64(data), 0o755) for name, data in request["files"].items()}
        return {"ok": True}

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        limits: dict[str, Any] = request["limits"]
        try:
            self._prepare(request)
            answer = self._execute(
                request["argv"],
                limits,
                _unb64(request.get("stdin", "")),
                bool(request.get("trace", True)),
                request.get("stdout_cap"),
                int(request.get("stderr_cap", 65536)),
            )
            answer["files"] = {}
            for name in request.get("collect", []):
                data = self._read_file(name, limits["file_bytes"])
                if data is not None:
                    answer["files"][name] = _b64(data)
            answer["kept"] = False
            keep = request.get("keep", [])
            if keep and answer["status"] == "OK":
                kept = {name: self._stat_file(name) for name in keep}
                if all(kept.values()):
                    self.program = {name: v for name, v in kept.items() if v is not None}
                    answer["kept"] = True
        finally:
            self._wipe()
        return answer

    # -- one run ----------------------------------------------------------------------------------------------

    def _prepare(self, request: dict[str, Any]) -> None:
        self._wipe()
        if request.get("with_program"):
            if not self.program:
                raise HarnessFault("no program installed")
            for name, (data, mode) in self.program.items():
                self._write(name, data, mode)
        for name, data in request.get("files", {}).items():
            if name in self.program and request.get("with_program"):
                raise HarnessFault(f"file {name!r} would replace the program")
            self._write(name, _unb64(data), 0o644)

    def _execute(
        self,
        argv: list[str],
        limits: dict[str, Any],
        stdin: bytes,
        trace: bool,
        stdout_cap: int | None,
        stderr_cap: int,
    ) -> dict[str, Any]:
        trace = trace and _TRACEABLE
        stdin_fd = os.memfd_create("stdin")
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        exec_r, exec_w = os.pipe()
        child_fds = [stdin_fd, out_w, err_w]
        unwatched = [out_r, err_r]  # closed by the monitor once it watches them
        try:
            _write_all(stdin_fd, stdin)
            os.lseek(stdin_fd, 0, os.SEEK_SET)
            output = limits["output_bytes"]
            stdout = _Capture(out_r, min(output, stdout_cap or output), output)
            stderr = _Capture(err_r, stderr_cap, output)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_before = before.ru_utime + before.ru_stime
            self._start_run()
            start = time.monotonic()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                self._child(argv, limits, child_fds, exec_w, trace)
            for fd in (*child_fds, exec_w):
                os.close(fd)
            child_fds, exec_w = [], -1
            watch = _Watch([stdout, stderr], start, limits["wall_ms"] / 1000, limits["cpu_ms"] / 1000, cpu_before)
            self.monitor.begin(watch)
            unwatched = []
            try:
                main_status, main_rusage, peak_kb, mem_hit, wall = self._supervise(pid, trace, start)
            finally:
                stopped_for = self._end_run()
            self._kill_leftovers()
            self.monitor.finish(watch)
            exec_error = os.read(exec_r, 4096)
            if exec_error:
                raise HarnessFault(f"cannot execute {argv[0]}: {exec_error.decode(errors='replace')}")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            for fd in (*child_fds, *unwatched, exec_r, exec_w):
                if fd >= 0:
                    os.close(fd)
        cpu_ms = round((after.ru_utime + after.ru_stime - cpu_before) * 1000)
        if peak_kb is None:
            peak_kb = main_rusage.ru_maxrss
        exit_code = os.WEXITSTATUS(main_status) if os.WIFEXITED(main_status) else None
        sig = os.WTERMSIG(main_status) if os.WIFSIGNALED(main_status) else None
        failed = sig is not None or exit_code != 0
        if stopped_for == "output" or sig == signal.SIGXFSZ:
            status = "OLE"
        elif stopped_for in ("wall", "cpu") or cpu_ms > limits["cpu_ms"] or sig == signal.SIGXCPU:
            status = "TLE"
        elif peak_kb > limits["memory_kb"] or (mem_hit and failed):
            status = "MLE"
        elif self._oversize_file(limits["file_bytes"]):
            status = "OLE"
        elif failed:
            status = "RE"
        else:
            status = "OK"
        return {
            "ok": True,
            "status": status,
            "exit_code": exit_code,
            "signal": sig,
            "cpu_ms": cpu_ms,
            "wall_ms": round(wall * 1000),
            "memory_kb": peak_kb,
            "stdout": _b64(bytes(stdout.data)),
            "stderr": _b64(bytes(stderr.data)),
        }

    def _child(self, argv: list[str], limits: dict[str, Any], fds: list[int], err_w: int, trace: bool) -> None:
        """In the forked child: isolate, limit, exec. Reports a failure to exec through ``err_w``."""
        try:
            # A process group of its own, not a session: the sandbox's session has no terminal already, and a new
            # session would be a new scheduling group under autogroup, escaping the judge's lower priority.
            os.setpgid(0, 0)
            for ignored_by_python in (signal.SIGPIPE, signal.SIGXFSZ):  # an ignored signal stays so after exec
                signal.signal(ignored_by_python, signal.SIG_DFL)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.chdir(self.workdir)
            memory = limits["memory_kb"] * 1024
            cpu_s = math.ceil(limits["cpu_ms"] / 1000) + 1  # a backstop: the watchdog is more precise
            fsize = limits["file_bytes"] + 1
            for which, value in (
                (resource.RLIMIT_CPU, (cpu_s, cpu_s + 1)),
                (resource.RLIMIT_AS, (memory, memory)),
                (resource.RLIMIT_STACK, (memory, memory)),
                (resource.RLIMIT_FSIZE, (fsize, fsize)),
                (resource.RLIMIT_NPROC, (limits["processes"] + 1, limits["processes"] + 1)),
                (resource.RLIMIT_CORE, (0, 0)),
                (resource.RLIMIT_MSGQUEUE, (0, 0)),
                (resource.RLIMIT_NOFILE, (256, 256)),
            ):
                resource.setrlimit(which, value)
            if trace:
                if _ptrace(PTRACE_TRACEME, 0) != 0:
                    raise OSError(ctypes.get_errno(), "ptrace(TRACEME)")
                if (
                    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                    or _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(_SECCOMP), 0, 0) != 0
                ):
                    raise OSError(ctypes.get_errno(), "seccomp")
            path = argv[0] if "/" in argv[0] else _which(argv[0])
            os.execve(path, argv, PROGRAM_ENV)
        except BaseException as exc:  # the child must never return into the harness
            try:
                os.write(err_w, repr(exc).encode())
            finally:
                os._exit(127)

    def _start_run(self) -> None:
        with self._lock:
            self._running = True
            self._stopped_for = None

    def _end_run(self) -> str | None:
        """Mark the run over (later stop requests are ignored); returns why it was stopped, if it was."""
        with self._lock:
            self._running = False
            return self._stopped_for

    def stop(self, reason: str) -> None:
        """Kill the running program and everything it started, remembering why (the first reason wins)."""
        with self._lock:
            if self._running and self._stopped_for is None:
                self._stopped_for = reason
                _kill_all()

    def _supervise(
        self, pid: int, trace: bool, start: float
    ) -> tuple[int, resource.struct_rusage, int | None, bool, float]:
        """Wait for the main process, serving ptrace stops. Returns its status and rusage, the peak resident
        memory seen at any traced process's exit (KiB), whether an mmap/mremap failed with ENOMEM, and
        the wall time."""
        peak_kb: int | None = None
        mem_hit = False
        started: set[int] = set()
        while True:
            try:
                child, status, rusage = os.wait4(-1, WALL)
            except ChildProcessError:
                raise HarnessFault("the program vanished") from None
            if not os.WIFSTOPPED(status):
                if child == pid:
                    return status, rusage, peak_kb, mem_hit, time.monotonic() - start
                continue
            sig, event = os.WSTOPSIG(status), status >> 16
            resume, deliver = PTRACE_CONT, 0
            if sig == signal.SIGTRAP | 0x80:  # leaving an mmap/mremap the filter handed to us
                if _libc.ptrace(PTRACE_PEEKUSER, child, ctypes.c_void_p(RAX_OFFSET), None) == -errno.ENOMEM:
                    mem_hit = True
            elif sig == signal.SIGTRAP and event == PTRACE_EVENT_SECCOMP:
                resume = PTRACE_SYSCALL
            elif sig == signal.SIGTRAP and event == PTRACE_EVENT_EXIT:
                hwm = _vm_hwm_kb(child)
                if hwm is not None:
                    peak_kb = max(peak_kb or 0, hwm)
            elif sig == signal.SIGTRAP and event == 0 and child == pid and trace and pid not in started:
                started.add(pid)  # the exec after PTRACE_TRACEME
                _ptrace(PTRACE_SETOPTIONS, pid, 0, TRACE_OPTIONS)
            elif sig == signal.SIGTRAP and event:
                pass  # fork, vfork, clone, exec events
            elif sig not in STOP_SIGNALS:
                deliver = sig  # a real signal: let it through; stops are swallowed (new tracees, job control)
            _ptrace(resume, child, 0, deliver)

    def _kill_leftovers(self) -> None:
        """Kill and reap every process but the harness, then remove System V IPC objects and message queues."""
        _kill_all()
        while True:
            try:
                child, status = os.waitpid(-1, WALL)
            except ChildProcessError:
                break
            if os.WIFSTOPPED(status):
                _ptrace(PTRACE_CONT, child, 0, 0)
        _remove_sysv_ipc()
        _empty_dir("/dev/mqueue")

    # -- the working directory ---------------------------------------------------------------------------------

    def _path(self, name: str) -> str:
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise HarnessFault(f"bad file name {name!r}")
        return os.path.join(self.workdir, name)

    def _write(self, name: str, data: bytes, mode: int) -> None:
        fd = os.open(self._path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def _read_file(self, name: str, cap: int) -> bytes | None:
        """The first ``cap`` bytes of a regular file the program left, else None (symlinks are not followed)."""
        try:
            fd = os.open(self._path(name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return os.pread(fd, cap, 0)
        finally:
            os.close(fd)

    def _stat_file(self, name: str) -> tuple[bytes, int] | None:
        data = self._read_file(name, 1 << 31)
        if data is None:
            return None
        return data, os.stat(self._path(name)).st_mode & 0o755

    def _oversize_file(self, cap: int) -> bool:
        for entry in os.scandir(self.workdir):
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_size > cap:
                return True
        return False

    def _wipe(self) -> None:
        _empty_dir(self.workdir)


class _Capture:
    """One output pipe of a run: a copy of its first ``keep`` bytes and a count of all of them."""

    def __init__(self, fd: int, keep: int, limit: int) -> None:
        self.fd = fd
        self.keep = keep
        self.limit = limit
        self.data = bytearray()
        self.total = 0


class _Watch:
    """What the monitor watches during one run."""

    def __init__(self, captures: list[_Capture], start: float, wall_s: float, cpu_s: float, cpu_before: float) -> None:
        self.captures = captures
        self.open = len(captures)
        self.drained = threading.Event()
        self.wall_deadline = start + wall_s
        self.cpu_s = cpu_s
        self.cpu_before = cpu_before
        self.next_check = start + cpu_s / _CPUS
        self.clocks = True


class _Monitor(threading.Thread):
    """The harness's one helper thread, started once: during each run it drains the program's stdout and
    stderr (keeping capped copies, stopping the run as soon as it writes too much) and watches its clocks.

    RLIMIT_CPU counts one process in whole seconds; the monitor counts every process of the run (everything
    in the namespace but the harness, plus what the harness already reaped) to the clock tick. It samples
    rarely: first when the limit could first be reached, then at intervals that shrink with the time left.
    """

    def __init__(self, harness: Harness) -> None:
        super().__init__(daemon=True)
        self.harness = harness
        self._wake_r, self._wake_w = os.pipe()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._inbox: list[_Watch] = []
        self._watch: _Watch | None = None

    def begin(self, watch: _Watch) -> None:
        """Start watching a run; its capture pipes now belong to the monitor, which closes them."""
        self._inbox.append(watch)
        os.write(self._wake_w, b"!")

    def finish(self, watch: _Watch, timeout: float = 10.0) -> None:
        """Wait until the run's output is drained (call once its processes are all dead)."""
        os.write(self._wake_w, b"!")
        if not watch.drained.wait(timeout):
            raise HarnessFault("the program's output did not end")

    def run(self) -> None:
        while True:
            watch = self._watch
            timeout = None
            if watch is not None and watch.clocks and self.harness.running:
                timeout = max(0.0, min(watch.next_check, watch.wall_deadline) - time.monotonic())
            for key, _ in self._selector.select(timeout):
                if key.fd == self._wake_r:
                    os.read(self._wake_r, 4096)
                    while self._inbox:
                        self._adopt(self._inbox.pop(0))
                else:
                    self._drain(key.data)
            watch = self._watch
            if watch is None:
                continue
            if not self.harness.running:
                if watch.drained.is_set():
                    self._watch = None
            elif watch.clocks:
                self._check_clocks(watch)

    def _adopt(self, watch: _Watch) -> None:
        self._watch = watch
        for capture in watch.captures:
            self._selector.register(capture.fd, selectors.EVENT_READ, (watch, capture))

    def _drain(self, data: tuple[_Watch, _Capture]) -> None:
        watch, capture = data
        chunk = os.read(capture.fd, 1 << 16)
        if not chunk:
            self._selector.unregister(capture.fd)
            os.close(capture.fd)
            watch.open -= 1
            if watch.open == 0:
                watch.drained.set()
            return
        capture.total += len(chunk)
        if len(capture.data) < capture.keep:
            capture.data += chunk[: capture.keep - len(capture.data)]
        if capture.total > capture.limit and watch.clocks:
            watch.clocks = False
            self.harness.stop("output")

    def _check_clocks(self, watch: _Watch) -> None:
        now = time.monotonic()
        if now >= watch.wall_deadline:
            watch.clocks = False
            self.harness.stop("wall")
        elif now >= watch.next_check:
            left = watch.cpu_s - _cpu_used(watch.cpu_before)
            if left <= 0:
                watch.clocks = False
                self.harness.stop("cpu")
            else:
                watch.next_check = now + max(0.01, left / _CPUS)


def _cpu_used(before: float) -> float:
    """CPU seconds used by the run so far: its live processes' and those the harness reaped since ``before``."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    ticks = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and entry != "1":
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat_file:
                    fields = stat_file.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return reaped.ru_utime + reaped.ru_stime - before + ticks / _CLOCK_TICKS


def _kill_all() -> None:
    """SIGKILL every process of the namespace but PID 1 (atomic with respect to fork)."""
    with contextlib.suppress(ProcessLookupError):  # nothing left
        os.kill(-1, signal.SIGKILL)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _which(command: str) -> str:
    for directory in PROGRAM_ENV["PATH"].split(":"):
        path = os.path.join(directory, command)
        if os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(command)


def _vm_hwm_kb(pid: int) -> int | None:
    """The peak resident set of a live (stopped) process, from /proc."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def _empty_dir(path: str) -> None:
    """Remove everything in ``path``, whatever permissions the program set on what it left."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            os.chmod(entry.path, 0o700)
            _empty_dir(entry.path)
            os.rmdir(entry.path)
        else:
            os.unlink(entry.path)


def _remove_sysv_ipc() -> None:
    """Remove the shared memory segments, semaphore sets and message queues left in our IPC namespace."""
    ipc_rmid = 0
    for table, remove in (("shm", _libc.shmctl), ("sem", _libc.semctl), ("msg", _libc.msgctl)):
        try:
            with open(f"/proc/sysvipc/{table}") as listing:
                rows = listing.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            ident = int(row.split()[1])
            if table == "sem":
                remove(ident, 0, ipc_rmid, None)
            else:
                remove(ident, ipc_rmid, None)


def _answer(message: dict[str, Any]) -> None:
    sys.stdout.buffer.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
    sys.stdout.buffer.flush()


def main() -> None:
    """Serve commands until stdin closes."""
    if os.getpid() != 1:
        _answer({"ok": False, "error": f"the harness must be PID 1 of its namespace, not {os.getpid()}"})
        sys.exit(1)
    # Signals reach PID 1 from inside its namespace only when it handles them: handle none.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Not dumpable: a program running under the same uid can neither ptrace us nor open /proc/1/fd or mem.
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    harness = Harness(sys.argv[1])
    _answer({"ok": True, "ready": True})
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "run":
                _answer(harness.run(request))
            elif op == "install":
                _answer(harness.install(request))
            else:
                _answer({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as exc:  # reported to the host, which ends the session
            _answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main()
