"""The harness's line protocol: one JSON command per stdin line, one JSON answer per stdout line.

Started as ``<workdir> <cgroups> [<socket>] [--idle-exit=<seconds>]``: given a unix socket's path, the harness
connects to it first and talks over it instead of its stdin and stdout (the Docker backend's way around the
engine's relay). Given ``--idle-exit``, it ends (and its sandbox with it) once that many seconds have passed without
a command while none is being served: a sandbox started for a later command (``sandbox/handover.py``) never
outlives its wait.

Commands (``b64`` marks base64-encoded bytes):

- ``{"op": "run", "argv": [...], "limits": {...}, "stdin": b64, "files": {name: b64}, "links": {name: name},
  "collect": [names], "excerpts": {name: int}, "with_program": bool, "keep": [names], "stdout_cap": int,
  "stdout_tail": int, "stderr_cap": int, "stdout_if_no_file": bool, "drain_stdout": bool}`` ->
  ``{"ok": true, "status", "exit_code", "signal", "cpu_ms", "wall_ms", "memory_kb", "idle", "stdout": b64,
  "stderr": b64, "files": {name: b64}, "kept": bool}``. ``keep`` names the files that become the stored
  program when the run succeeds (a compilation); ``with_program`` puts the stored program in place first.
  ``limits`` may hold ``idle_ms`` (a compilation's): the run is stopped (TLE) once it has done no work that long,
  and its answer then says ``"idle": true``.
  ``links`` gives a file of ``files`` under other names too, one file held once (the host sends a content once).
  ``stderr`` is its first ``stderr_cap`` bytes, and when there was more, a line saying how many bytes were left
  out and its last 16 KiB (``STDERR_TAIL``): a traceback, or a testlib checker's verdict after its debug output.
  ``stdout`` is all of it, or its first ``stdout_cap`` bytes, and with ``stdout_tail`` its last bytes too as
  stderr's (a checker's score line after a comment that echoes a long output).
  ``drain_stdout``: stdout past the output limit does not stop the run; it is drained and dropped, and the run
  is OLE only if it ended within its time and memory and without a crash (as problemtools judges the output's
  size after the run). ``stdout_if_no_file`` (implies ``drain_stdout``): the output is the first ``collect`` file
  the program leaves and stdout only when it leaves none (a Themis file task): no OLE for stdout when one is left.
- ``{"op": "install", "files": {name: b64}}`` -> ``{"ok": true}``: store files as the program directly.
- ``{"op": "ping"}`` -> ``{"ok": true}``: the harness is alive and listening (a warm sandbox is checked so).

A run is answered as soon as it is measured; the harness then cleans up after it (``Harness.tidy``) before it reads
the next command, so that the cleaning overlaps the host's handling of the answer.

A ``run`` with ``"stream": true`` talks while the program runs: its stdin is a pipe that the host fills with
``{"op": "feed", "data": b64}`` lines and closes with ``{"op": "eof"}``, and its stdout is sent as it comes, as
``{"event": "out", "data": b64}`` lines before the answer, and ``{"event": "closed"}`` if the program closes its
stdout while it runs. The host ends every streaming run's input with exactly
one ``eof`` (after the answer if not before): only then are the next lines commands again. Feeds that come after
the program's end are dropped. ``files`` and ``collect`` may name files in folders ("feedback/judgemessage.txt");
a ``files`` name ending in "/" makes that folder (its data is ignored), a ``collect`` name ending in "/" gives
back every file directly in that folder. A collected file is given back up to the run's ``file_bytes``, or to the
bytes ``excerpts`` names for it (its start only: a validator's message, which may be longer than anyone reads).

Any fault of the harness itself is answered with ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import threading
import time
from typing import Any

from .common import PR_SET_DUMPABLE, b64, libc, unb64
from .runner import Harness
from .seccomp import refuse_forbidden_calls

_output_lock = threading.Lock()


def _answer(message: dict[str, Any]) -> None:
    with _output_lock:
        sys.stdout.buffer.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        sys.stdout.buffer.flush()


def _send_output(chunk: bytes) -> None:
    """Pass a streaming run's stdout on to the host, or (``b""``) that the program closed it while it runs (if the
    host is gone, the run ends on its own limits)."""
    with contextlib.suppress(OSError):
        _answer({"event": "out", "data": b64(chunk)} if chunk else {"event": "closed"})


class _Feeder(threading.Thread):
    """During a streaming run, reads the host's ``feed`` lines into the program's stdin until ``eof``.

    It alone owns the pipe's write end. A program that does not read makes it wait (the host's writes wait, not the
    run) for room in the pipe or for the run's end (``run_over``), never in a write: a read end may outlive every
    process of the run (sent into a unix socket's own queue, until the kernel collects it). Once the program and
    its children are gone, or the pipe breaks, the rest of the input is dropped.
    """

    def __init__(self, write_fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = write_fd
        os.set_blocking(write_fd, False)
        self._over_r, self._over_w = os.pipe()

    def finish(self) -> None:
        """Once the run's processes are all gone: drop what is still fed, and wait for the input's ``eof``."""
        os.write(self._over_w, b"!")
        self.join()
        os.close(self._over_r)
        os.close(self._over_w)

    def run(self) -> None:
        try:
            while line := sys.stdin.buffer.readline():
                request = json.loads(line)
                if request.get("op") == "eof":
                    break
                if request.get("op") == "feed" and self.fd >= 0:
                    self._write(unb64(request["data"]))
        finally:
            self._drop()

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self.fd >= 0:
            try:
                view = view[os.write(self.fd, view) :]
            except BlockingIOError:
                over, _, _ = select.select([self._over_r], [self.fd], [])
                if over:
                    self._drop()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _stream(harness: Harness, request: dict[str, Any]) -> None:
    """A streaming run: answered once the program has ended, then its input is read to its ``eof``."""
    read_fd, write_fd = os.pipe()
    feeder = _Feeder(write_fd)
    feeder.start()
    try:
        answer = harness.run(request, stdin_pipe=read_fd, on_output=_send_output)
    except Exception as exc:  # answered before the input's end, which the host sends only after the answer
        answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    _answer(answer)
    feeder.finish()
    harness.tidy()


def _talk_over(path: str) -> None:
    """Make the unix socket at ``path``, connected, the harness's stdin and stdout."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        for fd in (0, 1):
            os.dup2(connection.fileno(), fd, inheritable=False)


class _IdleExit(threading.Thread):
    """Ends the harness, PID 1 of its sandbox (so the sandbox ends too), once ``seconds`` have passed since the last
    command was served, unless one is being served."""

    def __init__(self, seconds: float) -> None:
        super().__init__(daemon=True)
        self.seconds = seconds
        self._lock = threading.Lock()
        self._serving = False
        self._since = time.monotonic()

    def serving(self, now: bool) -> None:
        """A command is being served (``now``), or has been."""
        with self._lock:
            self._serving = now
            self._since = time.monotonic()

    def run(self) -> None:
        while True:
            with self._lock:
                left = self.seconds - (time.monotonic() - self._since)
                if not self._serving and left <= 0:
                    os._exit(0)
            time.sleep(max(left, 0.05) if not self._serving else self.seconds)


def main() -> None:
    """Serve commands until stdin closes (or, with ``--idle-exit``, until no command has come for that long)."""
    options = [word for word in sys.argv[1:] if word.startswith("--idle-exit=")]
    sys.argv[1:] = [word for word in sys.argv[1:] if word not in options]
    idle = _IdleExit(float(options[-1].split("=", 1)[1])) if options else None
    if len(sys.argv) > 3:
        _talk_over(sys.argv[3])
    if os.getpid() != 1:
        _answer({"ok": False, "error": f"the harness must be PID 1 of its namespace, not {os.getpid()}"})
        sys.exit(1)
    # Signals reach PID 1 from inside its namespace only when it handles them: handle none.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Not dumpable: a program running under the same uid can neither ptrace us nor open /proc/1/fd or mem.
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    refuse_forbidden_calls()  # before any thread or program starts: all inherit it
    harness = Harness(sys.argv[1], sys.argv[2])
    _answer({"ok": True, "ready": True})
    if idle is not None:
        idle.start()
    for line in sys.stdin.buffer:
        if idle is not None:
            idle.serving(True)
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "run" and request.get("stream"):
                _stream(harness, request)
            elif op == "run":
                try:
                    answer = harness.run(request)
                except Exception as exc:
                    answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
                _answer(answer)  # first: the host reads it while the harness cleans up
                harness.tidy()
            elif op == "install":
                _answer(harness.install(request))
            elif op == "ping":
                _answer({"ok": True})
            else:
                _answer({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as exc:  # reported to the host, which ends the session
            _answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        if idle is not None:
            idle.serving(False)


if __name__ == "__main__":
    main()
