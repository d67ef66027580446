"""A ``Session`` that drives the harness (the ``sandbox.harness`` package) over a channel; both backends use it."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .channel import Channel
from .compiler_messages import COMPILER_OUTPUT_CAP, compiler_messages
from .languages import Language, fill
from .limits import COMPILE_LIMITS, Limits
from .result import RunResult, RunStatus
from .session import CompileResult, Execution, Program, SandboxError, Session

SESSION_HEADROOM = 256 * 1024**2
"""What a sandbox holds besides a run: the harness, and what it keeps of the run's output."""
STDERR_CAP = 64 * 1024
COMPILER_IDLE_MS = 5000
"""A compiler that does no work for this long is stopped (``monitor.Watch.idle_s``): it waits for something that
never comes, such as ``#include "/proc/self/fd/1"`` (the pipe between gcc's ``-pipe`` stages, which gcc and
g++ as problemtools and DOMjudge run them wait on until the time limit)."""
READY_TIMEOUT_S = 30.0
TRANSFER_MARGIN_S = 60.0
"""Beyond a run's wall-clock cap, the time a harness may take to set up, clean up and send its answer."""
STREAM_KEEP = 64 * 1024
"""How much of a streaming run's stdout its result keeps (all of it went by as it came)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _once(files: Mapping[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The files of a run with each content sent once: the files to send, and the names that are another name of
    one of them (the harness links them: a Themis input under six spellings is one file, as on Windows, where they
    are one name). Folders (names ending in "/") and empty files are sent as they are."""
    sent: dict[str, bytes] = {}
    links: dict[str, str] = {}
    for name, data in files.items():
        same = None
        if data and not name.endswith("/"):
            same = next((kept for kept, held in sent.items() if not kept.endswith("/") and held == data), None)
        if same is None:
            sent[name] = data
        else:
            links[name] = same
    return sent, links


