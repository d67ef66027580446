"""A ``Session`` that drives the harness (the ``sandbox.harness`` package) over a channel; both backends use it."""

from __future__ import annotations

import ast
import base64
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .channel import Channel
from .languages import Language
from .limits import COMPILE_LIMITS, Limits
from .result import RunResult, RunStatus
from .session import CompileResult, Execution, SandboxError, Session

HARNESS_DIR = Path(__file__).parent / "harness"
HARNESS_MODULES = ("common", "memwatch", "monitor", "runner", "protocol")
"""The harness's modules in dependency order: each imports only the standard library and those before it."""


def harness_source(directory: Path = HARNESS_DIR, modules: Sequence[str] = HARNESS_MODULES) -> str:
    """The harness as one program: ``modules`` joined in order under a single ``from __future__ import
    annotations``, with their top-level ``from __future__`` and relative (intra-harness) imports removed, so
    every name they imported from one another is a global defined earlier in the text."""
    parts = ["from __future__ import annotations\n"]
    for module in modules:
        text = (directory / f"{module}.py").read_text()
        lines = text.splitlines(keepends=True)
        for node in reversed(ast.parse(text).body):
            if isinstance(node, ast.ImportFrom) and (node.level > 0 or node.module == "__future__"):
                del lines[node.lineno - 1 : node.end_lineno]
        parts.append("".join(lines))
    return "\n\n".join(parts)


HARNESS_SOURCE = harness_source()
"""Passed to ``python3 -c`` inside the sandbox: the harness is never installed in the image."""

COMPILER_OUTPUT_CAP = 64 * 1024
STDERR_CAP = 64 * 1024
READY_TIMEOUT_S = 30.0
TRANSFER_MARGIN_S = 60.0
"""Beyond a run's wall-clock cap, the time a harness may take to set up, clean up and send its answer."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class HarnessSession(Session):
    """A session whose runs are commands to one long-lived harness.

    A fault of the harness or of the channel (``SandboxError``) breaks the session: later calls raise at once.
    ``on_close`` destroys the sandbox that holds the harness; it is called exactly once.
    """

    def __init__(self, channel: Channel, on_close: Callable[[], None]) -> None:
        self._channel = channel
        self._on_close: Callable[[], None] | None = on_close
        self._broken: str | None = None
        self._language: Language | None = None

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Wait for the harness's greeting; raises ``SandboxError`` if it does not come."""
        self._receive(timeout)

    def compile(self, language: Language, source: bytes, limits: Limits = COMPILE_LIMITS) -> CompileResult:
        """Compile ``source``; the compiler's messages (stdout then stderr) are kept, truncated to 64 KiB."""
        files = {language.source_name: source}
        if language.compile is None:
            self._request({"op": "install", "files": {k: _b64(v) for k, v in files.items()}}, 0)
            self._language = language
            return CompileResult(True, "", RunResult(RunStatus.OK, 0, None, 0, 0, 0))
        answer = self._run_request(
            language.compile,
            limits,
            b"",
            files,
            (),
            with_program=False,
            keep=language.program,
            trace=False,
            stdout_cap=COMPILER_OUTPUT_CAP,
        )
        result = _run_result(answer)
        ok = result.ok and bool(answer.get("kept"))
        if ok:
            self._language = language
        messages = (result.stdout + result.stderr)[:COMPILER_OUTPUT_CAP].decode("utf-8", errors="replace")
        return CompileResult(ok, messages, result)

    def run(
        self,
        limits: Limits,
        *,
        stdin: bytes = b"",
        files: Mapping[str, bytes] | None = None,
        args: Sequence[str] = (),
        collect: Sequence[str] = (),
    ) -> Execution:
        if self._language is None:
            raise SandboxError("run before a successful compile")
        answer = self._run_request(
            (*self._language.execute, *args),
            limits,
            stdin,
            files or {},
            collect,
            with_program=True,
            keep=(),
            trace=True,
            stdout_cap=None,
        )
        got = {name: base64.b64decode(data) for name, data in answer.get("files", {}).items()}
        return Execution(_run_result(answer), got)

    def close(self) -> None:
        on_close, self._on_close = self._on_close, None
        self._broken = self._broken or "the session is closed"
        if on_close is not None:
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
        with_program: bool,
        keep: Sequence[str],
        trace: bool,
        stdout_cap: int | None,
    ) -> dict[str, Any]:
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
            },
            "stdin": _b64(stdin),
            "files": {name: _b64(data) for name, data in files.items()},
            "collect": list(collect),
            "with_program": with_program,
            "keep": list(keep),
            "trace": trace,
            "stdout_cap": stdout_cap,
            "stderr_cap": STDERR_CAP,
        }
        return self._request(request, limits.effective_wall_ms / 1000)

    def _request(self, request: dict[str, Any], run_seconds: float) -> dict[str, Any]:
        if self._broken:
            raise SandboxError(f"session unusable: {self._broken}")
        try:
            self._channel.send(json.dumps(request, separators=(",", ":")).encode() + b"\n")
        except SandboxError as exc:
            self._broken = str(exc)
            raise
        return self._receive(run_seconds + TRANSFER_MARGIN_S)

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
