"""Running one command: the working directory is filled, the program started with its limits (``launch``) and
measured, its verdict decided from how it ended, and everything it left behind killed and removed."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from .box import Box
from .cgroup import RunCgroup
from .common import (
    HarnessFault,
    b64,
    empty_dir,
    find_program,
    kill_all,
    remove_sysv_ipc,
    unb64,
    write_all,
)
from .launch import Launcher
from .monitor import Capture, Monitor, Watch
from .seccomp import reach_no_other

WALL = 0x40000000  # __WALL: wait for every kind of child, threads included
STDERR_TAIL = 16 * 1024
"""How much of the end of a run's stderr is kept besides its first ``stderr_cap`` bytes."""
STDERR_LOOKED_AT = 64 * 1024 * 1024
"""How much of a run's stderr the harness reads (for its kept end); the rest is dropped unread, as DOMjudge's
runguard drops a stream past its size, and changes no verdict. A compiler's or checker's last words come well
before."""


def _current_cpu() -> int:
    """The CPU this process runs on now (field 39 of /proc/self/stat)."""
    with open("/proc/self/stat", "rb") as stat_file:
        return int(stat_file.read().rsplit(b")", 1)[1].split()[36])


class Harness:
    """Runs programs in ``workdir`` one after another and keeps the compiled program between runs."""

    def __init__(self, workdir: str, cgroups: str) -> None:
        """``cgroups`` is ``v2`` or ``v1``: how the host delegated the run cgroups (``sandbox/cgroups.py``).

        What every run shares is set once here and inherited by each forked program, so that the child does
        little between ``fork`` and ``exec``: the working directory, the rlimits that do not depend on the run's
        limits (``Launcher``), and the core: the harness's main thread (which forks every program) is pinned to one, as
        contest judges pin, so that times do not depend on it."""
        self.cgroups = cgroups
        self.box = Box(workdir)
        os.chdir(workdir)
        os.sched_setaffinity(0, {_current_cpu()})  # this thread only: its children inherit it
        self._launcher = Launcher()  # its thread that sets spawned programs' limits starts before ``reach_no_other``
        self._serial = 0
        self._cgroup: RunCgroup | None = None
        self._next_cgroup: RunCgroup | None = None
        self._untidy: str | None = None
        self.program: dict[str, tuple[bytes, int]] = {}  # name -> (content, mode)
        self._lock = threading.Lock()
        self._running = False
        self._stopped_for: str | None = None
        self.monitor = Monitor(self)
        self.monitor.start()
        reach_no_other()  # this thread starts every program: neither it nor they reach another process

    @property
    def running(self) -> bool:
        """Whether a program is running now (stop requests are honoured only then)."""
        return self._running

    # -- commands -------------------------------------------------------------------------------------------

    def install(self, request: dict[str, Any]) -> dict[str, Any]:
        self.program = {name: (unb64(data), 0o755) for name, data in request["files"].items()}
        return {"ok": True}

    def run(
        self,
        request: dict[str, Any],
        stdin_pipe: int | None = None,
        on_output: Callable[[bytes], None] | None = None,
    ) -> dict[str, Any]:
        """Run one command. A streaming run (``protocol``) gives ``stdin_pipe``, the read end of a pipe that
        becomes the program's stdin (this call closes it), and ``on_output``, which gets the program's stdout
        as it comes."""
        limits: dict[str, Any] = request["limits"]
        try:
            self._prepare(request)
        except BaseException:
            if stdin_pipe is not None:
                os.close(stdin_pipe)
            raise
        answer = self._execute(
            request["argv"],
            limits,
            unb64(request.get("stdin", "")),
            request.get("stdout_cap"),
            int(request.get("stdout_tail", 0)),
            int(request.get("stderr_cap", 65536)),
            stdin_pipe,
            on_output,
            judged_files=request.get("collect", []) if request.get("stdout_if_no_file") else None,
            drain_stdout=bool(request.get("drain_stdout") or request.get("stdout_if_no_file")),
        )
        answer["files"] = {}
        excerpts = request.get("excerpts") or {}
        for name in self._collected(request.get("collect", [])):
            data = self.box.read_file(name, int(excerpts.get(name, limits["file_bytes"])))
            if data is not None:
                answer["files"][name] = b64(data)
        answer["kept"] = False
        keep = request.get("keep", [])
        if keep and answer["status"] == "OK":
            kept = {name: self.box.stat_file(name) for name in keep}
            if all(kept.values()):
                self.program = {name: v for name, v in kept.items() if v is not None}
                answer["kept"] = True
        return answer

    def tidy(self) -> None:
        """Clean up after a run, once its answer is on its way (the protocol calls it after every run, before
        it reads the next command): System V IPC objects and message queues removed, the working directory
        emptied, the run's cgroup removed and the next run's made. Nobody waits for its answer: a fault here
        is kept and fails the next run."""
        try:
            remove_sysv_ipc()
            empty_dir("/dev/mqueue")
            self._wipe()
            if self._next_cgroup is None:
                self._serial += 1
                self._next_cgroup = RunCgroup(self.cgroups, self._serial)
        except Exception as exc:
            self._untidy = f"{type(exc).__name__}: {exc}"

    def _left_any(self, names: list[str]) -> bool:
        """Whether the program left one of the files ``names`` (as ``collect`` names them)."""
        return any(self.box.read_file(name, 0) is not None for name in self._collected(names))

    def _collected(self, names: list[str]) -> list[str]:
        """The files a run gives back: each name, where a name ending in "/" stands for its folder's files."""
        found: list[str] = []
        for name in names:
            found.extend(self.box.folder_files(name) if name.endswith("/") else [name])
        return found

    # -- one run ----------------------------------------------------------------------------------------------

    def _prepare(self, request: dict[str, Any]) -> None:
        if self._untidy is not None:
            raise HarnessFault(f"the previous run was not cleaned up: {self._untidy}")
        self._wipe()
        if request.get("with_program"):
            if not self.program:
                raise HarnessFault("no program installed")
            for name, (data, mode) in self.program.items():
                self.box.write(name, data, mode)
        given = {**request.get("files", {}), **request.get("links", {})}
        if request.get("with_program") and set(given) & set(self.program):
            raise HarnessFault(f"files {sorted(set(given) & set(self.program))} would replace the program")
        for name, data in request.get("files", {}).items():
            self.box.write(name, unb64(data), 0o644)
        for name, target in request.get("links", {}).items():
            self.box.link(target, name)

    def _execute(
        self,
        argv: list[str],
        limits: dict[str, Any],
        stdin: bytes,
        stdout_cap: int | None,
        stdout_tail: int,
        stderr_cap: int,
        stdin_pipe: int | None = None,
        on_output: Callable[[bytes], None] | None = None,
        *,
        judged_files: list[str] | None = None,
        drain_stdout: bool = False,
    ) -> dict[str, Any]:
        """Run ``argv`` once and measure it. ``judged_files``: the files judged instead of stdout when the program
        leaves one (stdout past the output limit is then no OLE); None when stdout is the output. ``drain_stdout``:
        stdout past the output limit does not stop the run (it is drained and dropped; a streaming run's never)."""
        stdin_fd = os.memfd_create("stdin") if stdin_pipe is None else stdin_pipe
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        # a pipe's write end reopened through /proc/self/fd/1 (``#include "/proc/self/fd/1"``, ``{$I /dev/stderr}``)
        # would give the program or its compiler a read end of its own output, where a read waits for a write that
        # only it could make, until the wall-clock cap (90 s for a compiler): the pipes' own permission bits let
        # anyone reopen them for writing only, so such a read is refused at once, as it fails on a terminal
        for end in (out_w, err_w):
            os.fchmod(end, 0o222)
        exec_r, exec_w = os.pipe()
        child_fds = [stdin_fd, out_w, err_w]
        unwatched = [out_r, err_r]  # closed by the monitor once it watches them
        try:
            if stdin_pipe is None:
                write_all(stdin_fd, stdin)
                os.lseek(stdin_fd, 0, os.SEEK_SET)
            output = limits["output_bytes"]
            drop = drain_stdout and on_output is None
            stdout = Capture(out_r, min(output, stdout_cap or output), output, on_output, drop=drop, tail=stdout_tail)
            # not output: kept in part (its start and its end, where a traceback or testlib's verdict is), never judged;
            # past ``STDERR_LOOKED_AT`` the kernel drops the rest (a flood costs the harness nothing), the run goes on
            stderr = Capture(err_r, stderr_cap, STDERR_LOOKED_AT, tail=STDERR_TAIL, drop=True)
            cgroup = self._cgroup = self._take_cgroup()
            cgroup.limit(limits["memory_kb"] * 1024, limits["processes"])
            path = argv[0] if "/" in argv[0] else find_program(argv[0])
            self._start_run()
            start = time.monotonic()
            if cgroup.spawns:
                try:
                    pid = self._launcher.spawn(path, argv, limits, child_fds, cgroup)
                except BaseException:
                    self._end_run()
                    raise
            else:
                pid = os.fork()
                if pid == 0:  # the child: never returns
                    self._launcher.child(path, argv, limits, child_fds, exec_w, cgroup)
            for fd in (*child_fds, exec_w):
                os.close(fd)
            child_fds, exec_w = [], -1
            idle_s = limits["idle_ms"] / 1000 if limits.get("idle_ms") else None
            watch = Watch(
                [stdout, stderr], start, limits["wall_ms"] / 1000, limits["cpu_ms"] / 1000, pid, cgroup, idle_s
            )
            self.monitor.begin(watch)
            unwatched = []
            try:
                main_status = _wait_for(pid)
                wall = time.monotonic() - start
            finally:
                stopped_for = self._end_run()
            self._kill_leftovers()
            self.box.take_back()
            self.monitor.finish(watch)
            exec_error = os.read(exec_r, 4096)
            if exec_error:
                raise HarnessFault(f"cannot execute {argv[0]}: {exec_error.decode(errors='replace')}")
        finally:
            for fd in (*child_fds, *unwatched, exec_r, exec_w):
                if fd >= 0:
                    os.close(fd)
        if stopped_for == "starved":
            raise HarnessFault(f"the machine is too busy: the program waited for the CPU for most of {wall:.1f} s")
        cpu_ms = round(cgroup.cpu_seconds() * 1000)
        peak_kb = cgroup.peak_bytes() // 1024
        exit_code = os.WEXITSTATUS(main_status) if os.WIFEXITED(main_status) else None
        sig = os.WTERMSIG(main_status) if os.WIFSIGNALED(main_status) else None
        failed = sig is not None or exit_code != 0
        out_of_memory = cgroup.oom_killed() or (failed and peak_kb >= limits["memory_kb"] - 64)
        # only output over the limit is OLE: a SIGXFSZ the program raised itself, with no file past the limit,
        # is a run-time error, as problemtools and DOMjudge judge any death by a signal
        oversize = self.box.oversize_file(limits["file_bytes"])
        # stdout past the limit that did not stop the run (drained, or the program ended first) is judged after it,
        # as problemtools judges the output's size: a time, memory or crash verdict comes first; no OLE when a file
        # is judged instead (a Themis file task: Themis ignores the console)
        over_output = stdout.total > output and not (judged_files is not None and self._left_any(judged_files))
        if stopped_for == "output" or (sig == signal.SIGXFSZ and oversize):
            status = "OLE"
        elif stopped_for in ("wall", "cpu", "idle") or cpu_ms > limits["cpu_ms"] or sig == signal.SIGXCPU:
            status = "TLE"
        elif out_of_memory:
            status = "MLE"
        elif oversize:
            status = "OLE"
        elif failed:
            status = "RE"
        elif over_output:
            status = "OLE"
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
            "idle": stopped_for == "idle",
            # past the limit the output is judged by its size alone: a glimpse is enough for the judge's log
            "stdout": b64(bytes(stdout.data[: 64 * 1024]) if status == "OLE" else stdout.kept()),
            "stderr": b64(stderr.kept()),
        }

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
        """Kill and reap every process but the harness (what they leave, ``tidy`` removes)."""
        kill_all()
        while True:
            try:
                os.waitpid(-1, WALL)
            except ChildProcessError:
                break

    def _take_cgroup(self) -> RunCgroup:
        """The cgroup made ahead for this run (``tidy``), or a new one when there is none."""
        cgroup, self._next_cgroup = self._next_cgroup, None
        if cgroup is None:
            self._serial += 1
            cgroup = RunCgroup(self.cgroups, self._serial)
        return cgroup

    # -- the working directory ---------------------------------------------------------------------------------

    def _wipe(self) -> None:
        """Empty the working directory, then remove the last run's cgroup (its files were charged to it)."""
        self.box.empty()
        if self._cgroup is not None:
            self._cgroup.remove()
            self._cgroup = None


def _wait_for(pid: int) -> int:
    """Wait for the program's main process, reaping whatever else ends meanwhile (orphans come to PID 1);
    returns its wait status."""
    while True:
        try:
            child, status = os.waitpid(-1, WALL)
        except ChildProcessError:
            raise HarnessFault("the program vanished") from None
        if child == pid and not os.WIFSTOPPED(status) and not os.WIFCONTINUED(status):
            return status