class HarnessSession(Session):
    """A session whose runs are commands to one long-lived harness.

    A fault of the harness or of the channel (``SandboxError``) breaks the session: later calls raise at once.
    ``on_close`` destroys the sandbox that holds the harness; it is called exactly once (by ``close``, or by whom
    ``destroy_with`` names). ``fit``, when given, makes the sandbox hold that many bytes (``SessionCgroup.fit``):
    before a run whose memory limit, with the files it is given and ``SESSION_HEADROOM``, is more than the
    sandbox's cap, so that the run's own limit, not the sandbox's, is what it meets.
    """

    def __init__(
        self, channel: Channel, on_close: Callable[[], None], fit: Callable[[int], None] | None = None
    ) -> None:
        self._channel = channel
        self._fit = fit
        self._fitted = 0
        self._on_close: Callable[[], None] | None = on_close
        self._destroyer: Callable[[Callable[[], None]], None] | None = None
        self.used = False
        """Whether anything but a ping was ever sent: a used session is never handed out by a pool."""
        self._broken: str | None = None
        self._language: Language | None = None
        self._names: dict[str, str] = {}

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Wait for the harness's greeting; raises ``SandboxError`` if it does not come."""
        self._receive(timeout)

    def alive(self, timeout: float) -> bool:
        """Whether the harness answers a ping within ``timeout`` seconds (a dead sandbox breaks the session)."""
        try:
            self._send({"op": "ping"})
            while self._receive(timeout).get("ready"):
                pass  # a greeting, for a reader that came after it was sent (a handed-over sandbox): not the answer
        except SandboxError:
            return False
        return True

    def destroy_with(self, destroyer: Callable[[Callable[[], None]], None]) -> None:
        """From now on ``close`` makes the session unusable at once and gives the destruction of its sandbox to
        ``destroyer`` (a warm pool destroys used sandboxes in the background)."""
        self._destroyer = destroyer

    def compile(
        self, language: Language, source: bytes, limits: Limits = COMPILE_LIMITS, *, give_program: bool = False
    ) -> CompileResult:
        """Compile ``source``; the compiler's messages (stdout then stderr) are kept, truncated to 64 KiB (then
        ``MESSAGES_CUT`` follows them). A compiler stopped by a limit or a signal gets a last line that says so
        (``compiler_messages``): its own messages, when it had time to print any, never do."""
        names = language.names(source)
        files = {names["source"]: source}
        if language.compile is None:
            installed = Program(language, files, names)
            self.install(installed)
            return CompileResult(
                True, "", RunResult(RunStatus.OK, 0, None, 0, 0, 0), installed if give_program else None
            )
        answer = self._run_request(
            fill(language.compile, names),
            limits,
            b"",
            files,
            language.program if give_program else (),
            with_program=False,
            keep=language.program,
            stdout_cap=COMPILER_OUTPUT_CAP,
            idle_ms=COMPILER_IDLE_MS,
        )
        result = _run_result(answer)
        ok = result.ok and bool(answer.get("kept"))
        program = None
        if ok:
            self._language, self._names = language, names
            if give_program:
                got = {name: base64.b64decode(data) for name, data in answer.get("files", {}).items()}
                if set(got) != set(language.program):
                    raise SandboxError(f"the compiled program came back incomplete: {sorted(got)}")
                program = Program(language, got, names)
        return CompileResult(ok, compiler_messages(result, limits, bool(answer.get("idle"))), result, program)

    def install(self, program: Program) -> None:
        self._request({"op": "install", "files": {k: _b64(v) for k, v in program.files.items()}}, 0)
        self._language, self._names = program.language, dict(program.names)

    def run(
        self,
        limits: Limits,
        *,
        stdin: bytes = b"",
        files: Mapping[str, bytes] | None = None,
        args: Sequence[str] = (),
        collect: Sequence[str] = (),
        excerpts: Mapping[str, int] | None = None,
        stdout_kept: int | None = None,
        stdout_tail: int = 0,
        stdout_if_no_file: bool = False,
        drain_stdout: bool = False,
    ) -> Execution:
        if self._language is None:
            raise SandboxError("run before a successful compile")
        answer = self._run_request(
            self._program_argv(limits, args),
            limits,
            stdin,
            files or {},
            collect,
            excerpts=excerpts,
            with_program=True,
            keep=(),
            stdout_cap=stdout_kept,
            stdout_tail=stdout_tail,
            stdout_if_no_file=stdout_if_no_file,
            drain_stdout=drain_stdout,
        )
        got = {name: base64.b64decode(data) for name, data in answer.get("files", {}).items()}
        return Execution(_run_result(answer), got)

    def _program_argv(self, limits: Limits, args: Sequence[str]) -> list[str]:
        """The command that runs the installed program with ``args``."""
        assert self._language is not None
        execute = fill(self._language.execute, {**self._names, "memory_mib": max(1, limits.memory_kb // 1024)})
        return [*execute, *args]

    def stream(
        self,
        limits: Limits,
        *,
        files: Mapping[str, bytes] | None = None,
        args: Sequence[str] = (),
        collect: Sequence[str] = (),
        excerpts: Mapping[str, int] | None = None,
    ) -> RunStream:
        """Start a run of the program whose stdin and stdout flow while it runs (see ``RunStream``). The session
        serves nothing else until the stream has given its result and its input is closed."""
        if self._language is None:
            raise SandboxError("run before a successful compile")
        self._run_request(
            self._program_argv(limits, args),
            limits,
            b"",
            files or {},
            collect,
            excerpts=excerpts,
            with_program=True,
            keep=(),
            stdout_cap=STREAM_KEEP,
            stream=True,
        )
        return RunStream(self, limits.effective_wall_ms / 1000 + TRANSFER_MARGIN_S)

    def close(self) -> None:
        on_close, self._on_close = self._on_close, None
        self._broken = self._broken or "the session is closed"
        if on_close is not None:
            if self._destroyer is not None:
                self._destroyer(on_close)
            else:
                on_close()

    # -- protocol -----------------------------------------------------------------------------------------------

    def _run_request(
        self,
        argv: Sequence[str],
        limits: Limits,
        stdin: bytes,
        files: Mapping[str, bytes],
        collect: Sequence[str],
        *,
        excerpts: Mapping[str, int] | None = None,
        with_program: bool,
        keep: Sequence[str],
        stdout_cap: int | None,
        stdout_tail: int = 0,
        stream: bool = False,
        stdout_if_no_file: bool = False,
        drain_stdout: bool = False,
        idle_ms: int | None = None,
    ) -> dict[str, Any]:
        """Send a ``run`` command and return its answer; a streaming run's answer comes later (``RunStream``).
        ``idle_ms``: the run is stopped (TLE) once it has done no work for that long (a compilation's)."""
        sent, links = _once(files)
        needed = limits.memory_kb * 1024 + len(stdin) + sum(map(len, sent.values())) + SESSION_HEADROOM
        if self._fit is not None and needed > self._fitted:
            self._fit(needed)  # SandboxError when the host cannot: the session itself is not broken
            self._fitted = needed
        request = {
            "op": "run",
            "argv": list(argv),
            "limits": {
                "cpu_ms": limits.cpu_ms,
                "wall_ms": limits.effective_wall_ms,
                "memory_kb": limits.memory_kb,
                "output_bytes": limits.output_bytes,
                "file_bytes": limits.file_bytes,
                "processes": limits.processes,
                "idle_ms": idle_ms,
            },
            "stdin": _b64(stdin),
            "files": {name: _b64(data) for name, data in sent.items()},
            "links": links,
            "collect": list(collect),
            "excerpts": dict(excerpts or {}),
            "with_program": with_program,
            "keep": list(keep),
            "stdout_cap": stdout_cap,
            "stdout_tail": stdout_tail,
            "stderr_cap": STDERR_CAP,
            "stdout_if_no_file": stdout_if_no_file,
            "drain_stdout": drain_stdout,
        }
        if stream:
            request["stream"] = True
            self._send(request)
            return {}
        return self._request(request, limits.effective_wall_ms / 1000)

    def _request(self, request: dict[str, Any], run_seconds: float) -> dict[str, Any]:
        self._send(request)
        return self._receive(run_seconds + TRANSFER_MARGIN_S)

    def _send(self, request: dict[str, Any]) -> None:
        if self._broken:
            raise SandboxError(f"session unusable: {self._broken}")
        if request["op"] != "ping":
            self.used = True
        try:
            self._channel.send(json.dumps(request, separators=(",", ":")).encode() + b"\n")
        except SandboxError as exc:
            self._broken = str(exc)
            raise

    def _receive(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._channel.read_line(timeout)
            try:
                answer: dict[str, Any] = json.loads(line)
            except ValueError:
                raise SandboxError(f"the harness said something unexpected: {line[:200]!r}") from None
            if not answer.get("ok"):
                raise SandboxError(f"harness: {answer.get('error', 'unknown error')}")
        except SandboxError as exc:
            self._broken = str(exc)
            raise
        return answer


def _run_result(answer: dict[str, Any]) -> RunResult:
    return RunResult(
        status=RunStatus(answer["status"]),
        exit_code=answer["exit_code"],
        signal=answer["signal"],
        cpu_ms=answer["cpu_ms"],
        wall_ms=answer["wall_ms"],
        memory_kb=answer["memory_kb"],
        stdout=base64.b64decode(answer["stdout"]),
        stderr=base64.b64decode(answer["stderr"]),
    )


class RunStream:
    """A streaming run in progress: ``feed`` its stdin, take its stdout as it comes from ``next``, which gives
    the run's ``Execution`` last.

    One thread may feed while another reads. ``close_input`` ends the program's stdin; it must be called once the
    stream is done with, even after the result came (the harness reads the stream's input to its end before it
    takes commands again). A fault, or no result within ``timeout`` seconds, raises ``SandboxError`` and breaks
    the session.
    """

    def __init__(self, session: HarnessSession, timeout: float) -> None:
        self._session = session
        self._deadline = time.monotonic() + timeout
        self._send_lock = threading.Lock()
        self._input_closed = False
        self.ended = False
        """Whether ``next`` has given the result (what is fed afterwards is dropped)."""

    def feed(self, data: bytes) -> None:
        """Write ``data`` to the program's stdin (it waits while the program does not read)."""
        with self._send_lock:
            if not self._input_closed:
                self._session._send({"op": "feed", "data": _b64(data)})

    def abandon(self, why: str) -> None:
        """Give the stream up: the session is broken (its harness is still in the run)."""
        self._session._broken = self._session._broken or why

    def close_input(self) -> None:
        """End the program's stdin (once; later calls do nothing)."""
        with self._send_lock:
            if not self._input_closed:
                self._input_closed = True
                self._session._send({"op": "eof"})

    def next(self) -> bytes | Execution:
        """The next chunk of the program's stdout, ``b""`` once the program closed its stdout while it runs (as a
        pipe's reader sees the end of the input), or the run's result once it has ended."""
        if self.ended:
            raise SandboxError("the stream has ended")
        session = self._session
        try:
            line = session._channel.read_line(max(0.0, self._deadline - time.monotonic()))
            try:
                message: dict[str, Any] = json.loads(line)
            except ValueError:
                raise SandboxError(f"the harness said something unexpected: {line[:200]!r}") from None
            if message.get("event") == "out":
                return base64.b64decode(message["data"])
            if message.get("event") == "closed":
                return b""
            if not message.get("ok"):
                raise SandboxError(f"harness: {message.get('error', 'unknown error')}")
        except SandboxError as exc:
            session._broken = session._broken or str(exc)
            raise
        self.ended = True
        got = {name: base64.b64decode(data) for name, data in message.get("files", {}).items()}
        return Execution(_run_result(message), got)
