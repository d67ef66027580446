"""Running one command: the working directory is filled, the program forked with its limits and measured, its
verdict decided from how it ended, and everything it left behind killed and removed."""

from __future__ import annotations

import math
import os
import resource
import signal
import stat
import threading
import time
from typing import Any

from .common import (
    PROGRAM_ENV,
    HarnessFault,
    b64,
    empty_dir,
    find_program,
    kill_all,
    remove_sysv_ipc,
    unb64,
    write_all,
)
from .memwatch import PTRACE_CONT, TRACEABLE, WALL, ptrace, supervise, trace_me
from .monitor import Capture, Monitor, Watch


class Harness:
    """Runs programs in ``workdir`` one after another and keeps the compiled program between runs."""

    def __init__(self, workdir: str) -> None:
        self.workdir = workdir
        self.program: dict[str, tuple[bytes, int]] = {}  # name -> (content, mode)
        self._lock = threading.Lock()
        self._running = False
        self._stopped_for: str | None = None
        self.monitor = Monitor(self)
        self.monitor.start()

    @property
    def running(self) -> bool:
        """Whether a program is running now (stop requests are honoured only then)."""
        return self._running

    # -- commands -------------------------------------------------------------------------------------------

    def install(self, request: dict[str, Any]) -> dict[str, Any]:
        self.program = {name: (unb64(data), 0o755) for name, data in request["files"].items()}
        return {"ok": True}

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        limits: dict[str, Any] = request["limits"]
        try:
            self._prepare(request)
            answer = self._execute(
                request["argv"],
                limits,
                unb64(request.get("stdin", "")),
                bool(request.get("trace", True)),
                request.get("stdout_cap"),
                int(request.get("stderr_cap", 65536)),
            )
            answer["files"] = {}
            for name in request.get("collect", []):
                data = self._read_file(name, limits["file_bytes"])
                if data is not None:
                    answer["files"][name] = b64(data)
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
            self._write(name, unb64(data), 0o644)

    def _execute(
        self,
        argv: list[str],
        limits: dict[str, Any],
        stdin: bytes,
        trace: bool,
        stdout_cap: int | None,
        stderr_cap: int,
    ) -> dict[str, Any]:
        trace = trace and TRACEABLE
        stdin_fd = os.memfd_create("stdin")
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        exec_r, exec_w = os.pipe()
        child_fds = [stdin_fd, out_w, err_w]
        unwatched = [out_r, err_r]  # closed by the monitor once it watches them
        try:
            write_all(stdin_fd, stdin)
            os.lseek(stdin_fd, 0, os.SEEK_SET)
            output = limits["output_bytes"]
            stdout = Capture(out_r, min(output, stdout_cap or output), output)
            stderr = Capture(err_r, stderr_cap, output)
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
            watch = Watch([stdout, stderr], start, limits["wall_ms"] / 1000, limits["cpu_ms"] / 1000, cpu_before)
            self.monitor.begin(watch)
            unwatched = []
            try:
                main_status, main_rusage, peak_kb, mem_hit, wall = supervise(pid, trace, start)
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
            "stdout": b64(bytes(stdout.data)),
            "stderr": b64(bytes(stderr.data)),
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
                trace_me()
            path = argv[0] if "/" in argv[0] else find_program(argv[0])
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
                kill_all()

    def _kill_leftovers(self) -> None:
        """Kill and reap every process but the harness, then remove System V IPC objects and message queues."""
        kill_all()
        while True:
            try:
                child, status = os.waitpid(-1, WALL)
            except ChildProcessError:
                break
            if os.WIFSTOPPED(status):
                ptrace(PTRACE_CONT, child, 0, 0)
        remove_sysv_ipc()
        empty_dir("/dev/mqueue")

    # -- the working directory ---------------------------------------------------------------------------------

    def _path(self, name: str) -> str:
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise HarnessFault(f"bad file name {name!r}")
        return os.path.join(self.workdir, name)

    def _write(self, name: str, data: bytes, mode: int) -> None:
        fd = os.open(self._path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            write_all(fd, data)
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
        empty_dir(self.workdir)
